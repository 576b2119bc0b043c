#!/usr/bin/env node
// Our own bin: the same generators as `yo celery-django:<name>`, plus list, history and lint. No global yo needed.
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { RUN_OPTIONS } from './generators/options.js';
import { UserError } from './lib/errors.js';
import type { LintCommandOptions } from './lib/lint/command.js';

const GENERATORS: Record<string, string> = {
  app: 'Menu of every prompt, grouped by section (the default)',
  task: 'Task generation: retries, idempotency, progress, long-running tasks',
  config: 'Configuration: initial setup, routing, beat schedule, production settings',
  errors: 'Error handling: retry strategy, dead letter queue, circuit breaker',
  tests: 'Testing: unit, integration, view tests',
  workflow: 'Workflows: chain, group, chord, fan-out',
  debug: 'Debugging guides: task not running, stuck tasks, memory leaks',
  performance: 'Performance: optimize a task, scaling, rate limiting',
  production: 'Production: deploy checklist, Docker, monitoring, incident runbook',
  custom: 'Your own request in the template structure',
  docker: 'Production Docker setup (production/docker)',
};
const COMMANDS = new Set(['list', 'history', 'lint', 'help']);

async function main(argv: string[]): Promise<void> {
  const program = new Command('celery-django')
    .description('Ask an LLM to write Celery code into your Django project, then check it.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('list')
    .description('List the prompt catalog with each prompt’s questions')
    .option('--json', 'Print JSON for scripts and editors')
    .action(async (options: { json?: boolean }) => {
      const { formatCatalog, catalogAsJson } = await import('./lib/catalog/list.js');
      process.stdout.write(options.json ? `${JSON.stringify(catalogAsJson(), null, 2)}\n` : formatCatalog());
    });
  program
    .command('history')
    .description('List recent runs and where their records are')
    .option('-n, --limit <count>', 'How many runs to show', '20')
    .action(async (options: { limit: string }) => {
      const { formatHistory, listRuns } = await import('./lib/runs/index.js');
      process.stdout.write(`${formatHistory(listRuns(Number(options.limit) || 20))}\n`);
    });
  program
    .command('lint [paths...]')
    .description('Check files of your project (default: its Python, compose, Docker and shell files)')
    .option('--fix', "Apply ruff's safe fixes and format Python files")
    .option('--strict', 'Exit 1 when there are findings')
    .option('--all', 'List every finding, even of a rule that fires more than 5 times')
    .option('--json', 'Print every finding as one JSON document, for editors and CI')
    .action(async (paths: string[], options: Omit<LintCommandOptions, 'cwd'>) => {
      const { lintCommand } = await import('./lib/lint/command.js');
      process.exitCode = await lintCommand(paths, { ...options, cwd: process.cwd() });
    });

  // Preparing a generator command instantiates it, so prepare only the one this run needs.
  const requested = argv[2];
  const name =
    requested && requested in GENERATORS ? requested : requested && COMMANDS.has(requested) ? null : 'app';
  for (const [generator, description] of Object.entries(GENERATORS)) {
    if (generator === name)
      program.addCommand(await prepareGenerator(generator), { isDefault: generator === 'app' });
    else program.command(generator).description(description);
  }
  await program.parseAsync(argv);
}

async function prepareGenerator(name: string): Promise<Command> {
  const { prepareCommand } = await import('yeoman-environment');
  const resolved = fileURLToPath(new URL(`./generators/${name}/index.js`, import.meta.url));
  const command = await prepareCommand({ resolved, namespace: `celery-django:${name}` });
  // Yeoman's own --dry-run ("Print conflicts") is registered first; ours does more, so say what it does.
  const dryRun = command.options.find((option) => option.long === '--dry-run');
  if (dryRun) dryRun.description = RUN_OPTIONS['dry-run']!.description;
  return command.name(name).description(GENERATORS[name]!).showHelpAfterError().exitOverride();
}

main(process.argv).catch((error: unknown) => {
  process.exitCode = exitCodeFor(error);
});

function exitCodeFor(error: unknown): number {
  const err = error as Error & { code?: string; exitCode?: number };
  if (err.code?.startsWith('commander.')) {
    // Help and version are not failures; commander already printed its message.
    return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? 0 : 2;
  }
  if (err instanceof UserError) {
    process.stderr.write(`\n${err.message}\n`);
    return err.exitCode;
  }
  if (err?.name === 'ExitPromptError' || err?.name === 'AbortPromptError') {
    process.stderr.write('\nCancelled. Nothing was written.\n');
    return 130;
  }
  process.stderr.write(`\nUnexpected error: ${err?.stack ?? String(error)}\n`);
  return 1;
}
