// Stage 6: decide what the model's answer may do to the project, before anything touches the disk.
// The answer is untrusted input aimed at someone's working project: every entry is checked, and a
// single bad entry refuses the whole answer, listing every reason at once.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { decodeText, isInside } from '../text-files.js';
import type { FileAction, ModelAnswer, PlannedAction, PlannedWrite, WritePlan } from '../types.js';
import { checkFreeSpace, existingFolderOf, unwritableReason } from './disk.js';
import { checkAnswerSize, checkPathText, protectedReason } from './limits.js';

export { formatPlan, formatSize } from './format.js';
export { DEFAULT_MAX_FILES, DEFAULT_MAX_TOTAL_BYTES } from './limits.js';

export interface PlanOptions {
  kind: 'code' | 'guide';
  /** Largest file content the model may send, in bytes (default 256 KB). */
  maxFileBytes?: number;
  /** Most files one answer may write (default 200; --max-files). */
  maxFiles?: number;
  /** Most content one answer may write, in bytes (default 2 MB; --max-bytes). */
  maxBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024;
export const GUIDE_FOLDER = 'docs/celery/';

/** The model's answer was refused; nothing was written. `reasons` names each path and what is wrong. */
export class PlanRejectedError extends UserError {
  constructor(readonly reasons: string[]) {
    const count = reasons.length === 1 ? '1 problem' : `${reasons.length} problems`;
    super(
      [
        `The model's answer was refused, so nothing was written (${count}):`,
        ...reasons.map((r) => `  - ${r}`),
      ].join('\n'),
      'Run the prompt again; if the model keeps doing this, try another model or make the request more specific.',
    );
  }
}

const ACTIONS: readonly FileAction[] = ['create', 'replace', 'append'];
/** Folders no generated file belongs in: version control, dependencies, caches, virtual environments. */
/** Yeoman's own files: an answer that wrote them could redirect the next run (its provider, its server). */
const FORBIDDEN_FILES = new Set(['.yo-rc.json', '.yo-rc-global.json', '.yo-resolve']);

const FORBIDDEN_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  'site-packages',
  '.venv',
  'venv',
  '.tox',
  '.nox',
]);

/** One entry of the answer that passed every check, with the text on disk now. */
interface CheckedFile {
  path: string;
  action: FileAction;
  content: string;
  existing: string | null;
}

interface CheckContext {
  root: string;
  realRoot: string;
  options: PlanOptions;
  /** Paths already taken by earlier entries, compared NFC and case-folded. */
  seen: Map<string, string>;
}

export function planWrites(answer: ModelAnswer, root: string, options: PlanOptions): WritePlan {
  const files: unknown = (answer as { files?: unknown }).files;
  if (!Array.isArray(files)) throw new PlanRejectedError(['the answer has no list of files']);
  // Too many files or too much text is refused as a whole, before a single entry is looked at.
  const tooBig = checkAnswerSize(files, options);
  if (tooBig.length > 0) throw new PlanRejectedError(tooBig);
  const context: CheckContext = { root, realRoot: realRootOf(root), options, seen: new Map() };
  const reasons: string[] = [];
  const checked: CheckedFile[] = [];
  files.forEach((entry: unknown, index) => {
    const result = checkEntry(entry, `file #${index + 1}`, context);
    if (Array.isArray(result)) reasons.push(...result);
    else checked.push(result);
  });
  reasons.push(...fileFolderClashes(checked.map((file) => file.path)));
  if (reasons.length > 0) throw new PlanRejectedError(reasons);
  const writes = checked.map(decide);
  const noRoom = checkFreeSpace(root, writes);
  if (noRoom.length > 0) throw new PlanRejectedError(noRoom);
  return { root: path.resolve(root), writes };
}

/** One entry writes a file where another needs a folder (`a.py` and `a.py/b.py`): it could only half happen. */
function fileFolderClashes(paths: string[]): string[] {
  const files = new Set(paths.map((p) => p.toLowerCase()));
  return paths.flatMap((p) => {
    const segments = p.split('/');
    const clash = segments
      .slice(1)
      .map((_, i) => segments.slice(0, i + 1).join('/'))
      .find((folder) => files.has(folder.toLowerCase()));
    return clash
      ? [
          `${JSON.stringify(p)}: the answer also writes ${JSON.stringify(clash)} as a file, so it cannot be a folder`,
        ]
      : [];
  });
}

