// The plan as the user reads it: one line per file. A path is shown through the terminal sanitiser, though the plan
// already refuses paths holding hidden characters: a plan line is the last thing between an answer and the disk.
import { forTerminal } from '../report/terminal-text.js';
import type { WritePlan } from '../types.js';

/** `CREATE     orders/tasks.py (1.2 kB)`, one line per file, the paths aligned. */
export function formatPlan(plan: WritePlan): string[] {
  const width = Math.max(0, ...plan.writes.map((w) => w.action.length));
  return plan.writes.map((w) => {
    const size =
      w.action === 'append'
        ? `+${formatSize(Buffer.byteLength(w.content) - Buffer.byteLength(w.existing ?? ''))}`
        : formatSize(Buffer.byteLength(w.content));
    return `${w.action.toUpperCase().padEnd(width)}  ${forTerminal(w.path)} (${size})`;
  });
}

export function formatSize(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
