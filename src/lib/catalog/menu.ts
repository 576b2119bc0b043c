// Stage 2 as a run sees it: the prompt a generator runs, from --prompt, the generator itself, or a menu.
import { UsageError, UserError } from '../errors.js';
import type { CatalogEntry, Project } from '../types.js';
import { entriesOf, findEntry, loadCatalog } from './index.js';
import { SECTIONS, type Scope } from './sections.js';

export interface MenuChoice {
  type?: 'separator';
  separator?: string;
  name?: string;
  value?: string;
}

/** The menu, as Yeoman's prompt asks it. */
export interface MenuQuestion {
  type: 'select';
  name: 'id';
  message: string;
  choices: MenuChoice[];
}

/** The prompts a generator offers: one, one section, or the whole catalog. */
export function offeredBy(scope: Scope): CatalogEntry[] {
  if (scope.prompt) return [findEntry(scope.prompt)];
  return scope.section ? entriesOf(scope.section) : loadCatalog();
}

/** `--prompt`, else the generator's own prompt, else the only one it offers, else a menu (in a terminal). */
export async function chooseEntry(
  scope: Scope,
  { prompt, interactive }: { prompt?: string; interactive: boolean },
  ask: (question: MenuQuestion) => Promise<{ id: string }>,
): Promise<CatalogEntry> {
  const wanted = prompt ?? scope.prompt;
  if (wanted) {
    const entry = findEntry(wanted);
    if (scope.section && entry.section !== scope.section) {
      throw new UsageError(
        `${wanted} is not a ${scope.section} prompt.`,
        `Run it with the ${entry.section} generator.`,
      );
    }
    return entry;
  }
  const offered = offeredBy(scope);
  if (offered.length === 1) return offered[0]!;
  if (!interactive) {
    throw new UsageError(
      'Which prompt? There is no terminal to ask.',
      `Pass --prompt with one of: ${offered.map((e) => e.id).join(', ')}.`,
    );
  }
  const choices = SECTIONS.filter((s) => !scope.section || s.name === scope.section).flatMap((s) => [
    ...(scope.section ? [] : [{ type: 'separator' as const, separator: `── ${s.label}` }]),
    ...entriesOf(s.name).map((e) => ({ name: `${e.title}: ${e.summary}`, value: e.id })),
  ]);
  return findEntry((await ask({ type: 'select', name: 'id', message: 'Which prompt?', choices })).id);
}

/** Code prompts write into a Django project; only guides make sense without one. */
export function requireProjectFor(entry: CatalogEntry, project: Project | null, cwd: string): CatalogEntry {
  if (entry.kind === 'code' && !project) {
    throw new UserError(
      `No Django project found from ${cwd} (no manage.py here, above, or in src/).`,
      'Run this inside your Django project, or choose a guide prompt such as debug/not-running.',
    );
  }
  return entry;
}
