// Some cases need a module of ours in a child process of its own (a file-size limit, a signal): TypeScript turns
// the module and the modules it imports into JavaScript in a temporary folder, the same layout as src/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { REPO } from './tree.js';

/** Transpiles `src/<module>.ts` and its relative imports; returns the file URL of the JavaScript module. */
export function transpiled(module: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-js-'));
  fs.writeFileSync(path.join(out, 'package.json'), '{"type": "module"}');
  const pending = [path.join(REPO, 'src', `${module}.ts`)];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = fs.readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = path.join(out, path.relative(path.join(REPO, 'src'), file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
    for (const [, relative] of outputText.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(path.resolve(path.dirname(file), `${relative}.ts`));
    }
  }
  return `file://${path.join(out, `${module}.js`)}`;
}
