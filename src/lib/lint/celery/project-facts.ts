// What the Celery rules need to know about the rest of the project: whether a global task time
// limit is set somewhere, and which model classes each app defines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { walkProject } from '../files.js';

export interface CeleryProjectFacts {
  /** The file setting a global task time limit (CELERY_TASK_TIME_LIMIT, task_time_limit, ...), or null. */
  globalTimeLimitIn: string | null;
  /** Model classes defined in models.py or models/ of an app folder (POSIX, relative to root). */
  modelsOfApp(appDir: string): Set<string>;
}

const TIME_LIMIT_SETTING =
  /^[^#\n]*\b(CELERY_TASK_(SOFT_)?TIME_LIMIT|CELERYD_TASK_(SOFT_)?TIME_LIMIT|task_(soft_)?time_limit)\s*=(?!=)/m;
const MODEL_CLASS = /^class\s+(\w+)\s*\(([^)]*)\)/gm;
const MODEL_BASE = /Model\b|AbstractUser|AbstractBaseUser/;
/** Where settings live in a Django project (settings.py, settings/*.py, celery.py, celeryconfig.py). */
const SETTINGS_FILE = /(^|\/)([^/]*settings[^/]*\/[^/]*|[^/]*settings[^/]*|celery[^/]*|[^/]*celery_app)\.py$/;

function read(root: string, file: string): string {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return '';
  }
}

export function modelClassesIn(source: string): string[] {
  return [...source.matchAll(MODEL_CLASS)]
    .filter((match) => MODEL_BASE.test(match[2] ?? ''))
    .map((match) => match[1] as string);
}

export function readProjectFacts(root: string, lintedFiles: string[]): CeleryProjectFacts {
  const pythonFiles = walkProject(root).filter((file) => file.endsWith('.py'));
  const candidates = new Set([...pythonFiles.filter((file) => SETTINGS_FILE.test(file)), ...lintedFiles]);
  const globalTimeLimitIn = [...candidates].find((file) => TIME_LIMIT_SETTING.test(read(root, file))) ?? null;

  const models = new Map<string, Set<string>>();
  for (const file of pythonFiles) {
    const match = /^(.*?)\/?models(\.py|\/[^/]+\.py)$/.exec(file);
    if (!match) continue;
    const appDir = match[1] ?? '';
    const names = models.get(appDir) ?? new Set<string>();
    for (const name of modelClassesIn(read(root, file))) names.add(name);
    models.set(appDir, names);
  }
  return { globalTimeLimitIn, modelsOfApp: (appDir) => models.get(appDir) ?? new Set() };
}
