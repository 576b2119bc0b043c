// `npm run bench`: what the tool costs beside the model's own time, measured as whole processes.
//   start-up  our bin's --dry-run against a bare yeoman-environment run of an empty generator (the floor)
//   overhead  a full run against an instant loopback model, against the dry run (lint off, then on)
//   lint      our embedded checks (ruff-wasm) against the project's own ruff, on the same ten generated files
//   prompt    tokens of the request of every catalog entry on the example project
// Prints a table with each target and writes the raw numbers to bench/results.json.
// BENCH_RUNS and BENCH_WARMUPS change the number of measured runs (default 6 after 1 warm-up: about three
// minutes on a 2-core machine, prompt sizes included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startInstantModel } from './bench/llm-server.js';
import { measurePromptSizes } from './bench/prompt-size.js';
import {
  BIN,
  REPO,
  REPO_RUFF,
  buildLintProject,
  createWorkspace,
  giveProjectRuff,
  readJson,
} from './bench/projects.js';
import { formatResults } from './bench/report.js';
import { measureRounds, pairedDifference, summarize, timeProcess } from './bench/timing.js';

const RUNS = Number(process.env.BENCH_RUNS) || 6;
const WARMUPS = Number(process.env.BENCH_WARMUPS ?? 1);
const TARGETS = { startupRatio: 1.3, overheadMs: 500, embeddedLintMs: 1000 };

const started = Date.now();
const loadBefore = os.loadavg()[0];
const workspace = createWorkspace();
const { env } = workspace;
const node = process.execPath;
const recorded = readJson('examples/recorded/task-basic-retry.json');
const answersFile = workspace.writeJson('answers-task-basic-retry.json', recorded.answers);
const model = await startInstantModel(recorded.answer);

try {
  const dryProject = workspace.copyExample('dry-run');
  const runArgs = ['task', '--prompt', 'task/basic-retry', '--answers', answersFile];
  const fullRun = (lintOn) => ({
    prepare: () => ({
      command: node,
      args: [BIN, ...runArgs, '--provider', 'openai', '--base-url', model.baseUrl, '--yes', '--force'].concat(
        lintOn ? [] : ['--no-lint'],
      ),
      cwd: workspace.copyExample(lintOn ? 'full-lint' : 'full'),
      env,
    }),
    check: ({ stderr, stdout }, { cwd }) => {
      if (!fs.existsSync(path.join(cwd, 'orders', 'tasks.py')))
        throw new Error(`no orders/tasks.py:\n${stderr}`);
      if (lintOn && !/ruff-wasm/.test(stdout + stderr))
        throw new Error(`the run did not lint with ruff-wasm:\n${stdout}`);
    },
  });

  const embedded = buildLintProject(workspace, 'lint-embedded');
  const native = buildLintProject(workspace, 'lint-native');
  const hasRepoRuff = fs.existsSync(REPO_RUFF);
  if (hasRepoRuff) giveProjectRuff(native.project);
  const lintRun = (project, files, label) => ({
    prepare: () => ({ command: node, args: [BIN, 'lint', ...files], cwd: project, env }),
    check: ({ stdout }) => {
      if (!stdout.includes(label)) throw new Error(`expected the lint report to say "${label}":\n${stdout}`);
    },
  });

  const variants = {
    floor: {
      prepare: () => ({
        command: node,
        args: [path.join(REPO, 'scripts/bench/floor.js')],
        cwd: dryProject,
        env,
      }),
    },
    dryRun: {
      prepare: () => ({ command: node, args: [BIN, ...runArgs, '--dry-run'], cwd: dryProject, env }),
      check: ({ stdout }) => {
        if (!stdout.includes('===== system')) throw new Error(`the dry run printed no request:\n${stdout}`);
      },
    },
    fullRun: fullRun(false),
    fullRunLint: fullRun(true),
    lintEmbedded: lintRun(embedded.project, embedded.files, 'ruff-wasm'),
    ...(hasRepoRuff && {
      lintNative: lintRun(native.project, native.files, '(.venv/bin/ruff)'),
      ruffAlone: {
        prepare: () => ({
          command: path.join(native.project, '.venv', 'bin', 'ruff'),
          args: ['check', '--quiet', ...native.files.filter((file) => file.endsWith('.py'))],
          cwd: native.project,
          env,
        }),
      },
    }),
  };

  process.stderr.write(
    `Measuring ${Object.keys(variants).length} variants, ${WARMUPS} warm-up + ${RUNS} rounds...\n`,
  );
  const { samples, cpu } = await measureRounds(variants, {
    runs: RUNS,
    warmups: WARMUPS,
    onRound: (done, total) => process.stderr.write(`  round ${done}/${total}\n`),
  });

  process.stderr.write('Counting prompt tokens for every catalog entry...\n');
  const catalog = JSON.parse(
    (await timeProcess({ command: node, args: [BIN, 'list', '--json'], cwd: dryProject, env })).stdout,
  );
  const prompts = await measurePromptSizes({
    entries: catalog,
    project: dryProject,
    bin: BIN,
    env,
    writeAnswers: (name, value) => workspace.writeJson(name, value),
  });

  const timings = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, summarize(values)]),
  );
  const cpuMs = Object.fromEntries(
    Object.entries(cpu).map(([name, values]) => [name, values.length ? summarize(values) : null]),
  );
  const ratio = (a, b) => Math.round((timings[a].median / timings[b].median) * 100) / 100;
  const cpuRatio = (a, b) =>
    cpuMs[a] && cpuMs[b] ? Math.round((cpuMs[a].median / cpuMs[b].median) * 100) / 100 : null;
  const results = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverage: { before: round2(loadBefore), after: round2(os.loadavg()[0]) },
    },
    runs: RUNS,
    warmups: WARMUPS,
    targets: TARGETS,
    timingsMs: timings,
    cpuMs,
    startup: {
      ratio: ratio('dryRun', 'floor'),
      cpuRatio: cpuRatio('dryRun', 'floor'),
      differenceMs: pairedDifference(samples.dryRun, samples.floor),
    },
    overhead: {
      lintOff: {
        ratio: ratio('fullRun', 'dryRun'),
        addedMs: pairedDifference(samples.fullRun, samples.dryRun),
      },
      lintOn: {
        ratio: ratio('fullRunLint', 'dryRun'),
        addedMs: pairedDifference(samples.fullRunLint, samples.dryRun),
      },
    },
    lint: {
      files: embedded.files,
      ratioEmbeddedToNative: samples.lintNative ? ratio('lintEmbedded', 'lintNative') : null,
      nativeRuff: hasRepoRuff
        ? 'the repository .venv/bin/ruff, symlinked into the project'
        : 'missing: no .venv/bin/ruff',
    },
    prompts: { tokenizer: 'gpt-tokenizer o200k_base', entries: prompts },
    benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  fs.mkdirSync(path.join(REPO, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(formatResults(results));
} finally {
  await model.close();
  workspace.cleanup();
}

function round2(n) {
  return Math.round(n * 100) / 100;
}