// ---- checks -----------------------------------------------------------------------------------

/** The checked file, or every reason to refuse it, each prefixed with its path. */
function checkEntry(entry: unknown, fallbackLabel: string, context: CheckContext): CheckedFile | string[] {
  if (typeof entry !== 'object' || entry === null) {
    return [`${fallbackLabel}: not a file entry with a path, an action and a content`];
  }
  const { path: rawPath, action, content } = entry as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof rawPath !== 'string') problems.push('the path is missing');
  if (typeof content !== 'string') problems.push('the content is missing');
  if (action === undefined) problems.push('the action is missing');
  else if (!ACTIONS.includes(action as FileAction)) {
    problems.push(`the action ${JSON.stringify(action)} is not one of create, replace, append`);
  }
  const relative = typeof rawPath === 'string' ? checkPathForm(rawPath, context.root, problems) : null;
  if (relative !== null) {
    const key = relative.normalize('NFC').toLowerCase();
    const first = context.seen.get(key);
    if (first !== undefined)
      problems.push(`the answer already writes ${JSON.stringify(first)}: one entry per file`);
    else context.seen.set(key, relative);
    if (context.options.kind === 'guide' && !(relative.startsWith(GUIDE_FOLDER) && /\.md$/i.test(relative))) {
      problems.push(`a guide may only write Markdown files under ${GUIDE_FOLDER}`);
    }
  }
  if (typeof content === 'string') {
    checkContent(content, context.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, problems);
  }
  const existing = relative !== null ? checkOnDisk(context.realRoot, context.root, relative, problems) : null;
  if (problems.length > 0) {
    const label = typeof rawPath === 'string' && rawPath !== '' ? JSON.stringify(rawPath) : fallbackLabel;
    return problems.map((problem) => `${label}: ${problem}`);
  }
  return { path: relative!, action: action as FileAction, content: content as string, existing };
}

/** The normalised relative POSIX path (`./` segments dropped), or null when the form is refused. */
function checkPathForm(raw: string, root: string, problems: string[]): string | null {
  const before = problems.length;
  if (raw === '') problems.push('the path is empty');
  problems.push(...checkPathText(raw, path.join(root, raw)));
  if (raw.includes('\\')) problems.push('the path holds a backslash; use forward slashes');
  if (raw.startsWith('/')) problems.push('the path is absolute; it must be relative to the project root');
  if (/^[A-Za-z]:/.test(raw))
    problems.push('the path starts with a drive letter; it must be relative to the project root');
  if (raw.endsWith('/')) problems.push('the path ends with a slash: it names a folder, not a file');
  const segments = raw.split('/');
  if (segments.includes('..')) problems.push('the path climbs out with ".."');
  if (raw !== '' && !raw.startsWith('/') && !raw.endsWith('/') && segments.includes('')) {
    problems.push('the path has an empty segment ("//")');
  }
  const kept = segments.filter((s) => s !== '.');
  const forbidden = kept.find((s) => FORBIDDEN_FOLDERS.has(s.toLowerCase()));
  if (forbidden) problems.push(`the path is in or names ${forbidden}/, which generated files must not touch`);
  const name = kept.at(-1)?.toLowerCase();
  if (name && FORBIDDEN_FILES.has(name)) problems.push(`${name} is the generator's own configuration`);
  const keptByProject = protectedReason(kept.join('/'));
  if (keptByProject) problems.push(keptByProject);
  if (problems.length > before) return null;
  if (kept.length === 0) {
    problems.push('the path names no file');
    return null;
  }
  return kept.join('/');
}

function checkContent(content: string, maxFileBytes: number, problems: string[]): void {
  const bytes = Buffer.byteLength(content);
  if (bytes > maxFileBytes) {
    const exact = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
    problems.push(`the content is ${exact(bytes)}, over the limit of ${exact(maxFileBytes)} per file`);
  }
  if (content.includes('\u0000'))
    problems.push('the content is binary (it holds NUL bytes); only text is written');
  else if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(content)) {
    problems.push('the content is not valid UTF-8 text');
  }
}

