// Stage 1, locate: what the Django project around the working folder looks like. Plain synchronous reads,
// no Python needed; every field is a best guess that stays null (or empty) when the project does not say.
import path from 'node:path';
import type { Project } from '../types.js';
import { detectBroker } from './broker.js';
import { findCeleryApp } from './celery-app.js';
import { readText } from './fs.js';
import { findManagePy, findSettingsModule } from './locate.js';
import { readVersions } from './requirements.js';
import { localApps, moduleFile, readSettings } from './settings.js';

export { taskApp, templateFacts } from './facts.js';

/** The Django project holding `cwd` (manage.py here, above, or in a `src/` on the way), or null. */
export function detectProject(cwd: string): Project | null {
  const location = findManagePy(cwd);
  if (!location) return null;
  const { root, configDirs } = location;
  const settingsModule = findSettingsModule(location);
  const settings = settingsModule ? readSettings(root, settingsModule) : null;
  const celeryApp = findCeleryApp(root);
  const celeryAppFile = celeryApp ? moduleFile(root, celeryApp) : null;
  const celeryAppSource = celeryAppFile ? readText(path.join(root, celeryAppFile)) : null;
  const { celeryExtras, ...versions } = readVersions(root, configDirs);
  const { apps, appLabels } = settings ? localApps(root, settings.files) : { apps: [], appLabels: [] };
  const { broker, brokerUrl } = detectBroker(
    [...(settings?.files ?? []), ...(settings?.siblings ?? [])],
    celeryAppFile && celeryAppSource !== null ? { path: celeryAppFile, source: celeryAppSource } : null,
    celeryExtras,
  );
  return {
    root,
    settingsModule,
    settingsFile: settings?.file ?? null,
    package: settingsModule ? (settingsModule.split('.')[0] as string) : null,
    celeryApp,
    apps,
    appLabels,
    djangoVersion: versions.djangoVersion,
    celeryVersion: versions.celeryVersion,
    broker,
    brokerUrl,
    requirementsFile: versions.requirementsFile,
  };
}
