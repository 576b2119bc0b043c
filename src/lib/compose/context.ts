// Stage 4: the project files a catalog entry wants the model to see, so it edits what is there
// instead of guessing. Every text is redacted before it is sent; .env files are never sent, but
// their values are learned first so they are hidden wherever else they appear.
import fs from 'node:fs';
import path from 'node:path';
import { isEnvFile, learnEnvFile, redactAll } from './redact/index.js';
import { decodeText, isInside } from '../text-files.js';
import { taskApp } from '../project/index.js';
import type { Answers, ContextFile, Project, SecretMap } from '../types.js';

export interface ContextDocument {
  /** Relative POSIX path from the project root. */
  path: string;
  /** The text (redacted once gathered), a summary of it, or '' when the file is not sent. */
  content: string;
  /** Why the content is not the whole file: missing, summarized, binary, over budget. */
  note?: string;
}

export interface ContextBudget {
  /** Files larger than this are summarized. */
  maxFileBytes: number;
  /** All documents together stay under this. */
  maxTotalBytes: number;
}

export const DEFAULT_BUDGET: ContextBudget = { maxFileBytes: 24 * 1024, maxTotalBytes: 96 * 1024 };

export const MISSING_NOTE = 'does not exist yet';
export const EMPTY_NOTE = 'exists, empty';

/** The wanted files, redacted (with the .env values learned first) and fitted to the budget. */
export async function gatherContext(
  wanted: ContextFile[],
  project: Project,
  answers: Answers,
  secrets: SecretMap,
  budget: ContextBudget = DEFAULT_BUDGET,
): Promise<ContextDocument[]> {
  learnEnvSecrets(project.root, secrets);
  const documents = readContext(wanted, project, answers);
  const texts = await redactAll(
    documents.map((doc) => ({ text: doc.content, source: { file: doc.path } })),
    secrets,
  );
  return fitBudget(
    documents.map((doc, i) => ({ ...doc, content: texts[i]! })),
    budget,
  );
}

/** The wanted files as they are on disk (not yet redacted), missing ones included with a note. */
export function readContext(wanted: ContextFile[], project: Project, answers: Answers): ContextDocument[] {
  const paths = [...new Set(wanted.flatMap((kind) => candidatePaths(kind, project, answers)))];
  return paths.map((file) => readDocument(project.root, file));
}

/** Large files summarized, and what no longer fits left out, in order. */
export function fitBudget(
  docs: ContextDocument[],
  budget: ContextBudget = DEFAULT_BUDGET,
): ContextDocument[] {
  let total = 0;
  return docs.map((original) => {
    let doc = original;
    const room = Math.min(budget.maxFileBytes, budget.maxTotalBytes - total);
    if (Buffer.byteLength(doc.content) > room) doc = { path: doc.path, ...summarize(doc.content, room) };
    if (Buffer.byteLength(doc.content) > room) {
      doc = { path: doc.path, content: '', note: 'left out: the other files used up the size budget' };
    }
    total += Buffer.byteLength(doc.content);
    return doc;
  });
}

