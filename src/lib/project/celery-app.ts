// Finds an existing Celery app, whatever its module is called (celery.py, celery_app.py, celeryconf.py,
// worker.py...): the module that imports Celery and instantiates it.
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { readText, relativePosix } from './fs.js';
import { statements } from './python.js';

/** Folders that never hold the project's Celery app, and are often huge. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'site-packages',
  'migrations',
  '__pycache__',
  'venv',
  'env',
  'build',
  'dist',
  'static',
  'staticfiles',
  'media',
  'templates',
  'tests',
  'htmlcov',
]);
/** Tests build throwaway apps; they are never the project's. */
const isTestFile = (name: string) => /^(test_.*|.*_test|conftest)\.py$/.test(name);

const MAX_DEPTH = 5;
const MAX_FILES = 1000;
const MAX_FOLDERS = 1500;
const MAX_FILE_BYTES = 256 * 1024;

/** Python files under root, at most MAX_DEPTH folders deep, skipping virtualenvs and hidden folders. */
function pythonFiles(root: string): { file: string; depth: number }[] {
  const found: { file: string; depth: number }[] = [];
  const queue: { folder: string; depth: number }[] = [{ folder: root, depth: 0 }];
  for (let visited = 0; queue.length > 0 && found.length < MAX_FILES && visited < MAX_FOLDERS; visited += 1) {
    const { folder, depth } = queue.shift() as { folder: string; depth: number };
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    if (depth > 0 && entries.some((entry) => entry.name === 'pyvenv.cfg')) continue; // a virtualenv
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isFile() && entry.name.endsWith('.py') && !isTestFile(entry.name))
        found.push({ file: full, depth });
      else if (entry.isDirectory() && depth < MAX_DEPTH) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name))
          queue.push({ folder: full, depth: depth + 1 });
      }
    }
  }
  return found;
}

/** True when the source imports Celery's class and calls it: `from celery import Celery` ... `Celery(`. */
export function definesCeleryApp(source: string): boolean {
  if (!source.includes('Celery')) return false;
  let imported = false;
  let instantiated = false;
  for (const { text } of statements(source)) {
    if (
      /^import\s+celery\b/.test(text) ||
      (/^from\s+celery\s+import\b/.test(text) && /\bCelery\b/.test(text))
    )
      imported = true;
    else if (!/^class\s/.test(text) && /(?<![\w.])(celery\.)?Celery\s*\(/.test(text)) instantiated = true;
  }
  return imported && instantiated;
}

const asModule = (relative: string) =>
  relative
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');

/**
 * The dotted module of the project's Celery app. Files whose name mentions celery are read first, then the
 * rest, shallowest first, so the usual `proj/celery.py` costs one read.
 */
export function findCeleryApp(root: string): string | null {
  const candidates = pythonFiles(root).sort(
    (a, b) =>
      Number(!path.basename(a.file).includes('celery')) - Number(!path.basename(b.file).includes('celery')) ||
      a.depth - b.depth ||
      (a.file < b.file ? -1 : 1), // not localeCompare: loading ICU collation costs more than the whole scan
  );
  for (const { file } of candidates) {
    const source = readText(file);
    if (source === null || source.length > MAX_FILE_BYTES) continue;
    if (definesCeleryApp(source)) return asModule(relativePosix(root, file));
  }
  return null;
}