/**
 * Follow the path on disk: every existing part must stay inside the project after links are
 * resolved, must not be a virtual environment, and the file itself must be a text file if present.
 * Returns the text on disk now, or null for a new file.
 */
function checkOnDisk(realRoot: string, root: string, relative: string, problems: string[]): string | null {
  const segments = relative.split('/');
  for (let depth = 1; depth <= segments.length; depth++) {
    const partial = segments.slice(0, depth).join('/');
    const absolute = path.join(root, partial);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(absolute);
    } catch {
      // Nothing from here on exists: the writer creates it inside the last real folder, which must take it.
      const unwritable = unwritableReason(existingFolderOf(absolute));
      if (unwritable) problems.push(`its folder ${shownFolder(root, absolute)} ${unwritable}`);
      return null;
    }
    let real: string;
    try {
      real = fs.realpathSync(absolute);
    } catch {
      problems.push(`${partial} is a link to something that does not exist`);
      return null;
    }
    if (!isInside(realRoot, real)) {
      problems.push(`${partial} is a link that leads outside the project (to ${real})`);
      return null;
    }
    const leadsInto = path
      .relative(realRoot, real)
      .split(path.sep)
      .find((s) => FORBIDDEN_FOLDERS.has(s.toLowerCase()));
    if (leadsInto) {
      problems.push(`${partial} leads into ${leadsInto}/, which generated files must not touch`);
      return null;
    }
    const isLast = depth === segments.length;
    const target = stat.isSymbolicLink() ? fs.statSync(real) : stat;
    if (!isLast) {
      if (!target.isDirectory()) {
        problems.push(`${partial} is a file, not a folder`);
        return null;
      }
      if (fs.existsSync(path.join(real, 'pyvenv.cfg'))) {
        problems.push(`${partial}/ is a virtual environment (it holds pyvenv.cfg)`);
        return null;
      }
      continue;
    }
    if (!target.isFile()) {
      problems.push('a folder or special file with this name already exists');
      return null;
    }
    // Replacing a file is a rename inside its folder: the folder must take new files.
    const unwritable = unwritableReason(path.dirname(real));
    if (unwritable) problems.push(`its folder ${shownFolder(realRoot, real)} ${unwritable}`);
    const bytes = fs.readFileSync(real);
    const text = decodeText(bytes);
    if (text === null) problems.push('the file on disk is not a text file, so it is not overwritten');
    return text;
  }
  return null;
}

/** `orders/locked/`, or `./` for the project root itself. */
function shownFolder(root: string, file: string): string {
  const folder = path.relative(root, existingFolderOf(file)).split(path.sep).join('/');
  return folder === '' ? './' : `${folder}/`;
}

function realRootOf(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    throw new UserError(
      `The project folder ${root} does not exist.`,
      'Run the generator inside your Django project.',
    );
  }
}

// ---- actions ----------------------------------------------------------------------------------

/** create -> create or update; replace -> update or identical; append -> create, append or identical. */
function decide(file: CheckedFile): PlannedWrite {
  const { existing } = file;
  const content = withFinalNewline(file.content);
  const planned = (action: PlannedAction, final: string): PlannedWrite => ({
    path: file.path,
    action,
    content: final,
    existing,
  });
  if (existing === null) return planned('create', content);
  if (file.action !== 'append') return planned(content === existing ? 'identical' : 'update', content);
  // Append is idempotent: a block already in the file (line endings aside) is not added again.
  const block = unixLines(content).trim();
  if (block === '' || unixLines(existing).includes(block)) return planned('identical', existing);
  const eol = existing === '' ? eolOf(content) : eolOf(existing);
  const separator = existing === '' || existing.endsWith('\n') ? '' : eol;
  return planned('append', existing + separator + unixLines(content).replace(/\n/g, eol));
}

/** Keep what the model sent, but end a non-empty file with a newline (in its own line-ending style). */
function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + eolOf(text);
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');
const unixLines = (text: string): string => text.replace(/\r\n/g, '\n');
