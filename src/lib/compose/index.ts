// Stage 4: turn a catalog entry, its answers and the project into the request the model sees.
// Everything taken from the project (files, pasted code, answers) is redacted here, before it can be sent.
import { fillTemplate, systemPrompt } from '../catalog/index.js';
import { templateFacts } from '../project/index.js';
import { formatContext, gatherContext, learnEnvSecrets, readDocument } from './context.js';
import { toMessages } from './messages.js';
import { redactText } from './redact.js';
import type { Answers, CatalogEntry, Finding, LlmRequest, Project, SecretMap } from '../types.js';

export interface ComposedRequest {
  request: LlmRequest;
  /** Placeholder -> real value for every secret left out of the request. Never sent. */
  secrets: SecretMap;
}

export function composeRequest(
  entry: CatalogEntry,
  answers: Answers,
  project: Project | null,
): ComposedRequest {
  const secrets: SecretMap = new Map();
  // .env values first: an answer or a pasted file may repeat one.
  if (project) learnEnvSecrets(project.root, secrets);
  const values: Record<string, string> = {};
  for (const question of entry.questions) {
    const value = answers[question.name];
    values[question.name] =
      question.type === 'path' && typeof value === 'string' && value !== ''
        ? pastedFile(value, project, secrets)
        : redactText(displayValue(value), 'answers', secrets);
  }
  const sections = [fillTemplate(entry.body, values, templateFacts(project)).trim()];
  if (project) {
    sections.push(projectSummary(project));
    const documents = gatherContext(entry.context, project, answers, secrets);
    if (documents.length > 0) sections.push(`## Files of the project\n\n${formatContext(documents)}`);
  } else {
    sections.push(
      '## The project\n\nNo Django project was found: give general guidance for a Django project.',
    );
  }
  const system = `${systemPrompt().trim()}\n\n${answerFormat(entry)}`;
  return { request: { system, user: sections.join('\n\n') }, secrets };
}

/**
 * A repair round: the same system prompt, the findings of the check, and the files as they are on disk now
 * (redacted with the run's secrets, so placeholders match). The model answers with the corrected files whole.
 */
export function composeRepair(
  original: LlmRequest,
  files: { path: string; content: string }[],
  findings: Finding[],
  secrets: SecretMap,
): LlmRequest {
  const list = findings.map((f) => `- ${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`).join('\n');
  const documents = files.map((file) => ({
    path: file.path,
    content: redactText(file.content, file.path, secrets),
  }));
  const user = [
    'You wrote the files below into the project. A check of them found these problems:',
    list,
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
  return `${JSON.stringify({ prompt: { id, title, section, kind }, messages, project: summary }, null, 2)}\n`;
}

function displayValue(value: Answers[string] | undefined): string {
  if (value === undefined || value === '') return '(none)';
  return Array.isArray(value) ? value.join(', ') || '(none)' : String(value);
}

/** A `path` answer: the file read (inside the project, text only, redacted) like every context file. */
function pastedFile(file: string, project: Project | null, secrets: SecretMap): string {
  return formatContext([readDocument(project?.root ?? process.cwd(), file, secrets)]);
}

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
    '- Values like `__REDACTED_SECRET_1__` stand for secrets hidden from you: keep them exactly where they are; never invent a secret, read new ones from the environment.',
    '- `notes`: Markdown for the developer: packages to install, migrations to run, commands to start workers.',
  ];
  if (entry.kind === 'guide') {
    lines.push(
      `- This is a guide: write it as one Markdown file \`docs/celery/${slug}.md\` (action \`create\`), using the project's real module names, and sum it up in a few lines in \`notes\`.`,
    );
  }
  return lines.join('\n');
}
