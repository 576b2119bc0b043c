// Django and Celery versions (`major.minor`) from requirements files or pyproject.toml.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { isFile, readText, relativePosix } from './fs.js';

export interface Versions {
  djangoVersion: string | null;
  celeryVersion: string | null;
  /** The file that names Django (else Celery, else the main dependency file), relative to root. */
  requirementsFile: string | null;
  /** The extras Celery is installed with (`celery[redis]` -> `redis`), lower case. */
  celeryExtras: string[];
}

/** One dependency as a file declares it. */
interface Requirement {
  /** Normalized name (PEP 503): lower case, runs of `-_.` as one `-`. */
  name: string;
  version: string | null;
  extras: string[];
  /** Absolute path of the file that declares it. */
  file: string;
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
const normalizeExtras = (extras: unknown[]): string[] =>
  extras
    .filter((extra): extra is string => typeof extra === 'string' && extra.trim() !== '')
    .map((extra) => extra.trim().toLowerCase());

/** `major.minor` from a PEP 440 specifier: the pinned (`==`, `===`), compatible (`~=`) or lower (`>=`) bound. */
export function versionFromSpecifier(specifier: string): string | null {
  const clauses = specifier.split(',').map((clause) => clause.trim());
  for (const operator of ['===', '==', '~=', '>=']) {
    for (const clause of clauses) {
      if (!clause.startsWith(operator) || clause.startsWith(`${operator}=`)) continue;
      const match = /^v?(\d+)(?:\.(\d+))?/.exec(clause.slice(operator.length).trim());
      if (match) return `${match[1]}.${match[2] ?? '0'}`;
    }
  }
  return null;
}

/** Poetry's constraints (`^5.2`, `~5.2`, `5.2.1`) and plain PEP 440 ones. */
function versionFromPoetry(constraint: string): string | null {
  const match = /^\s*(?:[\^~](?!=)\s*|(?=\d))v?(\d+)(?:\.(\d+))?/.exec(constraint);
  if (match) return `${match[1]}.${match[2] ?? '0'}`;
  return versionFromSpecifier(constraint);
}

/** A PEP 508 requirement string: `Django[argon2]>=5.2,<6 ; python_version >= "3.10"`. */
function parseRequirement(line: string, file: string): Requirement | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(\(?[^;@]*)/.exec(line.trim());
  if (!match) return null;
  const specifier = (match[3] as string).replace(/[()]/g, '').trim();
  const extras = normalizeExtras((match[2] ?? '').split(','));
  return { name: normalize(match[1] as string), version: versionFromSpecifier(specifier), extras, file };
}

const MAX_INCLUDES = 20;

/** A requirements file and those it includes with `-r` / `-c`, in reading order. */
function readRequirementsFile(file: string, seen: Set<string>): Requirement[] {
  if (seen.has(file) || seen.size >= MAX_INCLUDES) return [];
  seen.add(file);
  const text = readText(file);
  if (text === null) return [];
  const requirements: Requirement[] = [];
  for (const rawLine of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    const include = /^(?:-r|-c|--requirement|--constraint)(?:\s+|=)(\S+)/.exec(line);
    if (include)
      requirements.push(
        ...readRequirementsFile(path.resolve(path.dirname(file), include[1] as string), seen),
      );
    else if (line && !line.startsWith('-')) {
      const requirement = parseRequirement(line, file);
      if (requirement) requirements.push(requirement);
    }
  }
  return requirements;
}

interface Pyproject {
  project?: { dependencies?: unknown; 'optional-dependencies'?: Record<string, unknown> };
  'dependency-groups'?: Record<string, unknown>;
  tool?: {
    poetry?: {
      dependencies?: Record<string, unknown>;
      'dev-dependencies'?: Record<string, unknown>;
      group?: Record<string, { dependencies?: Record<string, unknown> }>;
    };
  };
}

/** PEP 621 dependencies (and optional ones, and dependency groups), then Poetry's tables. */
function readPyproject(file: string): Requirement[] {
  const text = readText(file);
  if (text === null) return [];
  let data: Pyproject;
  try {
    data = parseToml(text) as Pyproject;
  } catch {
    return [];
  }
  const pep508Lists = [
    data.project?.dependencies,
    ...Object.values(data.project?.['optional-dependencies'] ?? {}),
    ...Object.values(data['dependency-groups'] ?? {}),
  ];
  const requirements = pep508Lists
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter((item): item is string => typeof item === 'string')
    .map((item) => parseRequirement(item, file))
    .filter((item): item is Requirement => item !== null);
  const poetry = data.tool?.poetry;
  const poetryTables = [
    poetry?.dependencies,
    poetry?.['dev-dependencies'],
    ...Object.values(poetry?.group ?? {}).map((group) => group.dependencies),
  ];
  for (const table of poetryTables) {
    for (const [name, value] of Object.entries(table ?? {})) {
      const table =
        typeof value === 'object' && value !== null ? (value as { version?: unknown; extras?: unknown }) : {};
      const constraint = typeof value === 'string' ? value : table.version;
      const version = typeof constraint === 'string' ? versionFromPoetry(constraint) : null;
      const extras = normalizeExtras(Array.isArray(table.extras) ? table.extras : []);
      requirements.push({ name: normalize(name), version, extras, file });
    }
  }
  return requirements;
}

/** Dependency files in the order they are trusted: requirements.txt, requirements/base.txt, the rest. */
function dependencyFiles(folder: string): string[] {
  const list = (dir: string, pattern: RegExp) => {
    try {
      return readdirSync(dir)
        .filter((name) => pattern.test(name))
        .sort()
        .map((name) => path.join(dir, name));
    } catch {
      return [];
    }
  };
  const requirementsDir = path.join(folder, 'requirements');
  const files = [
    path.join(folder, 'requirements.txt'),
    path.join(requirementsDir, 'base.txt'),
    ...list(requirementsDir, /\.txt$/),
    path.join(folder, 'pyproject.toml'),
    ...list(folder, /^requirements.*\.txt$/),
  ];
  return [...new Set(files)].filter(isFile);
}

export function readVersions(root: string, configDirs: string[]): Versions {
  const files = configDirs.flatMap(dependencyFiles);
  const seen = new Set<string>();
  const requirements = files.flatMap((file) =>
    file.endsWith('.toml') ? readPyproject(file) : readRequirementsFile(file, seen),
  );
  // A pinned entry wins over a bare name elsewhere (`django` in base.txt, `django==5.2.1` in a constraints file).
  const find = (name: string) =>
    requirements.find((item) => item.name === name && item.version) ??
    requirements.find((item) => item.name === name);
  const django = find('django');
  const celery = find('celery');
  const source = django?.file ?? celery?.file ?? files[0];
  return {
    djangoVersion: django?.version ?? null,
    celeryVersion: celery?.version ?? null,
    requirementsFile: source ? relativePosix(root, source) : null,
    celeryExtras: [
      ...new Set(requirements.filter((item) => item.name === 'celery').flatMap((item) => item.extras)),
    ],
  };
}
