// Which checker a file belongs to, and the project walk behind `celery-django lint` with no paths.
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';

export type FileKind = 'python' | 'compose' | 'yaml' | 'dockerfile' | 'shell' | 'other';

const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;
const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.(dockerfile|containerfile)$/i;
const SHELL_SHEBANG = /^#!\s*\S*\b(env\s+)?(ba|da|k|z)?sh\b/;

/** What a file is, from its name and, for files without an extension, its shebang line. */
export function classify(file: string, firstLine = ''): FileKind {
  const name = path.posix.basename(file);
  if (/\.pyi?$/.test(name)) return 'python';
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (DOCKERFILE_NAME.test(name)) return 'dockerfile';
  if (/\.(sh|bash)$/.test(name)) return 'shell';
  if (SHELL_SHEBANG.test(firstLine)) return 'shell';
  return 'other';
}

/** The first line of a file, read cheaply (shebang detection must not read whole binaries). */
export function readFirstLine(absolute: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const buffer = Buffer.alloc(128);
    const size = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, size).toString('utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Folders no one wants linted: tool caches, dependencies, virtual environments, generated migrations. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'migrations',
  'venv',
  'env',
  'staticfiles',
  'media',
  'htmlcov',
  'dist',
  'build',
]);

function isSkippedDir(absolute: string, name: string): boolean {
  return name.startsWith('.') || SKIPPED_DIRS.has(name) || existsSync(path.join(absolute, 'pyvenv.cfg'));
}

/** Every file under root (relative POSIX paths, sorted), outside the skipped folders. */
export function walkProject(root: string): string[] {
  const found: string[] = [];
  const visit = (relative: string): void => {
    const absolute = path.join(root, relative);
    let entries;
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!isSkippedDir(path.join(absolute, entry.name), entry.name)) visit(child);
      } else if (entry.isFile()) {
        found.push(child);
      }
    }
  };
  visit('');
  return found.sort();
}

/** The project's Python, compose and Docker files and shell scripts: what `lint` checks by default. */
export function defaultLintTargets(root: string): string[] {
  return walkProject(root).filter((file) => {
    const hasExtension = path.posix.basename(file).includes('.');
    const kind = classify(file, hasExtension ? '' : readFirstLine(path.join(root, file)));
    return kind === 'python' || kind === 'compose' || kind === 'dockerfile' || kind === 'shell';
  });
}

/** A path given by the user or the generator, as a relative POSIX path from root. */
export function toProjectPath(root: string, file: string): string {
  const absolute = path.resolve(root, file);
  return path.relative(root, absolute).split(path.sep).join('/');
}
