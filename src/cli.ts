#!/usr/bin/env node
// Our own bin: the same generators as `yo celery-django:<name>`, plus list, history and lint. No global yo needed.
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { GENERATORS } from './lib/catalog/sections.js';
import { RUN_OPTIONS } from './lib/run-options.js';
import { UserError } from './lib/errors.js';
import type { LintCommandOptions } from './lib/lint/command.js';

const COMMANDS = new Set(['list', 'history', 'lint', 'models', 'help']);

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
  program
    .command('models')
    .description('List the models the configured server offers')
    .option('--provider <name>', RUN_OPTIONS.provider.description)
    .option('--base-url <url>', RUN_OPTIONS['base-url'].description)
    .option('--api <api>', RUN_OPTIONS.api.description)
    .action(async (options: { provider?: string; baseUrl?: string; api?: string }) => {
      const { formatModels } = await import('./lib/generate/models.js');
      process.stdout.write(await formatModels(options));
    });

  // Preparing a generator command instantiates it, so prepare only the one this run needs.
  const requested = argv[2];
  const known = GENERATORS.some((generator) => generator.name === requested);
  const name = known ? requested : requested && COMMANDS.has(requested) ? null : 'app';
  for (const { name: generator, description } of GENERATORS) {
    if (generator === name)
      program.addCommand(await prepareGenerator(generator, description), { isDefault: generator === 'app' });
    else program.command(generator).description(description);
  }
  await program.parseAsync(argv);
}

async function prepareGenerator(name: string, description: string): Promise<Command> {
  const { prepareCommand } = await import('yeoman-environment');
  const resolved = fileURLToPath(new URL(`./generators/${name}/index.js`, import.meta.url));
  const command = await prepareCommand({ resolved, namespace: `celery-django:${name}` });
  // Yeoman's own --dry-run ("Print conflicts") is registered first; ours does more, so say what it does.
  const dryRun = command.options.find((option) => option.long === '--dry-run');
  if (dryRun) dryRun.description = RUN_OPTIONS['dry-run'].description;
  return command.name(name).description(description).showHelpAfterError().exitOverride();
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
