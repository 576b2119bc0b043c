// Runs our generators in-process with yeoman-test, the way yo would, and captures what they print to stdout.
import path from 'node:path';
import helpers from 'yeoman-test';
import { vi } from 'vitest';
import { REPO } from '../support/tree.js';

export interface GeneratorRun {
  stdout: string;
  error: (Error & { exitCode?: number; hint?: string }) | null;
  askedQuestions: string[];
}

export async function runGenerator(
  name: string,
  cwd: string,
  options: Record<string, unknown>,
  answers: Record<string, unknown> = {},
): Promise<GeneratorRun> {
  const resolved = path.join(REPO, 'src/generators', name, 'index.ts');
  const { default: Generator } = await import(resolved);
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const context = helpers
    .run(
      Generator,
      { resolved, namespace: `celery-django:${name}`, tmpdir: false, cwd, forwardCwd: true },
      { force: false },
    )
    // yeoman-test defaults to --force; a user does not.
    .withOptions({ interactive: false, force: false, ...options } as never)
    .withAnswers(answers);
  const asked = () => context.askedQuestions.map((q) => q.name);
  try {
    await context;
    return { stdout, error: null, askedQuestions: asked() };
  } catch (error) {
    return { stdout, error: error as GeneratorRun['error'], askedQuestions: asked() };
  } finally {
    write.mockRestore();
  }
}
