// Runs test/stack/harness.py against a project and a Redis, and returns its one-line JSON report.
import { spawn } from 'node:child_process';
import path from 'node:path';

const HARNESS = path.resolve(import.meta.dirname, 'harness.py');

/** One passed check: its name and what it saw (results, states, schedule kinds). */
export interface StackCheck {
  name: 'settings' | 'registered' | 'task' | 'chain' | 'chainFailure' | 'beat';
  [detail: string]: unknown;
}

export interface StackReport {
  ok: boolean;
  /** The check that failed, or the stage that crashed (`project`, `worker`, ...). */
  failed?: string;
  error?: string;
  checks: StackCheck[];
  exitCode: number | null;
  /** Django's and the worker's logs, for the failure message. */
  stderr: string;
}

/** `python harness.py <project> <redisUrl> --timeout <s>`; rejects only when no report came back. */
export function runStackHarness(
  python: string,
  project: string,
  redisUrl: string,
  timeoutSeconds = 30,
): Promise<StackReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [HARNESS, project, redisUrl, '--timeout', String(timeoutSeconds)], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ ...(JSON.parse(line) as Omit<StackReport, 'exitCode' | 'stderr'>), exitCode, stderr });
      } catch {
        reject(
          new Error(
            `harness.py gave no JSON report (exit code ${exitCode}).\nstdout:\n${stdout}\nstderr:\n${stderr}`,
          ),
        );
      }
    });
  });
}
