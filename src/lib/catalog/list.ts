// `celery-django list`: the catalog with each prompt's questions, for people and for scripts and editors.
import { flagName } from '../run-options.js';
import { entriesOf, loadCatalog, SECTIONS } from './index.js';
import type { CatalogEntry } from '../types.js';

export function catalogAsJson() {
  return loadCatalog().map(({ id, title, section, kind, summary, questions }) => ({
    id,
    title,
    section,
    kind,
    summary,
    questions: questions.map((q) => ({
      name: q.name,
      flag: `--${flagName(q.name)}`,
      type: q.type,
      message: q.message,
      default: q.default ?? null,
      defaultFrom: q.defaultFrom ?? null,
      choices: q.choices ?? null,
      optional: Boolean(q.optional),
    })),
  }));
}

export function formatCatalog(): string {
  return SECTIONS.map(
    ({ name, label }) => `${label} (yo celery-django:${name})\n${entriesOf(name).map(formatEntry).join('')}`,
  ).join('\n');
}

function formatEntry(entry: CatalogEntry): string {
  const questions = entry.questions.map((q) => {
    const extras = [
      q.type,
      q.choices && `one of ${q.choices.join('|')}`,
      q.default !== undefined && `default ${JSON.stringify(q.default)}`,
      q.defaultFrom && `default from the project's ${q.defaultFrom}`,
      q.optional && 'optional',
    ].filter(Boolean);
    return `      --${flagName(q.name)}  ${q.message} (${extras.join(', ')})\n`;
  });
  return `  ${entry.id.padEnd(30)} ${entry.kind.padEnd(5)} ${entry.title}\n${questions.join('')}`;
}
