// The settings module's files (following `from .base import *`) and the local apps they install.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isFile, readText } from './fs.js';
import { listSettings, statements } from './python.js';

/** A Python module of the project: its path relative to root (POSIX) and its text. */
export interface SourceFile {
  path: string;
  source: string;
}

export interface Settings {
  /** The file shared settings belong in: the base module of split settings, else the settings module. */
  file: string | null;
  /** The settings module, then each module it star-imports from, in that order. */
  chain: SourceFile[];
  /** The other modules of a settings package (production.py beside local.py). */
  siblings: SourceFile[];
}

/** Where a dotted module lives under root: `a/b.py` or `a/b/__init__.py` (relative, POSIX). */
export function moduleFile(root: string, dotted: string): string | null {
  const base = dotted.split('.').join('/');
  return [`${base}.py`, `${base}/__init__.py`].find((file) => isFile(path.join(root, file))) ?? null;
}

const MAX_CHAIN = 6;

export function readSettings(root: string, settingsModule: string): Settings {
  const chain: SourceFile[] = [];
  let module: string | null = settingsModule;
  while (module && chain.length < MAX_CHAIN) {
    const file = moduleFile(root, module);
    if (!file || chain.some((seen) => seen.path === file)) break;
    const source = readText(path.join(root, file)) ?? '';
    chain.push({ path: file, source });
    module = starImportedModule(root, module, file, source);
  }
  if (chain.length <= 1) {
    const base = conventionalBase(root, settingsModule);
    if (base && base.path !== chain[0]?.path) chain.push(base);
  }
  const file = chain.at(-1)?.path ?? null;
  return { file, chain, siblings: file ? siblingsOf(root, file, chain) : [] };
}

/** The first module-level `from <module> import *` that points at a module of the project. */
function starImportedModule(root: string, module: string, file: string, source: string): string | null {
  const ownPackage = file.endsWith('/__init__.py') ? module : module.split('.').slice(0, -1).join('.');
  for (const { text, indented } of statements(source)) {
    const match = !indented && /^from\s+(\.*)([\w.]*)\s+import\s+\*$/.exec(text);
    if (!match) continue;
    const [, dots = '', name = ''] = match;
    let target = name;
    if (dots) {
      const packageParts = ownPackage.split('.').slice(0, ownPackage.split('.').length - (dots.length - 1));
      target = [...packageParts, ...(name ? [name] : [])].filter(Boolean).join('.');
    }
    if (target && moduleFile(root, target)) return target;
  }
  return null;
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

/** Every other module in the same `settings/` package; a single settings.py has none. */
function siblingsOf(root: string, file: string, chain: SourceFile[]): SourceFile[] {
  const folder = path.posix.dirname(file);
  if (path.posix.basename(folder) !== 'settings') return [];
  let names: string[];
  try {
    names = readdirSync(path.join(root, folder)).sort();
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.py'))
    .map((name) => `${folder}/${name}`)
    .filter((sibling) => !chain.some((known) => known.path === sibling))
    .map((sibling) => ({ path: sibling, source: readText(path.join(root, sibling)) ?? '' }));
}

/**
 * The project's own apps, in INSTALLED_APPS order: entries whose folder exists with an apps.py or models.py.
 * An AppConfig path (`shop.orders.apps.OrdersConfig`) stands for its package (`shop.orders`).
 */
export function localApps(root: string, chain: SourceFile[]): string[] {
  const installed = listSettings([...chain].reverse().map((file) => file.source)).get('INSTALLED_APPS') ?? [];
  const apps: string[] = [];
  for (const entry of installed) {
    const app = appPackage(root, entry.trim());
    if (app && !apps.includes(app)) apps.push(app);
  }
  return apps;
}

function appPackage(root: string, entry: string): string | null {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/.test(entry)) return null;
  const parts = entry.split('.');
  const last = parts.at(-1) as string;
  if (parts.length >= 2 && /^[A-Z]/.test(last)) {
    const module = parts.slice(0, -1).join('.');
    const file = moduleFile(root, module);
    if (!file) return null;
    const app = file.endsWith('/__init__.py') ? module : parts.slice(0, -2).join('.');
    return app && isApp(root, app) ? app : null;
  }
  return isApp(root, entry) ? entry : null;
}

function isApp(root: string, dotted: string): boolean {
  const folder = path.join(root, ...dotted.split('.'));
  return ['apps.py', 'models.py', 'models/__init__.py'].some((file) => isFile(path.join(folder, file)));
}
