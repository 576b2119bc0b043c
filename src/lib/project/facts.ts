// The project facts a catalog template may name (`{{project.package}}`, `{{project.djangoVersion|5.x}}`), so
// each request speaks of this project's package, files and versions instead of the library's example.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Project, TemplateFacts } from '../types.js';
import { moduleFile } from './settings.js';

/** Where a new task goes: the first local app (in settings order) that already holds tasks, else the first. */
export function taskApp(project: Project): string | undefined {
  const holdsTasks = (app: string) =>
    ['tasks.py', 'tasks/__init__.py'].some((file) =>
      existsSync(path.join(project.root, ...app.split('.'), file)),
    );
  return project.apps.find(holdsTasks) ?? project.apps[0];
}

/** The facts of a detected project; all null outside a project (templates then use their fallbacks). */
export function templateFacts(project: Project | null): TemplateFacts {
  const appFile = project?.celeryApp ? moduleFile(project.root, project.celeryApp) : null;
  return {
    package: project?.package ?? null,
    djangoVersion: project?.djangoVersion ?? null,
    celeryVersion: project?.celeryVersion ?? null,
    // The existing app's file, else where a new one goes (beside the settings, as Celery's Django guide has it).
    celeryApp: appFile ?? (project?.package ? `${project.package}/celery.py` : null),
    settingsFile: project?.settingsFile ?? null,
  };
}
