// The readable table of `npm run bench`: every figure as median [min–max] with its IQR, and each target.
const ms = (n) => `${Math.round(n).toLocaleString('en-US')} ms`;
const spread = (s) =>
  `${ms(s.median).padStart(9)}  [${ms(s.min)} – ${ms(s.max)}]  IQR ${Math.round(s.q1)}–${Math.round(s.q3)}`;
// GNU time counts CPU time in 10 ms steps.
const cpu = (n) => (n < 10 ? '<10 ms' : ms(n));
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const row = (label, text) => `  ${label.padEnd(44)} ${text}`;

export function formatResults(r) {
  const t = r.timingsMs;
  // A measured row: wall time, and the CPU time (user + system) when GNU time was there to read it.
  const timed = (label, name) =>
    row(label, `${spread(t[name])}${r.cpuMs[name] ? `   cpu ${cpu(r.cpuMs[name].median)}` : ''}`);
  const { lintOff, lintOn } = r.overhead;
  const lines = [
    '',
    `generator-celery-django benchmarks, ${r.date.slice(0, 10)}`,
    `Node ${r.machine.node}, ${r.machine.cpus} cores (${r.machine.cpuModel}), load average ${r.machine.loadAverage.before} before / ${r.machine.loadAverage.after} after`,
    `Whole processes, ${r.runs} runs after ${r.warmups} warm-up${r.warmups === 1 ? '' : 's'}, interleaved; median [min – max], IQR; differences paired per round`,
    '',
    'Start-up: our bin --dry-run (task/basic-retry) against a bare yeoman-environment run of an empty generator',
    timed('floor: empty generator', 'floor'),
    timed('celery-django task --dry-run', 'dryRun'),
    row('difference', spread(r.startup.differenceMs)),
    row(
      'ratio',
      `${r.startup.ratio.toFixed(2)}x${r.startup.cpuRatio ? ` (cpu ${r.startup.cpuRatio.toFixed(2)}x)` : ''}   target <= ${r.targets.startupRatio}x   ${verdict(r.startup.ratio <= r.targets.startupRatio)}`,
    ),
    '',
    'Overhead: a full run against an instant loopback model (fresh project copy each run), against the dry run',
    timed('full run, --no-lint', 'fullRun'),
    row(
      'added beside the model, lint off',
      `${spread(lintOff.addedMs)}   ratio ${lintOff.ratio.toFixed(2)}x`,
    ),
    row(
      '',
      `target < ${r.targets.overheadMs} ms   ${verdict(lintOff.addedMs.median < r.targets.overheadMs)}`,
    ),
    timed('full run, lint on (embedded ruff-wasm)', 'fullRunLint'),
    row('added beside the model, lint on', `${spread(lintOn.addedMs)}   ratio ${lintOn.ratio.toFixed(2)}x`),
    row('', `target < ${r.targets.overheadMs} ms   ${verdict(lintOn.addedMs.median < r.targets.overheadMs)}`),
    '',
    `Lint: the same ${r.lint.files.length} generated files (${r.lint.files.filter((f) => f.endsWith('.py')).length} Python + compose)`,
    timed('celery-django lint, embedded ruff-wasm', 'lintEmbedded'),
    row(
      '',
      `target < ${r.targets.embeddedLintMs} ms   ${verdict(t.lintEmbedded.median < r.targets.embeddedLintMs)}`,
    ),
    ...(t.lintNative
      ? [
          timed("celery-django lint, project's .venv/bin/ruff", 'lintNative'),
          timed('ruff check alone (reference)', 'ruffAlone'),
          row('embedded / project ruff', `${r.lint.ratioEmbeddedToNative.toFixed(2)}x`),
        ]
      : [row("project's ruff", r.lint.nativeRuff)]),
    '',
    `Prompt size: tokens of the request (system + user), ${r.prompts.tokenizer}, example project, largest first`,
    `  ${'prompt'.padEnd(32)} ${'system'.padStart(7)} ${'user'.padStart(7)} ${'total'.padStart(7)} ${'chars'.padStart(8)}`,
    ...r.prompts.entries.map(
      (p) =>
        `  ${p.id.padEnd(32)} ${String(p.system).padStart(7)} ${String(p.user).padStart(7)} ${String(p.total).padStart(7)} ${String(p.chars).padStart(8)}`,
    ),
    '',
    `Raw numbers: bench/results.json (bench took ${r.benchSeconds} s)`,
    '',
  ];
  return lines.join('\n');
}
