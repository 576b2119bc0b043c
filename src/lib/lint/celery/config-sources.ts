// The files Celery's configuration may come from: the settings chain manage.py names and its sibling
// modules (production.py beside local.py), the project's Celery app module, any module named like
// settings or a Celery config, and linted files that configure Celery themselves.
import path from 'node:path';
import { findCeleryApp } from '../../project/celery-app.js';
import { readText } from '../../project/fs.js';
import { findManagePy, findSettingsModule, type Location } from '../../project/locate.js';
import { moduleFile, readSettings } from '../../project/settings.js';

export interface Source {
  file: string;
  text: string;
  /** Module-level names are settings here (a settings module, a celeryconfig module). */
  holdsSettings: boolean;
}

/** Where settings live in a Django project (settings.py, settings/*.py, celery.py, celeryconfig.py). */
const SETTINGS_FILE = /(^|\/)([^/]*settings[^/]*\/[^/]*|[^/]*settings[^/]*|celery[^/]*|[^/]*celery_app)\.py$/;
/** The app module itself: its module-level names (`app`) are no settings. */
const APP_MODULE = /(^|\/)celery(_app)?\.py$/;
/** A linted file that may configure Celery itself (`app.conf...`, `Celery(...)`). */
const CONFIGURES_CELERY =
  /\.conf(\.\w+|\[[^\]]+\])\s*=(?!=)|\.conf\.update\(|\bCelery\s*\(|config_from_object/;

export function configSources(
  root: string,
  projectFiles: string[],
  lintedFiles: string[],
): { sources: Source[]; reasons: string[]; location: Location | null } {
  const sources = new Map<string, Source>();
  const reasons: string[] = [];
  const add = (file: string, holdsSettings: boolean, text = readText(path.join(root, file))) => {
    const known = sources.get(file);
    if (known) known.holdsSettings ||= holdsSettings;
    else if (text !== null) sources.set(file, { file, text, holdsSettings });
  };
  const location = findManagePy(root);
  const settingsModule = location ? findSettingsModule(location) : null;
  if (settingsModule) {
    const settings = readSettings(root, settingsModule);
    if (!settings.files.length) reasons.push(`the settings module ${settingsModule} was not found`);
    for (const file of [...settings.files, ...settings.siblings]) add(file.path, true, file.source);
  }
  const app = findCeleryApp(root);
  const appFile = app ? moduleFile(root, app) : null;
  if (appFile) add(appFile, false);
  const holdsSettings = (file: string) => SETTINGS_FILE.test(file) && !APP_MODULE.test(file);
  for (const file of projectFiles) if (SETTINGS_FILE.test(file)) add(file, holdsSettings(file));
  for (const file of lintedFiles) {
    const text = readText(path.join(root, file));
    if (text !== null && CONFIGURES_CELERY.test(text)) add(file, holdsSettings(file), text);
  }
  return { sources: [...sources.values()], reasons, location };
}
