// Runs bench/empty-generator.js the way our bin runs a generator: commander + yeoman-environment's prepareCommand.
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

const program = new Command('floor').exitOverride();
const { prepareCommand } = await import('yeoman-environment');
const resolved = fileURLToPath(new URL('../../bench/empty-generator.js', import.meta.url));
const command = await prepareCommand({ resolved, namespace: 'bench:empty' });
program.addCommand(command.name('empty').exitOverride(), { isDefault: true });
await program.parseAsync(process.argv);
