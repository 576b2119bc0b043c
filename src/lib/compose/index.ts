// Stage 4: turn a catalog entry, its answers and the project into the request the model sees.
// Everything taken from the project or the user (files, pasted code, answers, the project summary) is read
// first and redacted together, with the run's own vault, before any of it can be sent.
import { fillTemplate, systemPrompt } from '../catalog/index.js';
import { templateFacts } from '../project/index.js';
import { toMessages } from './messages.js';
import { fitBudget, formatContext, learnEnvSecrets, readContext, readDocument } from './context.js';
import { ANSWERS, createVault, hiddenCounts, redactAll, type Redactable } from './redact/index.js';
import type {
  Answers,
  CatalogEntry,
  Finding,
  HiddenCount,
  LlmRequest,
  Project,
  Question,
  SecretMap,
} from '../types.js';

export interface ComposedRequest {
  request: LlmRequest;
  /** The run's vault: each placeholder's value and the files it may be written back into. Never sent. */
  secrets: SecretMap;
  /** How many values were hidden, by kind and file (never the values): for the dry run. */
  hidden: HiddenCount[];
  /** The answers as a run record keeps them: whatever the request hid is a placeholder there too. */
  answers: Answers;
}

export interface ComposeOptions {
  /** Reuse a run's marker (to recover its vault for `--apply`); a new random one otherwise. */
  marker?: string;
}

export async function composeRequest(
  entry: CatalogEntry,
  answers: Answers,
  project: Project | null,
  options: ComposeOptions = {},
): Promise<ComposedRequest> {
  const secrets = createVault(options.marker);
  // .env values first: an answer, a pasted file or a context file may repeat one.
  if (project) learnEnvSecrets(project.root, secrets);
  const root = project?.root ?? process.cwd();
  const pasted = entry.questions.map((q) =>
    isPathAnswer(q, answers) ? readDocument(root, `${answers[q.name]}`) : null,
  );
  const documents = project ? readContext(entry.context, project, answers) : [];
  const items: Redactable[] = [
    ...entry.questions.map((q, i): Redactable => {
      const doc = pasted[i];
      return doc
        ? { text: doc.content, source: { file: doc.path } }
        : { text: displayValue(answers[q.name]), source: ANSWERS };
    }),
    { text: project ? projectSummary(project) : NO_PROJECT, source: { label: 'the project summary' } },
    ...documents.map((doc): Redactable => ({ text: doc.content, source: { file: doc.path } })),
  ];
  const texts = await redactAll(items, secrets);

  const values: Record<string, string> = {};
  const recorded: Answers = { ...answers };
  entry.questions.forEach((q, i) => {
    const doc = pasted[i];
    values[q.name] = doc ? formatContext([{ ...doc, content: texts[i]! }]) : texts[i]!;
    if (!doc && texts[i] !== items[i]!.text) recorded[q.name] = texts[i]!;
  });
  const sections = [
    fillTemplate(entry.body, values, templateFacts(project)).trim(),
    texts[entry.questions.length]!,
  ];
  const sent = fitBudget(
    documents.map((doc, i) => ({ ...doc, content: texts[entry.questions.length + 1 + i]! })),
  );
  if (sent.length > 0) sections.push(`## Files of the project\n\n${formatContext(sent)}`);
  const system = `${systemPrompt().trim()}\n\n${answerFormat(entry)}`;
  return {
    request: { system, user: sections.join('\n\n') },
    secrets,
    hidden: hiddenCounts(secrets),
    answers: recorded,
  };
}

/**
 * The vault of a recorded run, for `--apply`: a run record keeps no secret value, only the request as sent
 * (with placeholders). Composing again from the project's current files with the record's marker gives the
 * same placeholders for the same values; it is trusted only if it gives the very request the record holds.
 * Otherwise the project changed, and no value is restored (the placeholders stay, each with a warning).
 */
export async function recoverSecrets(
  recorded: LlmRequest | undefined,
  entry: CatalogEntry,
  answers: Answers,
  project: Project | null,
): Promise<{ secrets: SecretMap; warnings: string[] }> {
  const markers = [
    ...new Set([...(recorded?.user ?? '').matchAll(/__SECRET_([0-9a-f]{4})_\d+__/g)].map((m) => m[1]!)),
  ];
  for (const marker of markers) {
    const composed = await composeRequest(entry, answers, project, { marker });
    if (composed.request.user === recorded!.user) return { secrets: composed.secrets, warnings: [] };
  }
  if (markers.length === 0) return { secrets: createVault(), warnings: [] };
  return {
    secrets: createVault(markers[0]),
    warnings: [
      'The project changed since this answer was made, so its placeholders could not be matched to your secrets: they are written as they are.',
    ],
  };
}

/**
 * A repair round: the same system prompt, the findings of the check, and the files as they are on disk now,
 * redacted with the run's vault: a value restored in the round before is hidden again, whatever its length,
 * under the same placeholder. The model answers with the corrected files whole.
 */
