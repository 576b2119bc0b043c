// Text from outside (the model, a server, the project's files, run records) shown in a terminal must not drive the
// terminal: an escape sequence can erase lines, hide a line of a diff or write the clipboard, and a bidi override
// can show one name as another. Every such character is shown as what it is instead.

// Controls (C0 but tab and newline, DEL, C1), format characters (bidi, zero-width) and line/paragraph separators.
const UNSAFE = /(?![\t\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `\x1b`, `\u202e`: the character's code as plain text. */
function visible(character: string): string {
  const code = character.codePointAt(0)!;
  return code < 0x80
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control, escape and format character made visible; newlines and tabs kept. */
export function forTerminal(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, visible);
}

export const MARK = '  <- held hidden characters, shown as codes';

/** For a diff: each line that held such characters is also marked, so a reviewer cannot miss it. */
export function forTerminalMarked(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const shown = forTerminal(line.replace(/\r$/, ''));
      return shown === line.replace(/\r$/, '') ? line.replace(/\r$/, '') : `${shown}${MARK}`;
    })
    .join('\n');
}
