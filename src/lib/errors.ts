// Every expected failure is a UserError: what happened (the summary, one line), what to do next (the hint),
// and the exit code (1 failed, 2 usage). The message holds both, so yo, which prints only the message, shows
// the hint too; our CLI prints it without a stack trace. Both often quote text from outside (a server's reply, a
// path, a model id), so both are made safe for the terminal here, once for every error.
import { forTerminal } from './report/terminal-text.js';

export class UserError extends Error {
  constructor(
    /** What happened, in one line. */
    readonly summary: string,
    /** What to do next. */
    readonly hint?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(forTerminal(hint ? `${summary}\n${hint}` : summary));
    this.summary = forTerminal(summary);
    this.hint = hint === undefined ? undefined : forTerminal(hint);
    this.name = new.target.name;
  }
}

/** Wrong or missing input from the user (exit code 2). */
export class UsageError extends UserError {
  constructor(summary: string, hint?: string) {
    super(summary, hint, 2);
  }
}
