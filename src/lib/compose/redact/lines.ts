// Files with no syntax tree of ours (Dockerfile, shell, INI, TOML, requirements, JSON, and text such as the
// user's answers): secret-named assignments, line by line. Each pattern is anchored at a line start or a
// name's first letter, so a scan stays linear.
import { isSecretName } from './names.js';
import { stringBody, valueSpans } from './values.js';
import type { Span } from './vault.js';

const KIND = 'secret setting';

export function lineSpans(text: string): Span[] {
  return [...assignmentSpans(text), ...quotedSpans(text), ...dockerfileSpans(text)];
}

/** `KEY=value`, `KEY: value`, `export KEY=value`, `set KEY=value`, `- KEY=value`, `- "KEY=value"`, `key = value`. */
const LINE_ASSIGNMENT =
  /^[ \t]*(?:-[ \t]*)?(?:(?:export|set|ENV|ARG)[ \t]+)?(?<open>["']?)(?<name>[A-Za-z_][\w.-]*)(?<close>["']?)[ \t]*(?:=|:(?=[ \t]))[ \t]*(?<value>.*)$/dgm;

function assignmentSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(LINE_ASSIGNMENT)) {
    const { open, close, name } = m.groups!;
    if (!isSecretName(name!)) continue;
    spans.push(...lineValue(text, m.indices!.groups!.value!, open && !close ? open : ''));
  }
  return spans;
}

/** An unquoted value runs to a ` #` comment; a quoted one to its closing quote. `closing` is the quote
 *  opened before the name (`- "KEY=value"`), which closes after the value. */
function lineValue(text: string, [start, end]: [number, number], closing: string): Span[] {
  const raw = text.slice(start, end);
  if (/^["']/.test(raw)) {
    const body = stringBody(text, start);
    return body ? valueSpans(text, body.start, body.end, KIND) : [];
  }
  if (raw.startsWith('*')) return anchoredValue(text, raw.slice(1).trim());
  if (/^[|>&[{!]/.test(raw)) return []; // YAML block scalars, anchors, flow collections
  let value = raw.replace(/[ \t]+#.*$/, '').trimEnd();
  if (closing && value.endsWith(closing)) value = value.slice(0, -1);
  return valueSpans(text, start, start + value.length, KIND);
}

/** YAML read line by line (it did not parse): `PASSWORD: *pw` hides the value anchored as `&pw value`. */
function anchoredValue(text: string, alias: string): Span[] {
  if (!/^[\w.-]+$/.test(alias)) return [];
  const anchor = new RegExp(`&${alias.replace(/[.-]/g, '\\$&')}[ \t]+(?<value>[^\n]*)`, 'd').exec(text);
  if (!anchor || /^[|>]/.test(anchor.groups!.value!)) return [];
  return lineValue(text, anchor.indices!.groups!.value!, '');
}

/** `"password": "..."`, `password="..."`, `db = { password = "..." }` wherever they stand on a line. */
const QUOTED_ASSIGNMENT = /(?<![\w-])(["']?)([A-Za-z_][\w-]{0,100})\1[ \t]*[:=][ \t]*(?=["'])/g;

function quotedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(QUOTED_ASSIGNMENT)) {
    if (!isSecretName(m[2]!)) continue;
    const body = stringBody(text, m.index + m[0].length);
    if (body) spans.push(...valueSpans(text, body.start, body.end, KIND));
  }
  return spans;
}

/** Dockerfile `ENV A=1 B="two"` (several on one line) and the old `ENV KEY value`; the same for `ARG`. */
const DOCKER_ENV = /^[ \t]*(?:ENV|ARG)[ \t]+(?<rest>.*)$/dgm;
const PAIR = /(?<![\w])(?<name>[A-Za-z_]\w*)=(?<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"']*)/dg;

function dockerfileSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(DOCKER_ENV)) {
    const [restStart] = m.indices!.groups!.rest!;
    const rest = m.groups!.rest!;
    const legacy = /^(?<name>[A-Za-z_]\w*)[ \t]+(?<value>[^=\s].*)$/d.exec(rest);
    if (legacy) {
      if (!isSecretName(legacy.groups!.name!)) continue;
      const [start, end] = legacy.indices!.groups!.value!;
      spans.push(...lineValue(text, [restStart + start, restStart + end], ''));
      continue;
    }
    for (const pair of rest.matchAll(PAIR)) {
      if (!isSecretName(pair.groups!.name!)) continue;
      const [start, end] = pair.indices!.groups!.value!;
      spans.push(...lineValue(text, [restStart + start, restStart + end], ''));
    }
  }
  return spans;
}