export async function composeRepair(
  original: LlmRequest,
  files: { path: string; content: string }[],
  findings: Finding[],
  secrets: SecretMap,
): Promise<LlmRequest> {
  const list = findings.map((f) => `- ${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`).join('\n');
  const [redactedList, ...texts] = await redactAll(
    [
      { text: list, source: { label: 'the findings of the check' } },
      ...files.map((file): Redactable => ({ text: file.content, source: { file: file.path } })),
    ],
    secrets,
    { rehide: true },
  );
  const documents = files.map((file, i) => ({ path: file.path, content: texts[i]! }));
  const user = [
    'You wrote the files below into the project. A check of them found these problems:',
    redactedList!,
    'Fix every problem without changing what the code does. Answer with each file you change, whole, with ' +
      'action `replace`. Leave out files that need no change.',
    `## The files as they are now\n\n${formatContext(documents)}`,
  ].join('\n\n');
  return { ...original, user };
}

/** What --dry-run prints: the messages as text, or with --json one object for scripts. */
export function formatDryRun(
  entry: CatalogEntry,
  request: LlmRequest,
  project: Project | null,
  json: boolean,
  hidden: HiddenCount[] = [],
): string {
  const messages = toMessages(request);
  if (!json) return messages.map((m) => `===== ${m.role} =====\n${m.content.trimEnd()}\n\n`).join('');
  const { id, title, section, kind } = entry;
  const summary = project && {
    root: project.root,
    settingsModule: project.settingsModule,
    settingsFile: project.settingsFile,
    package: project.package,
    celeryApp: project.celeryApp,
    apps: project.apps,
    appLabels: project.appLabels,
    djangoVersion: project.djangoVersion,
    celeryVersion: project.celeryVersion,
    broker: project.broker,
    brokerUrl: project.brokerUrl,
  };
  const output = { prompt: { id, title, section, kind }, messages, project: summary, hidden };
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** The dry run's line on stderr: how many values were hidden, by file and kind; never a value. */
export function formatHidden(hidden: HiddenCount[]): string {
  const total = hidden.reduce((sum, h) => sum + h.count, 0);
  if (total === 0) return 'Hidden from the model: nothing (no secret found in what is sent).';
  const byFile = new Map<string, string[]>();
  for (const { file, kind, count } of hidden)
    byFile.set(file, [...(byFile.get(file) ?? []), `${count} ${kind}`]);
  const parts = [...byFile].map(([file, kinds]) => `${file} (${kinds.join(', ')})`);
  return `Hidden from the model: ${total} value${total === 1 ? '' : 's'}, in ${parts.join('; ')}.`;
}

function displayValue(value: Answers[string] | undefined): string {
  if (value === undefined || value === '') return '(none)';
  return Array.isArray(value) ? value.join(', ') || '(none)' : String(value);
}

/** A `path` answer: the file is read (inside the project, text only, redacted) like every context file. */
function isPathAnswer(question: Question, answers: Answers): boolean {
  const value = answers[question.name];
  return question.type === 'path' && typeof value === 'string' && value !== '';
}

const NO_PROJECT =
  '## The project\n\nNo Django project was found: give general guidance for a Django project.';

function projectSummary(project: Project): string {
  const lines = [
    '## The Django project',
    '',
    '- Paths are relative to the project root: the folder holding manage.py.',
  ];
  if (project.settingsModule) {
    const shared = project.settingsFile ? ` (shared settings go in \`${project.settingsFile}\`)` : '';
    lines.push(`- Settings module: \`${project.settingsModule}\`${shared}`);
  }
  if (project.package) lines.push(`- Project package: \`${project.package}\``);
  lines.push(
    `- Local apps: ${project.apps.length > 0 ? project.apps.map((a) => `\`${a}\``).join(', ') : 'none yet'}`,
  );
  const versions = [
    project.djangoVersion && `Django ${project.djangoVersion}`,
    project.celeryVersion && `Celery ${project.celeryVersion}`,
  ].filter(Boolean);
  if (versions.length > 0) {
    const source = project.requirementsFile ? ` (from \`${project.requirementsFile}\`)` : '';
    lines.push(`- Versions: ${versions.join(', ')}${source}`);
  }
  if (project.broker) lines.push(`- Broker: ${project.broker}`);
  lines.push(
    project.celeryApp
      ? `- Existing Celery app: \`${project.celeryApp}\` (use it; do not create a second one)`
      : '- No Celery app module exists yet.',
  );
  return lines.join('\n');
}

function answerFormat(entry: CatalogEntry): string {
  const slug = entry.id.split('/')[1];
  const lines = [
    '## How to answer',
    '',
    'Answer with one JSON object and nothing else: `{"files": [{"path", "action", "content"}], "notes"}`.',
    '- `path`: relative to the Django project root (the folder holding manage.py), with forward slashes, e.g. `orders/tasks.py`.',
    '- `action`: `create` for a new file; `replace` to rewrite an existing file whole (return the complete file and keep everything in it that you were not asked to change); `append` to add lines at the end of an existing file, such as settings (only the new lines).',
    '- `content`: the complete text. Never elide code with "..." or "rest unchanged".',
    '- Values like `__SECRET_7f3a_1__` stand for secrets hidden from you: keep each exactly where it is, in the file it came from (it is filled in there, and only there); never invent a secret, read new ones from the environment.',
    '- `notes`: Markdown for the developer: packages to install, migrations to run, commands to start workers.',
  ];
  if (entry.kind === 'guide') {
    lines.push(
      `- This is a guide: write it as one Markdown file \`docs/celery/${slug}.md\` (action \`create\`), using the project's real module names, and sum it up in a few lines in \`notes\`.`,
    );
  }
  return lines.join('\n');
}
