// A fresh Django project for the real-stack test, made the way a user makes one:
// `django-admin startproject shopsite` and `startapp orders`, plus the Order model the recorded answers use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The orders app's model and migration, copied over what startapp made. */
const APP_FILES = path.resolve(import.meta.dirname, 'project');

/** Creates `shopsite/` (the folder holding manage.py) in a new temp folder and returns its path. */
export function createStackProject(python: string): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-stack-'));
  execFileSync(python, ['-m', 'django', 'startproject', 'shopsite'], { cwd: parent, stdio: 'pipe' });
  const root = path.join(parent, 'shopsite');
  execFileSync(python, ['manage.py', 'startapp', 'orders'], { cwd: root, stdio: 'pipe' });
  fs.cpSync(APP_FILES, root, { recursive: true });
  installApp(path.join(root, 'shopsite', 'settings.py'), 'orders');
  return root;
}

/** Adds an app at the end of INSTALLED_APPS, as a user would by hand. */
export function installApp(settingsFile: string, app: string): void {
  const settings = fs.readFileSync(settingsFile, 'utf8');
  const list = /^INSTALLED_APPS = \[\n([\s\S]*?)^\]/m;
  if (!list.test(settings))
    throw new Error(`${settingsFile} has no INSTALLED_APPS = [...] list to add ${app} to`);
  fs.writeFileSync(
    settingsFile,
    settings.replace(list, (_all, apps: string) => `INSTALLED_APPS = [\n${apps}    '${app}',\n]`),
  );
}
