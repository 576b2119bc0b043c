// The project's ruff settings, for the embedded ruff: it reads no files and ignores per-file-ignores,
// so we find the config ruff would use, pass it in, and apply per-file-ignores and excludes ourselves.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { matchesRuffPattern } from '../glob.js';

type Table = Record<string, unknown>;

interface PerFileIgnore {
  pattern: string;
  negated: boolean;
  codes: string[];
}

export interface RuffProjectConfig {
  /** e.g. `pyproject.toml [tool.ruff]`; null when the project has no ruff config. */
  source: string | null;
  /** ruff.toml-style options for ruff-wasm's Workspace. */
  options: Table;
  perFileIgnores: PerFileIgnore[];
  exclude: string[];
  /** A config that could not be read, said in one line. */
  problem: string | null;
}

/** Settings about finding files or running the CLI: meaningless for one text at a time. */
const FILE_SELECTION_KEYS = [
  'extend',
  'exclude',
  'extend-exclude',
  'include',
  'extend-include',
  'force-exclude',
  'respect-gitignore',
  'cache-dir',
  'output-format',
  'fix',
  'unsafe-fixes',
  'fix-only',
  'show-fixes',
  'required-version',
  'src',
  'namespace-packages',
  'per-file-ignores',
  'extend-per-file-ignores',
  'per-file-target-version',
];

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readToml(file: string): Table {
  return parse(readFileSync(file, 'utf8')) as Table;
}

/** `>=3.11`, `~=3.10`, `==3.12.*` -> `py311`, ... (ruff-wasm accepts py37 to py315). */
export function targetVersionFromRequiresPython(requires: string): string | null {
  const match = /(?:>=|~=|==|>)\s*3\.(\d+)/.exec(requires);
  if (!match) return null;
  const minor = Math.min(Math.max(Number(match[1]), 7), 15);
  return `py3${minor}`;
}

function ignoresOf(table: unknown): PerFileIgnore[] {
  if (!isTable(table)) return [];
  return Object.entries(table).map(([pattern, codes]) => ({
    pattern: pattern.replace(/^!/, ''),
    negated: pattern.startsWith('!'),
    codes: Array.isArray(codes) ? codes.map(String) : [],
  }));
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** The config native ruff would pick in root: `.ruff.toml`, then `ruff.toml`, then `pyproject.toml [tool.ruff]`. */
export function readRuffConfig(root: string): RuffProjectConfig {
  const config: RuffProjectConfig = {
    source: null,
    options: {},
    perFileIgnores: [],
    exclude: [],
    problem: null,
  };
  let pyproject: Table = {};
  try {
    const pyprojectFile = path.join(root, 'pyproject.toml');
    if (existsSync(pyprojectFile)) pyproject = readToml(pyprojectFile);
    let raw: Table | null = null;
    for (const name of ['.ruff.toml', 'ruff.toml']) {
      if (!raw && existsSync(path.join(root, name))) {
        raw = readToml(path.join(root, name));
        config.source = name;
      }
    }
    const tool = isTable(pyproject.tool) ? pyproject.tool : {};
    if (!raw && isTable(tool.ruff)) {
      raw = tool.ruff;
      config.source = 'pyproject.toml [tool.ruff]';
    }
    if (raw) applyRaw(config, raw);
  } catch (error) {
    config.problem = `ruff config not read (${(error as Error).message.split('\n')[0]}): ruff's defaults were used`;
  }
  const project = isTable(pyproject.project) ? pyproject.project : {};
  if (!('target-version' in config.options) && typeof project['requires-python'] === 'string') {
    const target = targetVersionFromRequiresPython(project['requires-python']);
    if (target) config.options['target-version'] = target;
  }
  return config;
}

function applyRaw(config: RuffProjectConfig, raw: Table): void {
  const options: Table = structuredClone(raw);
  const lint: Table = isTable(options.lint) ? options.lint : {};
  config.perFileIgnores = [
    ...ignoresOf(options['per-file-ignores']),
    ...ignoresOf(options['extend-per-file-ignores']),
    ...ignoresOf(lint['per-file-ignores']),
    ...ignoresOf(lint['extend-per-file-ignores']),
  ];
  config.exclude = [
    ...stringsOf(options.exclude),
    ...stringsOf(options['extend-exclude']),
    ...stringsOf(lint.exclude),
  ];
  for (const key of FILE_SELECTION_KEYS) delete options[key];
  for (const key of ['per-file-ignores', 'extend-per-file-ignores', 'exclude']) delete lint[key];
  if (isTable(options.format)) delete options.format.exclude;
  config.options = options;
}

/** Rule codes (or prefixes such as `E`, `S1`) the config turns off for this file. */
export function ignoredCodes(config: RuffProjectConfig, file: string): string[] {
  return config.perFileIgnores
    .filter((entry) => matchesRuffPattern(entry.pattern, file) !== entry.negated)
    .flatMap((entry) => entry.codes);
}

export function isIgnored(code: string, ignored: string[]): boolean {
  return ignored.some((prefix) => prefix === 'ALL' || code.startsWith(prefix));
}

/** Files the config excludes (ruff's `--force-exclude`). */
export function isExcluded(config: RuffProjectConfig, file: string): boolean {
  return config.exclude.some((pattern) => matchesRuffPattern(pattern, file, true));
}
