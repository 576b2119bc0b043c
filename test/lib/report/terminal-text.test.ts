// One sanitiser for text from outside, and the places that show such text through it.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/lib/errors.js';
import { formatPlan } from '../../../src/lib/plan/index.js';
import { summarize } from '../../../src/lib/report/index.js';
import { forTerminal, forTerminalMarked, MARK } from '../../../src/lib/report/terminal-text.js';
import { formatHistory } from '../../../src/lib/runs/index.js';
import { formatUsage } from '../../../src/providers/pricing.js';

const ESC = '\u001b';
const HOSTILE = `a${ESC}[2K${ESC}]52;c;ZXZpbA==\u0007b\u009b31m\u202ec\u200bd\r\u0000e`;
const SHOWN = 'a\\x1b[2K\\x1b]52;c;ZXZpbA==\\x07b\\u009b31m\\u202ec\\u200bd\\x0d\\x00e';
/** Any character that could drive a terminal; tab and newline are plain text. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe('forTerminal', () => {
  it('shows controls, escapes, C1, bidi and zero-width characters as their codes', () => {
    expect(forTerminal(HOSTILE)).toBe(SHOWN);
  });

  it('keeps newlines, tabs, Windows line ends and ordinary text as they are', () => {
    expect(forTerminal('déjà vu\tok\r\nnext — “quoted” 日本\n')).toBe('déjà vu\tok\nnext — “quoted” 日本\n');
  });

  it('marks each line of a diff side that held such characters, and only those', () => {
    expect(forTerminalMarked(`plain\nX = 1  # ${ESC}[8mhidden\nend`)).toBe(
      `plain\nX = 1  # \\x1b[8mhidden${MARK}\nend`,
    );
  });
});

describe('what reaches the terminal', () => {
  it('an error message and its parts', () => {
    const error = new UserError(`failed: ${HOSTILE}`, `try ${HOSTILE}`);
    expect(error.message).toBe(`failed: ${SHOWN}\ntry ${SHOWN}`);
    expect(error.summary).not.toMatch(UNSAFE);
    expect(error.hint).not.toMatch(UNSAFE);
  });

  it('the summary with the notes and paths', () => {
    const write = { path: `orders/${HOSTILE}.py`, action: 'create' as const, content: '', existing: null };
    const text = summarize({ written: [write], kept: [write], identical: [], notes: HOSTILE, project: null });
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain(SHOWN);
  });

  it('a plan line', () => {
    const [line] = formatPlan({
      root: '/p',
      writes: [{ path: `x${HOSTILE}`, action: 'create', content: '', existing: null }],
    });
    expect(line).toBe(`CREATE  x${SHOWN} (0 B)`);
  });

  it('the usage line with the model id a server claimed', () => {
    const usage = { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 };
    expect(formatUsage({ model: HOSTILE, usage, costUsd: null }, 1000)).toMatch(
      new RegExp(`^${SHOWN.replace(/[\\[\]]/g, '\\$&')}: `),
    );
  });

  it('history, from records that hold anything', () => {
    const record = {
      version: 1 as const,
      promptId: HOSTILE,
      answers: {},
      model: HOSTILE,
      createdAt: HOSTILE,
    };
    const failed = { ...record, error: `${HOSTILE}\nsecond line` };
    const text = formatHistory([
      { file: `/runs/${HOSTILE}.json`, record },
      { file: '/runs/b.json', record: failed },
    ]);
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain(`failed: ${SHOWN}`);
  });
});
