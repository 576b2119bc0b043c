// Wall-clock timing of whole processes, and the few statistics the report shows.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

// GNU time, when the machine has it, adds each run's CPU time (user + system): on a shared machine it moves
// less with other people's load than the wall time does.
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const MARK = '@@bench-time';

/**
 * Runs a command to the end and returns its wall time in ms, from spawn to exit (and its CPU time in ms, or
 * null). A failing run stops the bench: a figure from a broken run would be meaningless.
 */
export function timeProcess({ command, args, cwd, env }) {
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', `${MARK} %U %S`, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const at = stderr.lastIndexOf(MARK);
      const [user, system] =
        at < 0
          ? []
          : stderr
              .slice(at + MARK.length)
              .trim()
              .split(/\s+/)
              .map(Number);
      const cpuMs = at < 0 ? null : Math.round((user + system) * 1000);
      if (at >= 0) stderr = stderr.slice(0, at);
      if (code === 0) return resolve({ ms, cpuMs, stdout, stderr });
      reject(new Error(`${command} ${args.join(' ')} exited ${code} in ${cwd}\n${stderr || stdout}`));
    });
  });
}

/**
 * Measures several variants in interleaved rounds (A B C, A B C, ...), so a load spike on this shared machine
 * hits every variant alike instead of one of them. `prepare` (untimed) returns what to spawn; `check` (optional)
 * throws if the output shows the run did not do what it should.
 */
export async function measureRounds(variants, { runs, warmups, onRound = () => {} }) {
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const cpu = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < warmups + runs; round++) {
    for (const [name, variant] of Object.entries(variants)) {
      const spec = await variant.prepare();
      const result = await timeProcess(spec);
      variant.check?.(result, spec);
      if (round >= warmups) {
        samples[name].push(result.ms);
        if (result.cpuMs !== null) cpu[name].push(result.cpuMs);
      }
    }
    onRound(round + 1, warmups + runs);
  }
  return { samples, cpu };
}

/** Linear-interpolated quantile of sorted numbers. */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}

export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n) => Math.round(n * 10) / 10;
  return {
    runs: sorted.length,
    median: round(quantile(sorted, 0.5)),
    q1: round(quantile(sorted, 0.25)),
    q3: round(quantile(sorted, 0.75)),
    min: round(sorted[0]),
    max: round(sorted.at(-1)),
    samples: values.map(round),
  };
}

/** Per-round differences a[i] - b[i]: the rounds are interleaved, so each pair ran under the same load. */
export function pairedDifference(a, b) {
  return summarize(a.map((value, i) => value - b[i]));
}
