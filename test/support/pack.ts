// The package as users get it: `npm pack`, then installed with yo into a fresh folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './tree.js';

export interface InstalledPackage {
  /** The folder holding node_modules with yo and our package. */
  runner: string;
  /** The path of an installed bin (`yo`, `generator-celery-django`, `celery-django`). */
  bin(name: string): string;
}

let installed: InstalledPackage | undefined;

/** Packs the built package and installs it once per test file. */
export function packAndInstall(): InstalledPackage {
  if (installed) return installed;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-pack-'));
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], {
    cwd: REPO,
    encoding: 'utf8',
  });
  const tarball = path.join(tmp, packed.trim().split('\n').pop()!);
  const runner = path.join(tmp, 'runner');
  fs.mkdirSync(runner);
  fs.writeFileSync(path.join(runner, 'package.json'), '{"private": true}');
  const yoVersion = JSON.parse(
    fs.readFileSync(path.join(REPO, 'node_modules/yo/package.json'), 'utf8'),
  ).version;
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', `yo@${yoVersion}`, tarball],
    {
      cwd: runner,
      stdio: 'ignore',
    },
  );
  installed = { runner, bin: (name) => path.join(runner, 'node_modules/.bin', name) };
  return installed;
}
