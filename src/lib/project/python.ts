// Just enough Python reading for project detection: logical statements without comments, string literals,
// and list expressions such as `DJANGO_APPS + THIRD_PARTY_APPS + ["orders"]`. Not a parser: a scanner that
// knows where strings, comments and brackets start and end, which is what regexes alone get wrong.

/** One logical line of Python: comments removed, continuation lines joined, strings kept as written. */
export interface Statement {
  text: string;
  /** Inside a block (`if DEBUG:`, a function): not a module-level statement. */
  indented: boolean;
}

/** Index just past the string literal opening at `start` (a quote character). */
export function stringEnd(source: string, start: number): number {
  const quote = source[start] as string;
  const triple = source.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  // An unterminated one-line string ends at the line end, as Python's tokenizer would report it.
  while (i < source.length && (triple || source[i] !== '\n')) {
    if (source[i] === '\\') i += 2;
    else if (source.startsWith(closing, i)) return i + closing.length;
    else i += 1;
  }
  return Math.min(i, source.length);
}

/** Splits Python source into logical statements (brackets and backslashes continue a line). */
export function statements(source: string): Statement[] {
  const result: Statement[] = [];
  let parts: string[] = []; // pieces of the current statement, joined when it ends
  let from = 0; // start of the piece being read
  let depth = 0;
  let lineIndented = false;
  const cut = (to: number, next: number) => {
    if (to > from) parts.push(source.slice(from, to));
    from = next;
  };
  const finish = (at: number, next: number) => {
    cut(at, next);
    const text = parts.join('').trim();
    if (text) result.push({ text, indented: lineIndented });
    parts = [];
  };
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i] as string;
    if (ch === '"' || ch === "'") {
      i = stringEnd(source, i) - 1;
    } else if (ch === '#') {
      cut(i, i);
      while (i + 1 < source.length && source[i + 1] !== '\n') i += 1;
      from = i + 1;
    } else if (ch === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      cut(i, i);
      parts.push(' ');
      i += source[i + 1] === '\r' && source[i + 2] === '\n' ? 2 : 1;
      from = i + 1;
    } else if (ch === '\n' && depth === 0) {
      finish(i, i + 1);
      lineIndented = source[i + 1] === ' ' || source[i + 1] === '\t';
    } else if (ch === ';' && depth === 0) {
      finish(i, i + 1);
    } else if (ch === '(' || ch === '[' || ch === '{') depth += 1;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth -= 1;
  }
  finish(source.length, source.length);
  return result;
}

const STRING_LITERAL =
  /(?<![\w'"])[rRuUbB]?("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** The values of the plain string literals in a piece of Python (f-strings are skipped). */
export function stringLiterals(text: string): string[] {
  return [...text.matchAll(STRING_LITERAL)].map((match) => {
    const literal = match[1] as string;
    const quote = literal.startsWith('"""') || literal.startsWith("'''") ? 3 : 1;
    return literal.slice(quote, -quote);
  });
}

/** The value of `text` when it is exactly one string literal. */
export function asString(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[rRuU]?['"]/.test(trimmed) || !/['"]$/.test(trimmed)) return null;
  const values = stringLiterals(trimmed);
  return values.length === 1 ? (values[0] as string) : null;
}

/** Splits at `separator` where it is outside brackets and strings. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'") i = stringEnd(text, i) - 1;
    else if (ch === '(' || ch === '[' || ch === '{') depth += 1;
    else if (ch === ')' || ch === ']' || ch === '}') depth -= 1;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

export interface Assignment {
  name: string;
  operator: '=' | '+=';
  value: string;
}

/** `NAME = value` or `NAME += value` (no tuple targets, no comparisons). */
export function assignment(statement: string): Assignment | null {
  // `NAME = ...`, `NAME += ...` and the annotated `NAME: Final[str] = ...`; not `else: NAME = ...`.
  const match =
    /^(?!(?:else|try|finally)\b)([A-Za-z_]\w*)\s*(?::\s*[A-Za-z_][\w.]*(?:\[[^=]*\])?\s*)?(\+=|=)(?!=)\s*([\s\S]*)$/.exec(
      statement,
    );
  if (!match) return null;
  return { name: match[1] as string, operator: match[2] as '=' | '+=', value: match[3] as string };
}

/**
 * The strings of a list expression: list/tuple literals, names of lists seen before, `*NAME` unpacking,
 * `list(...)` / `tuple(...)`, joined with `+`. Null when the expression is not list-like at all (`DEBUG = True`).
 */
export function evaluateList(expression: string, known: ReadonlyMap<string, string[]>): string[] | null {
  let listLike = false;
  const items: string[] = [];
  for (const term of splitTopLevel(expression, '+')) {
    const converted = /^(?:list|tuple)\s*\(([\s\S]*)\)$/.exec(term); // list(DJANGO_APPS), tuple([...])
    if (converted) {
      const inner = evaluateList(converted[1] as string, known);
      if (inner !== null) {
        listLike = true;
        items.push(...inner);
      }
    } else if (/^[[(][\s\S]*[\])]$/.test(term)) {
      listLike = true;
      for (const element of splitTopLevel(term.slice(1, -1), ',')) {
        const unpacked = /^\*\s*([A-Za-z_]\w*)$/.exec(element);
        if (unpacked) items.push(...(known.get(unpacked[1] as string) ?? []));
        else {
          const value = asString(element);
          if (value !== null) items.push(value);
        }
      }
    } else if (/^[A-Za-z_]\w*$/.test(term) && known.has(term)) {
      listLike = true;
      items.push(...(known.get(term) as string[]));
    }
  }
  return listLike ? items : null;
}

/**
 * Every list-valued module setting after running the given sources in order (a base module first, then the
 * modules that star-import it), following `=`, `+=`, `.append()`, `.extend()` and `.insert()`.
 */
export function listSettings(sources: string[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const source of sources) {
    for (const { text } of statements(source)) {
      const assigned = assignment(text);
      if (assigned) {
        const items = evaluateList(assigned.value, lists);
        if (items === null) continue;
        const before = assigned.operator === '+=' ? (lists.get(assigned.name) ?? []) : [];
        lists.set(assigned.name, [...before, ...items]);
        continue;
      }
      const call = /^([A-Za-z_]\w*)\.(append|extend|insert)\(([\s\S]*)\)$/.exec(text);
      if (call && lists.has(call[1] as string)) {
        const added = stringLiterals(call[3] as string);
        const current = lists.get(call[1] as string) as string[];
        lists.set(call[1] as string, call[2] === 'insert' ? [...added, ...current] : [...current, ...added]);
      }
    }
  }
  return lists;
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.y")` or `os.environ["DJANGO_SETTINGS_MODULE"] = "x.y"`. */
export function settingsModuleIn(source: string): string | null {
  for (const { text } of statements(source)) {
    const match = /['"]DJANGO_SETTINGS_MODULE['"]\s*(?:,|\]\s*=)\s*['"]([A-Za-z_][\w.]*)['"]/.exec(text);
    if (match) return match[1] as string;
  }
  return null;
}
