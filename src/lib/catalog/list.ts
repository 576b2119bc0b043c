// `celery-django list`: the catalog with each prompt's questions, for people and for scripts and editors.
// Run inside a Django project, it also shows the default each question takes from that project.
import { detectedDefault } from '../answers/user-answers.js';
import { flagName } from '../run-options.js';
import { detectProject } from '../project/index.js';
import { entriesOf, loadCatalog, SECTIONS } from './index.js';
import type { CatalogEntry, Project } from '../types.js';

export function catalogAsJson(project: Project | null = detectProject(process.cwd())) {
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
      /** What the project in the current folder offers as the default (null outside a project or when unknown). */
      detectedDefault: detectedDefault(q, project) ?? null,
      choices: q.choices ?? null,
      /** The regular expression a text answer must match, so scripts can check answers before a run. */
      pattern: q.pattern ?? null,
      optional: Boolean(q.optional),
    })),
  }));
}

export function formatCatalog(project: Project | null = detectProject(process.cwd())): string {
  return SECTIONS.map(
    ({ name, label }) =>
      `${label} (yo celery-django:${name})\n${entriesOf(name)
        .map((entry) => formatEntry(entry, project))
        .join('')}`,
  ).join('\n');
}

const DEFAULT_SOURCES: Record<string, string> = {
  app: 'first local app',
  taskApp: 'first local app holding tasks.py',
  brokerUrl: 'broker URL',
};

function formatEntry(entry: CatalogEntry, project: Project | null): string {
  const questions = entry.questions.map((q) => {
    const detected = detectedDefault(q, project);
    const extras = [
      q.type,
      q.choices && `one of ${q.choices.join('|')}`,
      q.default !== undefined && `default ${JSON.stringify(q.default)}`,
      q.defaultFrom && `default from the project's ${DEFAULT_SOURCES[q.defaultFrom] ?? q.defaultFrom}`,
      detected !== undefined && `here ${JSON.stringify(detected)}`,
      q.optional && 'optional',
    ].filter(Boolean);
    return `      --${flagName(q.name)}  ${q.message} (${extras.join(', ')})\n`;
  });
  return `  ${entry.id.padEnd(30)} ${entry.kind.padEnd(5)} ${entry.title}\n${questions.join('')}`;
}
