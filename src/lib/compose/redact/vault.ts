// The run's vault: which placeholder stands for which value, and which files each value was found in.
// A placeholder is `__SECRET_<marker>_<n>__` with a marker drawn at random per run, so text already in
// the project cannot pass for one, and a number the model makes up matches nothing it was sent.
import crypto from 'node:crypto';
import type { HiddenCount, SecretMap } from '../../types.js';

/** A value found in a text: its exact source range (quotes and escapes left outside), and what it is. */
export interface Span {
  start: number;
  end: number;
  kind: string;
}

/** Where a text comes from: a project file (values go back only into it), or something else, named for
 *  messages, such as `your answers`. */
export type Source = { file: string } | { label: string };

export const sourceName = (source: Source): string => ('file' in source ? source.file : source.label);

export function createVault(marker: string = crypto.randomBytes(2).toString('hex')): SecretMap {
  return {
    marker,
    placeholders: new Map(),
    byValue: new Map(),
    spread: new Map(),
    reserved: new Set(),
    counts: new Map(),
  };
}

/** Every placeholder of this run in a text (global: use with matchAll/replace). */
export const placeholderPattern = (secrets: SecretMap): RegExp =>
  new RegExp(`__SECRET_${secrets.marker}_(\\d+)__`, 'g');

/** Any run's placeholders, whatever the marker: such text holds nothing secret. */
export const ANY_PLACEHOLDER = /__SECRET_[0-9a-f]{4}_\d+__/;

/** Placeholder-shaped text already in the project keeps its number out of use. */
export function reserveLiterals(text: string, secrets: SecretMap): void {
  for (const m of text.matchAll(placeholderPattern(secrets))) secrets.reserved.add(Number(m[1]));
}

/** The same value always gets the same placeholder; the source is added to where it was found. */
export function placeholderFor(value: string, kind: string, source: Source, secrets: SecretMap): string {
  let placeholder = secrets.byValue.get(value);
  if (!placeholder) {
    let n = secrets.placeholders.size + 1;
    while (secrets.reserved.has(n) || secrets.placeholders.has(`__SECRET_${secrets.marker}_${n}__`)) n++;
    placeholder = `__SECRET_${secrets.marker}_${n}__`;
    secrets.placeholders.set(placeholder, { value, kind, files: new Set(), sources: new Set() });
    secrets.byValue.set(value, placeholder);
  }
  const hidden = secrets.placeholders.get(placeholder)!;
  if ('file' in source) hidden.files.add(source.file);
  hidden.sources.add(sourceName(source));
  return placeholder;
}

/** Replaces each span by its placeholder (the first, then the longest, of overlapping spans wins) and
 *  counts what was hidden where. */
export function replaceSpans(text: string, spans: Span[], source: Source, secrets: SecretMap): string {
  let out = '';
  let at = 0;
  for (const span of withoutOverlaps(spans)) {
    const value = text.slice(span.start, span.end);
    out += text.slice(at, span.start) + placeholderFor(value, span.kind, source, secrets);
    at = span.end;
    count(secrets, sourceName(source), secrets.placeholders.get(secrets.byValue.get(value)!)!.kind);
  }
  return out + text.slice(at);
}

export function hiddenCounts(secrets: SecretMap): HiddenCount[] {
  return [...secrets.counts.values()].map((c) => ({ ...c }));
}

function count(secrets: SecretMap, file: string, kind: string): void {
  const key = `${file}\0${kind}`;
  const entry = secrets.counts.get(key) ?? { file, kind, count: 0 };
  entry.count++;
  secrets.counts.set(key, entry);
}

export function withoutOverlaps(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of sorted) {
    const last = kept.at(-1);
    if (span.end > span.start && (!last || span.start >= last.end)) kept.push(span);
  }
  return kept;
}
