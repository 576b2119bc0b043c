// Where the Django project is (the folder holding manage.py) and which settings module it runs with.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { isFile, readText } from './fs.js';
import { settingsModuleIn } from './python.js';

export interface Location {
  /** Absolute folder holding manage.py. */
  root: string;
  /** Folders whose requirements, pyproject.toml and pytest.ini belong to the project: root, and the repository
   * root above it when manage.py sits in `src/`. */
  configDirs: string[];
}

/** Looks for manage.py in `cwd` and each folder above it, and in the `src/` folder of each. */
export function findManagePy(cwd: string): Location | null {
  let folder = path.resolve(cwd);
  for (;;) {
    for (const candidate of [folder, path.join(folder, 'src')]) {
      if (isFile(path.join(candidate, 'manage.py'))) {
        const configDirs =
          path.basename(candidate) === 'src' ? [candidate, path.dirname(candidate)] : [candidate];
        return { root: candidate, configDirs };
      }
    }
    const parent = path.dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}

/** `DJANGO_SETTINGS_MODULE` from manage.py, else a package's wsgi.py/asgi.py, else pytest's configuration. */
export function findSettingsModule({ root, configDirs }: Location): string | null {
  return (
    fromPythonFile(path.join(root, 'manage.py')) ??
    fromServerEntryPoints(root) ??
    configDirs.map(fromPytestConfig).find((module) => module !== null) ??
    null
  );
}

function fromPythonFile(file: string): string | null {
  const source = readText(file);
  return source === null ? null : settingsModuleIn(source);
}

function fromServerEntryPoints(root: string): string | null {
  let packages: string[];
  try {
    packages = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return null;
  }
  for (const entry of packages) {
    for (const file of ['wsgi.py', 'asgi.py']) {
      const module = fromPythonFile(path.join(root, entry, file));
      if (module) return module;
    }
  }
  return null;
}

/** pytest-django's setting: pyproject `[tool.pytest.ini_options]`, pytest.ini, tox.ini, setup.cfg. */
function fromPytestConfig(folder: string): string | null {
  const pyproject = readText(path.join(folder, 'pyproject.toml'));
  if (pyproject !== null) {
    try {
      const options = (parseToml(pyproject) as PyprojectPytest).tool?.pytest?.['ini_options'];
      const module = options?.['DJANGO_SETTINGS_MODULE'];
      if (typeof module === 'string' && module) return module;
    } catch {
      // A broken pyproject.toml is the user's to fix; it just tells us nothing here.
    }
  }
  for (const [file, section] of [
    ['pytest.ini', 'pytest'],
    ['tox.ini', 'pytest'],
    ['setup.cfg', 'tool:pytest'],
  ] as const) {
    const text = readText(path.join(folder, file));
    const module = text === null ? null : iniValue(text, section, 'DJANGO_SETTINGS_MODULE');
    if (module) return module;
  }
  return null;
}

interface PyprojectPytest {
  tool?: { pytest?: Record<string, Record<string, unknown> | undefined> };
}

/** `key = value` inside `[section]` of an ini file (keys compared without case, as configparser does). */
function iniValue(text: string, section: string, key: string): string | null {
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) inSection = (header[1] as string).trim() === section;
    else if (inSection) {
      const match = /^\s*([\w.-]+)\s*[=:]\s*([^\s#;]+)/.exec(line);
      if (match && (match[1] as string).toLowerCase() === key.toLowerCase()) return match[2] as string;
    }
  }
  return null;
}
