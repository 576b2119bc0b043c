// What an answer may never do, whatever the disk says: how big it may be, which names and characters a path may
// hold, and which files of the project are not the model's to write.
import { forTerminal } from '../report/terminal-text.js';

export const DEFAULT_MAX_FILES = 200;
export const DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 * 1024;
/** Longest name of one file or folder, in bytes, on the usual file systems (NAME_MAX). */
const MAX_NAME_BYTES = 255;
/** Longest absolute path, in bytes, the kernel accepts (PATH_MAX less its final NUL). */
const MAX_PATH_BYTES = 4095;

const exact = (n: number): string => n.toLocaleString('en-US');

/** The answer as a whole: how many files and how much text. */
export function checkAnswerSize(
  files: unknown[],
  limits: { maxFiles?: number; maxBytes?: number },
): string[] {
  const maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const reasons: string[] = [];
  if (files.length > maxFiles) {
    reasons.push(
      `the answer holds ${exact(files.length)} files, more than the ${exact(maxFiles)} one answer may write (--max-files raises it)`,
    );
  }
  const total = files.reduce<number>((sum, entry) => {
    const content = (entry as { content?: unknown } | null)?.content;
    return sum + (typeof content === 'string' ? Buffer.byteLength(content) : 0);
  }, 0);
  if (total > maxBytes) {
    reasons.push(
      `the answer holds ${exact(total)} bytes of content, more than the ${exact(maxBytes)} one answer may write (--max-bytes raises it)`,
    );
  }
  return reasons;
}

// Controls (C0, DEL, C1), format characters (bidi overrides, zero-width ones) and line separators: a name holding
// one can show in a terminal as another name, or hide.
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Reasons a relative path's form is refused on top of the structural checks: characters and lengths. */
export function checkPathText(relative: string, absolute: string): string[] {
  const reasons: string[] = [];
  const hidden = HIDDEN_CHARACTER.exec(relative);
  if (hidden) {
    reasons.push(
      `the path holds a control character or an invisible formatting one (${forTerminal(hidden[0])}), which could show it as another name`,
    );
  }
  const long = relative.split('/').find((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES);
  if (long) {
    reasons.push(
      `the name ${JSON.stringify(`${long.slice(0, 40)}...`)} is ${exact(Buffer.byteLength(long))} bytes long, more than the ${MAX_NAME_BYTES} a file system allows`,
    );
  } else if (Buffer.byteLength(absolute) > MAX_PATH_BYTES) {
    reasons.push(
      `the full path would be ${exact(Buffer.byteLength(absolute))} bytes long, more than the ${exact(MAX_PATH_BYTES)} the system allows`,
    );
  }
  return reasons;
}

/** Files that run code or change how the repository and its CI behave: never the model's to write. */
const PROTECTED_NAMES = new Set([
  'manage.py',
  '.gitmodules',
  '.gitattributes',
  '.gitlab-ci.yml',
  '.travis.yml',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  '.drone.yml',
  '.woodpecker.yml',
  'jenkinsfile',
]);
const PROTECTED_FOLDERS = ['.github/workflows/', '.circleci/', '.buildkite/', '.woodpecker/', '.gitlab/'];
/** `.env` files hold the user's secrets; these names are the conventional documented templates. */
const ENV_TEMPLATES = new Set(['.env.example', '.env.sample', '.env.template']);

/** Why the project keeps this file to itself, or null when the model may write it. */
export function protectedReason(relative: string): string | null {
  const lower = relative.toLowerCase();
  const name = lower.split('/').at(-1)!;
  if (PROTECTED_NAMES.has(name)) {
    return `${relative.split('/').at(-1)} is a file the generator never writes (it runs or steers the project)`;
  }
  if ((name === '.env' || name.startsWith('.env.')) && !ENV_TEMPLATES.has(name)) {
    return `${name} holds the project's secrets; the generator never writes it (.env.example is allowed)`;
  }
  const folder = PROTECTED_FOLDERS.find((prefix) => `/${lower}`.includes(`/${prefix}`));
  if (folder) return `files under ${folder} run in CI; the generator never writes them`;
  return null;
}