/** Markdown for the prompt: a heading per file, then its text in a fence no line inside can close. */
export function formatContext(docs: ContextDocument[]): string {
  return docs
    .map((doc) => {
      const heading = `### ${doc.path}${doc.note ? ` (${doc.note})` : ''}`;
      if (doc.content === '') return heading;
      const longestRun = Math.max(0, ...[...doc.content.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(Math.max(3, longestRun + 1));
      const body = doc.content.endsWith('\n') ? doc.content : `${doc.content}\n`;
      return `${heading}\n\n${fence}${languageOf(doc.path)}\n${body}${fence}`;
    })
    .join('\n\n');
}

// ---- which files ------------------------------------------------------------------------------

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** Relative POSIX paths for one kind of context file; missing files are listed too. */
function candidatePaths(kind: ContextFile, project: Project, answers: Answers): string[] {
  const { root } = project;
  switch (kind) {
    case 'settings':
      return project.settingsFile ? [project.settingsFile] : [];
    case 'packageInit':
      return project.package && DOTTED.test(project.package)
        ? [`${folderOf(project.package)}/__init__.py`]
        : [];
    case 'celeryApp':
      if (project.celeryApp && DOTTED.test(project.celeryApp)) return [moduleFile(root, project.celeryApp)];
      // Where the app conventionally goes, so the model sees that it must create it.
      return project.package && DOTTED.test(project.package)
        ? [`${folderOf(project.package)}/celery.py`]
        : [];
    case 'appTasks':
    case 'appModels':
    case 'appViews': {
      const app = targetApp(project, answers);
      const file = { appTasks: 'tasks.py', appModels: 'models.py', appViews: 'views.py' }[kind];
      return app ? [`${folderOf(app)}/${file}`] : [];
    }
    case 'requirements':
      return [project.requirementsFile ?? 'requirements.txt'];
    case 'compose': {
      // The file Compose itself would read first, then any override or environment variants.
      const present = fs
        .readdirSync(root)
        .filter((name) => /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/.test(name));
      const main = COMPOSE_FILES.find((name) => present.includes(name)) ?? 'docker-compose.yml';
      return [main, ...present.filter((name) => name !== main && !COMPOSE_FILES.includes(name)).sort()];
    }
    case 'dockerfile':
      return ['Dockerfile'];
  }
}

/** The app the answers name (`appName` or `app`), else the first local app holding tasks. A bare label such as
 *  `orders` is matched to a listed dotted app such as `shop.orders`. */
function targetApp(project: Project, answers: Answers): string | null {
  const named = [answers.appName, answers.app].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const app = named?.trim() ?? taskApp(project);
  if (!app || !DOTTED.test(app)) return null;
  return project.apps.find((listed) => listed === app || listed.endsWith(`.${app}`)) ?? app;
}

const folderOf = (dotted: string): string => dotted.split('.').join('/');

/** `config.celery_app` is `config/celery_app.py`, or a package's `__init__.py`. */
function moduleFile(root: string, dotted: string): string {
  const asPackage = `${folderOf(dotted)}/__init__.py`;
  return fs.existsSync(path.join(root, asPackage)) ? asPackage : `${folderOf(dotted)}.py`;
}

// ---- reading ----------------------------------------------------------------------------------

/** The whole text (still to be redacted), or an empty document with a note saying why there is none. */
export function readDocument(root: string, file: string): ContextDocument {
  const absolute = path.join(root, file);
  let real: string;
  try {
    real = fs.realpathSync(absolute);
  } catch {
    return { path: file, content: '', note: MISSING_NOTE };
  }
  if (!isInside(fs.realpathSync(root), real)) {
    return { path: file, content: '', note: 'left out: a link to a file outside the project' };
  }
  if (!fs.statSync(real).isFile()) return { path: file, content: '', note: 'left out: not a regular file' };
  const text = decodeText(fs.readFileSync(real));
  if (text === null) return { path: file, content: '', note: 'left out: a binary file' };
  if (text === '') return { path: file, content: '', note: EMPTY_NOTE };
  return { path: file, content: text };
}

/** Reads every .env value into the secret map, so it is hidden wherever it appears (answers, pasted files, ...). */
export function learnEnvSecrets(root: string, secrets: SecretMap): void {
  for (const file of envFiles(root, '', 0)) {
    try {
      const text = decodeText(fs.readFileSync(path.join(root, file)));
      if (text !== null) learnEnvFile(text, file, secrets);
    } catch {
      // An unreadable .env file cannot leak into the request either.
    }
  }
}

/** .env files at the root, and anything under cookiecutter-django's `.envs/` folder. */
function envFiles(root: string, dir: string, depth: number): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory())
      return entry.name === '.envs' || (dir && depth < 3) ? envFiles(root, rel, depth + 1) : [];
    return entry.isFile() && isEnvFile(rel) ? [rel] : [];
  });
}

// ---- summaries --------------------------------------------------------------------------------

const TOP_LEVEL_NAME =
  /^(?:(?:async\s+)?def\s+(\w+)|class\s+(\w+)|([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)|([\w.-]+):(?:\s|$))/gm;

/** The start of a large file, its size, and the names it defines at the top level, within `maxBytes`. */
function summarize(content: string, maxBytes: number): { content: string; note: string } {
  const lines = content.split('\n');
  const names = [...new Set([...content.matchAll(TOP_LEVEL_NAME)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]))];
  let index = `# Top-level names: ${names.join(', ')}`;
  if (index.length > maxBytes / 2)
    index = `${index.slice(0, Math.floor(maxBytes / 2)).replace(/,[^,]*$/, '')}, ...`;
  // The closing lines first, at their largest, then as many opening lines as still fit.
  const tail = (shown: number): string => `# ... ${lines.length - shown} more lines not shown\n${index}`;
  let room = maxBytes - Buffer.byteLength(tail(0));
  const head: string[] = [];
  for (const line of lines) {
    room -= Buffer.byteLength(line) + 1;
    if (room < 0) break;
    head.push(line);
  }
  const kb = Math.ceil(Buffer.byteLength(content) / 1024);
  return {
    content: [...head, tail(head.length)].join('\n'),
    note: `too large to send whole: ${lines.length} lines, ${kb} KB; the start and the top-level names are shown, so append to it rather than replace it`,
  };
}

function languageOf(file: string): string {
  const name = path.posix.basename(file);
  if (name.endsWith('.py')) return 'python';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.toml')) return 'toml';
  if (name === 'Dockerfile' || name.endsWith('.Dockerfile')) return 'dockerfile';
  return '';
}
