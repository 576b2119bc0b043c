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
  const brokerSources = [...(settings?.chain ?? []), ...(settings?.siblings ?? [])].map(
    (file) => file.source,
  );
  return {
    root,
    settingsModule,
    settingsFile: settings?.file ?? null,
    package: settingsModule ? (settingsModule.split('.')[0] as string) : null,
    celeryApp,
    apps: settings ? localApps(root, settings.chain) : [],
    ...readVersions(root, configDirs),
    broker: detectBroker(celeryAppSource === null ? brokerSources : [...brokerSources, celeryAppSource]),
  };
}
