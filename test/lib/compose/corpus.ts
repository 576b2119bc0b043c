// The secrets corpus (test/fixtures/secrets): a Django project whose settings, compose file, Dockerfile,
// requirements and .env files hold every secret shape redaction must hide, and the values to look for.
import fs from 'node:fs';
import path from 'node:path';
import { copyProject, REPO } from '../../support/tree.js';

export const CORPUS = path.join(REPO, 'test/fixtures/secrets');

export interface CorpusSecret {
  file: string;
  shape: string;
  value: string;
}

export const corpus: { secrets: CorpusSecret[]; readable: string[] } = JSON.parse(
  fs.readFileSync(path.join(CORPUS, 'shapes.json'), 'utf8'),
);

/** A fresh copy of the corpus project. */
export const copyCorpus = (): string => copyProject(path.join(CORPUS, 'project'));

/** The files of the project as a request shows them (`### path`, then a fenced block), by path. */
export function sentFiles(user: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of user.matchAll(/^### (\S+)\n\n(`{3,})\w*\n([\s\S]*?)^\2$/gm)) files.set(m[1]!, m[3]!);
  return files;
}
