// Every expected failure is a UserError: a message that says what happened and what to do next,
// and the exit code (1 failed, 2 usage). The CLI prints these without a stack trace.
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The text shown to the user: the cause, then what to do next. */
  get display(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

/** Wrong or missing input from the user (exit code 2). */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, 2);
  }
}
