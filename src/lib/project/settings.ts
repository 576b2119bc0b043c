// The settings module's files (following `from .base import *` and django-split-settings' `include()`) and the
// local apps they install.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isFile, readText } from './fs.js';
import { assignment, asString, listSettings, splitTopLevel, statements } from './python.js';

/** A Python module of the project: its path relative to root (POSIX) and its text. */
export interface SourceFile {
  path: string;
  source: string;
}

export interface Settings {
  /** The file shared settings belong in: the one that defines INSTALLED_APPS, else the first one run. */
  file: string | null;
  /** Every settings file in the order Python runs them: star-imported and included files before the module that
   * imports them, the settings module last. */
  files: SourceFile[];
  /** The other modules of the settings package (production.py beside local.py, environments/*.py). */
  siblings: SourceFile[];
}

/** Where a dotted module lives under root: `a/b.py` or `a/b/__init__.py` (relative, POSIX). */
export function moduleFile(root: string, dotted: string): string | null {
  const base = dotted.split('.').join('/');
  return [`${base}.py`, `${base}/__init__.py`].find((file) => isFile(path.join(root, file))) ?? null;
}

/** `include(...)` of django-split-settings, called bare or through its module. */
const INCLUDE_CALL = /^(?:[\w.]+\.)?include\s*\(/;

/** Settings are a handful of files; a chain longer than this is a loop or not settings at all. */
const MAX_SETTINGS_FILES = 60;

export function readSettings(root: string, settingsModule: string): Settings {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const start = moduleFile(root, settingsModule);
  if (start) runFile(root, start, seen, files);
  if (files.length <= 1) {
    const base = conventionalBase(root, settingsModule);
    if (base && base.path !== files[0]?.path) files.unshift(base);
  }
  const defining = files.find((file) => definesInstalledApps(file.source));
  const file = (defining ?? files.find((candidate) => !includesOthers(candidate.source)) ?? files[0])?.path;
  return { file: file ?? null, files, siblings: siblingsOf(root, start ?? file ?? null, files) };
}

/** Appends `file` after the files it star-imports or includes (each once), in statement order. */
function runFile(root: string, file: string, seen: Set<string>, files: SourceFile[]): void {
  if (seen.has(file) || seen.size >= MAX_SETTINGS_FILES) return;
  seen.add(file);
  const source = readText(path.join(root, file)) ?? '';
  for (const { text, indented } of statements(source)) {
    if (indented) continue; // `try: from .local import *` is optional, and usually not in the repository
    const starImport = /^from\s+(\.*)([\w.]*)\s+import\s+\*$/.exec(text);
    if (starImport) {
      const target = importedFile(root, file, starImport[1] as string, starImport[2] as string);
      if (target) runFile(root, target, seen, files);
    } else if (INCLUDE_CALL.test(text)) {
      for (const included of includedFiles(root, file, source, text)) runFile(root, included, seen, files);
    }
  }
  files.push({ path: file, source });
}

/** The file of `from <dots><name> import *` written in `file`, when it is a module of the project. */
function importedFile(root: string, file: string, dots: string, name: string): string | null {
  if (!dots) return moduleFile(root, name);
  let folder = path.posix.dirname(file);
  for (let level = 1; level < dots.length; level += 1) folder = path.posix.dirname(folder);
  const dotted = [...(folder === '.' ? [] : folder.split('/')), ...(name ? name.split('.') : [])].join('.');
  return dotted ? moduleFile(root, dotted) : null;
}

/**
 * The files of django-split-settings' `include('components/base.py', optional('local.py'), 'apps/*.py')` or
 * `include(*base_settings)`, relative to the including file, globs expanded in name order. Paths built at run
 * time (`'%s.py' % ENV`) are unknown here and skipped.
 */
function includedFiles(root: string, file: string, source: string, call: string): string[] {
  const lists = new Map<string, string>();
  for (const { text, indented } of statements(source)) {
    const assigned = !indented && assignment(text);
    if (assigned && assigned.operator === '=') lists.set(assigned.name, assigned.value);
  }
  const argumentsOf = (text: string) => splitTopLevel(text.slice(1, -1), ',');
  const args = argumentsOf(call.slice(call.indexOf('(')).trim()).flatMap((arg) => {
    const unpacked = /^\*\s*([A-Za-z_]\w*)$/.exec(arg);
    const value = unpacked ? lists.get(unpacked[1] as string) : undefined;
    return value && /^[[(][\s\S]*[\])]$/.test(value) ? argumentsOf(value) : [arg];
  });
  const folder = path.posix.dirname(file);
  const found: string[] = [];
  for (const arg of args) {
    const optional = /^(?:[\w.]+\.)?optional\s*\(([\s\S]*)\)$/.exec(arg);
    const pattern = asString(optional ? (optional[1] as string) : arg);
    if (pattern === null || /%|\{/.test(pattern) || pattern.startsWith('/')) continue;
    const relative = path.posix.normalize(path.posix.join(folder, pattern));
    if (relative.startsWith('../')) continue;
    found.push(...expandGlob(root, relative));
  }
  return found;
}

/** `settings/components/*.py` -> the matching files (a pattern in the last segment only), sorted. */
function expandGlob(root: string, relative: string): string[] {
  const name = path.posix.basename(relative);
  if (!/[*?]/.test(name)) return isFile(path.join(root, relative)) ? [relative] : [];
  const folder = path.posix.dirname(relative);
  const matcher = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  let names: string[];
  try {
    names = readdirSync(path.join(root, folder));
  } catch {
    return [];
  }
  return names
    .filter((entry) => matcher.test(entry))
    .sort()
    .map((entry) => `${folder}/${entry}`)
    .filter((entry) => isFile(path.join(root, entry)));
}

function definesInstalledApps(source: string): boolean {
  return statements(source).some(({ text, indented }) => {
    const assigned = !indented && assignment(text);
    return assigned && assigned.name === 'INSTALLED_APPS' && assigned.operator === '=';
  });
}

/** A module that includes others (django-split-settings) is not where settings are appended. */
function includesOthers(source: string): boolean {
  return statements(source).some(({ text, indented }) => !indented && INCLUDE_CALL.test(text));
}

/** For `x.settings.local` that imports no base module: `x/settings/base.py` (or common.py) when present. */
function conventionalBase(root: string, settingsModule: string): SourceFile | null {
  const parts = settingsModule.split('.');
  if (parts.length < 2 || parts.at(-2) !== 'settings') return null;
  for (const name of ['base', 'common']) {
    const file = moduleFile(root, [...parts.slice(0, -1), name].join('.'));
    if (file) return { path: file, source: readText(path.join(root, file)) ?? '' };
  }
  return null;
}

/**
 * Every other module of the `settings/` package around the settings module, and of its subfolders
 * (components/, environments/); a single settings.py has none.
 */
function siblingsOf(root: string, file: string | null, known: SourceFile[]): SourceFile[] {
  if (!file) return [];
  const parts = file.split('/');
  const at = parts.lastIndexOf('settings', parts.length - 2);
  if (at < 0) return [];
  const folder = parts.slice(0, at + 1).join('/');
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isFile() && entry.name.endsWith('.py')) found.push(`${dir}/${entry.name}`);
      else if (entry.isDirectory() && depth < 1 && !entry.name.startsWith('__'))
        walk(`${dir}/${entry.name}`, depth + 1);
    }
  };
  walk(folder, 0);
  return found
    .filter((sibling) => !known.some((seen) => seen.path === sibling))
    .slice(0, MAX_SETTINGS_FILES)
    .map((sibling) => ({ path: sibling, source: readText(path.join(root, sibling)) ?? '' }));
}

