// Temporary projects for the lint tests: files written from a map of relative path -> text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import type { Finding } from '../../../src/lib/types.js';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-lint-'));
  created.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** `file:line code` for each finding: compact to assert on, and readable when an assertion fails. */
export function located(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.file}:${finding.line} ${finding.code}`);
}

/** Python source from an indented template literal. */
export function py(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)?.[0].length ?? 0),
  );
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** Lints files of one project with the Celery rules; returns `file:line code` of the findings with that code. */
export async function celeryFindings(files: Record<string, string>, code: string): Promise<string[]> {
  const root = tempProject(files);
  const report = await lintCelery(
    Object.keys(files).filter((file) => file.endsWith('.py')),
    root,
  );
  return located(report.findings.filter((finding) => finding.code === code));
}

/** Settings with a global time limit, so that task fixtures do not also trigger CEL003. */
export const GLOBAL_TIME_LIMIT = 'CELERY_TASK_TIME_LIMIT = 300\n';
