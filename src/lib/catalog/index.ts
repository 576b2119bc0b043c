// Stage 2: the prompt catalog. Each prompts/<section>/<slug>.md is strict data (YAML frontmatter + template
// body); a broken file is a programming error, reported with every problem of every file at once.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { parseEntry } from './parse-entry.js';
import type { CatalogEntry } from '../types.js';
import { SECTIONS } from './sections.js';

export { SECTIONS, type Section } from './sections.js';

export { fillTemplate, placeholdersOf } from './template.js';

/** Both src/lib/catalog (tests) and dist/lib/catalog (built) sit three levels below the package root. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

const catalogs = new Map<string, CatalogEntry[]>();

/**
 * The build writes the validated catalog here (dist/catalog.json), with a fingerprint of the prompt files:
 * parsing 29 YAML headers on every start costs ~150 ms, checking the fingerprint ~1 ms.
 */
export const PREBUILT_CATALOG = fileURLToPath(new URL('../../catalog.json', import.meta.url));

export interface PrebuiltCatalog {
  fingerprint: string;
  entries: CatalogEntry[];
}

/** A hash of every catalog file's path and text: a prebuilt catalog is used only while it matches. */
export function catalogFingerprint(dir: string = PROMPTS_DIR): string {
  const hash = createHash('sha256');
  for (const section of readdirSync(dir).sort()) {
    if (!statSync(join(dir, section)).isDirectory()) continue;
    for (const file of readdirSync(join(dir, section)).sort()) {
      hash
        .update(`${section}/${file}\0`)
        .update(readFileSync(join(dir, section, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

function prebuilt(dir: string): CatalogEntry[] | null {
  if (dir !== PROMPTS_DIR || !existsSync(PREBUILT_CATALOG)) return null;
  const built = JSON.parse(readFileSync(PREBUILT_CATALOG, 'utf8')) as PrebuiltCatalog;
  return built.fingerprint === catalogFingerprint(dir) ? built.entries : null;
}

/** Every prompts/<section>/<slug>.md, validated, sections in library order, entries by slug; cached per folder. */
export function loadCatalog(dir: string = PROMPTS_DIR): CatalogEntry[] {
  const cached = catalogs.get(dir) ?? prebuilt(dir);
  if (cached) return (catalogs.set(dir, cached), cached);
  if (!existsSync(dir)) throw new Error(`The prompt catalog folder ${dir} does not exist.`);
  const sectionNames = SECTIONS.map((section) => section.name);
  const entries: CatalogEntry[] = [];
  const problems: string[] = [];
  for (const section of readdirSync(dir).sort()) {
    if (!statSync(join(dir, section)).isDirectory()) continue;
    if (!sectionNames.includes(section))
      problems.push(`${section}/: not a section (${sectionNames.join(', ')})`);
    else {
      for (const file of readdirSync(join(dir, section)).sort()) {
        if (!file.endsWith('.md')) continue;
        const result = parseEntry(
          section,
          file.slice(0, -'.md'.length),
          readFileSync(join(dir, section, file), 'utf8'),
        );
        if ('entry' in result) entries.push(result.entry);
        else
          problems.push(
            `${section}/${file}:\n${result.problems.map((problem) => `  - ${problem}`).join('\n')}`,
          );
      }
    }
  }
  const ids = entries.map((entry) => entry.id);
  if (new Set(ids).size !== ids.length) problems.push(`duplicate ids in ${ids.join(', ')}`);
  if (problems.length > 0) throw new Error(`Invalid prompt catalog in ${dir}:\n${problems.join('\n')}`);
  const bySection = (entry: CatalogEntry) => sectionNames.indexOf(entry.section);
  entries.sort((a, b) => bySection(a) - bySection(b) || a.id.localeCompare(b.id));
  catalogs.set(dir, entries);
  return entries;
}

/** The entry with this id; an unknown id is the user's mistake, answered with the ids they may have meant. */
export function findEntry(id: string): CatalogEntry {
  const catalog = loadCatalog();
  const entry = catalog.find((candidate) => candidate.id === id);
  if (entry) return entry;
  // Close: the same section or the same slug (`tsak/basic-retry`, `task/retry`, `task`, `basic-retry`).
  const [wantedSection, wantedSlug = wantedSection] = id.toLowerCase().split('/');
  const close = catalog
    .filter((candidate) => candidate.section === wantedSection || candidate.id.endsWith(`/${wantedSlug}`))
    .map((candidate) => candidate.id);
  const hint =
    close.length > 0
      ? `Did you mean ${close.join(', ')}? Run "celery-django list" to see every prompt.`
      : `Valid prompt ids: ${catalog.map((candidate) => candidate.id).join(', ')}.`;
  throw new UsageError(`Unknown prompt "${id}".`, hint);
}

/** The entries of one section, by slug. */
export function entriesOf(section: string): CatalogEntry[] {
  if (!SECTIONS.some((known) => known.name === section)) {
    const names = SECTIONS.map((known) => known.name).join(', ');
    throw new UsageError(`Unknown prompt section "${section}".`, `Choose one of: ${names}.`);
  }
  return loadCatalog().filter((entry) => entry.section === section);
}

let system: string | undefined;

/** The system prompt every request shares (prompts/system.md). */
export function systemPrompt(): string {
  system ??= readFileSync(join(PROMPTS_DIR, 'system.md'), 'utf8').replace(/\r\n/g, '\n').trim();
  return system;
}
