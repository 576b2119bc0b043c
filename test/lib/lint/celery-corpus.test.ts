// The precision corpus: projects written in the styles of production code, each Python file saying in
// comments which findings it expects (`# expect: CEL003`) and which near misses must raise none
// (`# ok: CEL003`). The rules must find exactly the expected set: a new false alarm fails this test as
// surely as a missed finding.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import { CELERY_CODES } from '../../../src/lib/lint/celery/rules.js';
import { walkProject } from '../../../src/lib/lint/files.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/celery-corpus/', import.meta.url));
const PROJECTS = fs
  .readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Marked {
  /** `file:line CODE` of each expected finding. */
  expected: string[];
  /** `file:line CODE` of each near miss. */
  nearMisses: string[];
  /** Files whose header declares what they expect. */
  declared: string[];
  tasks: number;
}

const codesAfter = (comment: string, label: string): string[] =>
  new RegExp(`\\b${label}:\\s*((?:CEL\\d{3}[,\\s]*)+)`).exec(comment)?.[1]?.match(/CEL\d{3}/g) ?? [];

function readMarks(root: string, files: string[]): Marked {
  const marked: Marked = { expected: [], nearMisses: [], declared: [], tasks: 0 };
  for (const file of files) {
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
    // The first line, or the second after a shebang.
    if (lines.slice(0, 2).some((line) => line.startsWith('# Expected findings:'))) marked.declared.push(file);
    lines.forEach((line, index) => {
      const comment = line.slice(line.indexOf('#'));
      if (!line.includes('#')) return;
      for (const code of codesAfter(comment, 'expect')) marked.expected.push(`${file}:${index + 1} ${code}`);
      for (const code of codesAfter(comment, 'ok')) marked.nearMisses.push(`${file}:${index + 1} ${code}`);
    });
    marked.tasks += lines.filter((line) => /^@(shared_task|\w+\.task|\w+_task)\b/.test(line)).length;
  }
  return marked;
}

const results = await Promise.all(
  PROJECTS.map(async (project) => {
    const root = path.join(CORPUS, project);
    const files = walkProject(root).filter((file) => file.endsWith('.py'));
    const report = await lintCelery(files, root);
    const found = report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.code}`);
    return { project, files, found, ...readMarks(root, files) };
  }),
);

const sorted = (items: string[]) => [...items].sort();

describe('the precision corpus', () => {
  it.each(results.map((result) => [result.project, result] as const))(
    '%s: the rules find exactly the findings its files expect',
    (_project, result) => {
      expect(sorted(result.found)).toEqual(sorted(result.expected));
    },
  );

  it('declares its expectations in every file, and holds at least 60 tasks', () => {
    for (const result of results) expect(result.declared).toEqual(result.files);
    expect(results.reduce((sum, result) => sum + result.tasks, 0)).toBeGreaterThanOrEqual(60);
  });

  it('gives every rule at least three true and three false cases', () => {
    const count = (items: string[], code: string) => items.filter((item) => item.endsWith(` ${code}`)).length;
    const expected = results.flatMap((result) => result.expected);
    const nearMisses = results.flatMap((result) => result.nearMisses);
    const figures = CELERY_CODES.map((code) => [code, count(expected, code), count(nearMisses, code)]);
    expect(figures.filter(([, found, missed]) => (found as number) < 3 || (missed as number) < 3)).toEqual(
      [],
    );
  });

  it('matches the figures the README publishes', () => {
    const count = (code: string, key: 'expected' | 'nearMisses') =>
      results.flatMap((result) => result[key]).filter((item) => item.endsWith(` ${code}`)).length;
    const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const row = (label: string) =>
      new RegExp(`^ *\\| ${label} \\|(.*)\\|$`, 'm')
        .exec(readme)?.[1]
        ?.split('|')
        .map((cell) => Number(cell.trim()));
    expect(row('findings')).toEqual(CELERY_CODES.map((code) => count(code, 'expected')));
    expect(row('near misses, all silent')).toEqual(CELERY_CODES.map((code) => count(code, 'nearMisses')));
  });
});
