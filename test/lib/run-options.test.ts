// Every flag is read and checked once, whichever way yo or commander spelled it.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import {
  parseRunOptions,
  RESERVED_QUESTION_NAMES,
  RUN_OPTIONS,
  YEOMAN_OPTIONS,
} from '../../src/lib/run-options.js';

const thrown = (run: () => unknown): UsageError => {
  try {
    run();
  } catch (error) {
    return error as UsageError;
  }
  throw new Error('expected an error');
};

describe('parseRunOptions', () => {
  it('reads camelCased and dashed flags alike, and the question flags by question name', () => {
    const options = parseRunOptions(
      { dryRun: true, 'base-url': 'http://localhost:11434/v1', taskName: 'send_invoice', 'max-retries': '3' },
      ['taskName', 'maxRetries', 'queue'],
    );
    expect(options.dryRun).toBe(true);
    expect(options.baseUrl).toBe('http://localhost:11434/v1');
    expect(options.questionFlags).toEqual({ taskName: 'send_invoice', maxRetries: '3', queue: undefined });
  });

  it('turns --timeout seconds into milliseconds and keeps the bounds of an answer', () => {
    const options = parseRunOptions({ timeout: '90', maxOutputTokens: '4000' }, []);
    expect(options.timeoutMs).toBe(90_000);
    expect(options.maxOutputTokens).toBe(4000);
    expect(options.maxFiles).toBeUndefined();
    expect(parseRunOptions({ 'max-files': '500' }, []).maxFiles).toBe(500);
  });

  it('lints unless --no-lint, and asks only when told or when there is a terminal', () => {
    expect(parseRunOptions({}, []).lint).toBe(true);
    expect(parseRunOptions({ lint: false }, []).lint).toBe(false);
    expect(parseRunOptions({ interactive: false }, []).interactive).toBe(false);
  });

  it('stops with a usage error (exit 2) naming the flag for a number that is not a positive whole one', () => {
    for (const [flag, value] of [
      ['timeout', 'soon'],
      ['max-output-tokens', '-5'],
      ['max-files', '1.5'],
    ]) {
      const error = thrown(() => parseRunOptions({ [flag!]: value }, []));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(`--${flag} must be a positive whole number, not "${value}"`);
    }
  });
});

it('reserves every flag of the run and of Yeoman, so no question can shadow one', () => {
  const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  for (const flag of [...Object.keys(RUN_OPTIONS), ...YEOMAN_OPTIONS]) {
    expect(RESERVED_QUESTION_NAMES).toContain(camel(flag));
  }
  expect(RESERVED_QUESTION_NAMES).toContain('whitespace');
});