export interface LocalApps {
  /** Dotted package paths. */
  apps: string[];
  /** The INSTALLED_APPS entry of each, as written. */
  appLabels: string[];
}

/**
 * The project's own apps, in INSTALLED_APPS order: entries that resolve to a package inside the project,
 * with or without apps.py, the project package included. An AppConfig path (`shop.orders.apps.OrdersConfig`)
 * stands for its package (`shop.orders`). Django's own and third-party apps resolve to nothing here.
 */
export function localApps(root: string, files: SourceFile[]): LocalApps {
  const installed = listSettings(files.map((file) => file.source)).get('INSTALLED_APPS') ?? [];
  const found: LocalApps = { apps: [], appLabels: [] };
  for (const entry of installed.map((item) => item.trim())) {
    const app = appPackage(root, entry);
    if (app && !found.apps.includes(app)) {
      found.apps.push(app);
      found.appLabels.push(entry);
    }
  }
  return found;
}

function appPackage(root: string, entry: string): string | null {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(entry) || /^django(\.|$)/.test(entry)) return null;
  const parts = entry.split('.');
  if (parts.length >= 2 && /^[A-Z]/.test(parts.at(-1) as string)) {
    const module = parts.slice(0, -1).join('.');
    const file = moduleFile(root, module);
    if (!file) return null;
    const app = file.endsWith('/__init__.py') ? module : parts.slice(0, -2).join('.');
    return app && isPackage(root, app) ? app : null;
  }
  return isPackage(root, entry) ? entry : null;
}

/** A package folder of the project: `__init__.py`, or a namespace package that holds an app's modules. */
function isPackage(root: string, dotted: string): boolean {
  const folder = path.join(root, ...dotted.split('.'));
  return ['__init__.py', 'apps.py', 'models.py', 'models/__init__.py'].some((file) =>
    isFile(path.join(folder, file)),
  );
}
