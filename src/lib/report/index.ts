// Stage 9: what the user reads after a run: what was written, what was kept, the model's notes, and the commands
// to run next with the project's real module names. The notes and the paths come from the model: they reach the
// terminal only through forTerminal.
import { forTerminal } from './terminal-text.js';
import type { Project, PlannedWrite } from '../types.js';

export interface RunOutcome {
  written: PlannedWrite[];
  kept: PlannedWrite[];
  identical: PlannedWrite[];
  notes: string;
  project: Project | null;
  /** Placeholders left as they are (a secret bound to another file), and why. */
  warnings?: string[];
}

export function summarize({ written, kept, identical, notes, project, warnings = [] }: RunOutcome): string {
  const lines: string[] = [];
  lines.push(`Written: ${written.length === 0 ? 'nothing' : pathsOf(written)}`);
  if (identical.length > 0) lines.push(`Already up to date: ${pathsOf(identical)}`);
  if (kept.length > 0) {
    lines.push(`Kept as they are (the answer changes them, and no one said yes): ${pathsOf(kept)}`);
    lines.push('  Review them with --apply <record> in a terminal, or accept them all with --force.');
  }
  for (const warning of warnings) lines.push(`Warning: ${warning}`);
  if (notes.trim()) lines.push('', 'Notes from the model:', indent(notes.trim()));
  const commands = nextCommands(written, project);
  if (commands.length > 0) lines.push('', 'Next:', ...commands.map((c) => `  ${c}`));
  return forTerminal(lines.join('\n'));
}

const pathsOf = (writes: PlannedWrite[]): string => writes.map((w) => w.path).join(', ');

/** The `-A` target: an existing app module, else one this run created. */
export function celeryAppModule(written: PlannedWrite[], project: Project | null): string | null {
  const created = written.find((w) => w.path.endsWith('.py') && /\bCelery\(/.test(w.content));
  const module = created ? created.path.replace(/\.py$/, '').replace(/\//g, '.') : project?.celeryApp;
  // `celery -A shopsite` finds shopsite/celery.py by itself.
  return module ? module.replace(/\.celery$/, '') : null;
}

function nextCommands(written: PlannedWrite[], project: Project | null): string[] {
  if (written.length === 0) return [];
  const app = celeryAppModule(written, project);
  if (!app) return [];
  const commands = [`celery -A ${app} worker -l INFO`];
  if (written.some((w) => /beat_schedule|BEAT_SCHEDULE/.test(w.content))) {
    commands.push(`celery -A ${app} beat -l INFO`);
  }
  return commands;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
