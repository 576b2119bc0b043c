// What a Python expression is worth to the rules, read from the syntax tree without running it: a number
// (`60 * 60 * 12`, `env.int("X", default=300)`, `timedelta(hours=2)`), a boolean, None, or a dict's entries.
// Anything else keeps only its text. The summary outlives the tree, so facts from other files can hold it.
import { callArguments, lastName, namedChildren, stringValue, type Node } from './syntax.js';

export interface Value {
  /** The expression as written. */
  text: string;
  /** Its number (seconds for a timedelta), when it can be read without running code. */
  number: number | null;
  bool: boolean | null;
  none: boolean;
  /** `{"k": v}` or `dict(k=v)`: the entries with plain keys; null for anything else. */
  entries: Map<string, Value> | null;
}

const TIMEDELTA_SECONDS: Record<string, number> = {
  weeks: 604800,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  milliseconds: 0.001,
};

/** Calls that read the environment with a fallback: `env.int("X", default=3)`, `os.environ.get("X", 3)`, `config("X", 3)`. */
const ENV_READER = /(^|\.)(env|getenv|get|config|int|float|get_int_from_env|get_env|environ\.get)$|^env\./;

function numberOfCall(call: Node): number | null {
  const fn = call.childForFieldName('function');
  const name = lastName(fn) ?? '';
  const args = callArguments(call);
  if (name === 'timedelta') {
    let seconds = 0;
    for (const [unit, value] of args.keywords) {
      const amount = numberOf(value);
      if (amount === null || !(unit in TIMEDELTA_SECONDS)) return null;
      seconds += amount * (TIMEDELTA_SECONDS[unit] as number);
    }
    const days = args.positional[0] ? numberOf(args.positional[0]) : 0;
    return days === null ? null : seconds + days * 86400;
  }
  if ((name === 'int' || name === 'float') && args.positional.length === 1 && !args.keywords.size) {
    return numberOf(args.positional[0] ?? null);
  }
  if (ENV_READER.test(fn?.text ?? '')) {
    const fallback = args.keywords.get('default') ?? args.positional[1] ?? null;
    return fallback ? numberOf(fallback) : null;
  }
  return null;
}

/** The number an expression evaluates to, when it is made of literals, arithmetic and env fallbacks. */
export function numberOf(node: Node | null): number | null {
  if (!node) return null;
  switch (node.type) {
    case 'integer':
    case 'float': {
      const parsed = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(parsed) ? parsed : null;
    }
    case 'string': {
      const text = stringValue(node);
      return text !== null && /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : null;
    }
    case 'parenthesized_expression':
      return numberOf(namedChildren(node)[0] ?? null);
    case 'unary_operator': {
      const value = numberOf(node.childForFieldName('argument'));
      return value === null ? null : node.text.trim().startsWith('-') ? -value : value;
    }
    case 'binary_operator': {
      const left = numberOf(node.childForFieldName('left'));
      const right = numberOf(node.childForFieldName('right'));
      if (left === null || right === null) return null;
      const operator = node.childForFieldName('operator')?.text;
      if (operator === '+') return left + right;
      if (operator === '-') return left - right;
      if (operator === '*') return left * right;
      if (operator === '/') return right === 0 ? null : left / right;
      if (operator === '//') return right === 0 ? null : Math.floor(left / right);
      if (operator === '**') return left ** right;
      return null;
    }
    case 'call':
      return numberOfCall(node);
    default:
      return null;
  }
}

/** A timedelta anywhere in an expression, in seconds: `timezone.now() + timedelta(hours=2)` gives 7200. */
export function timedeltaIn(node: Node): number | null {
  const calls = node.type === 'call' ? [node] : [];
  calls.push(...node.descendantsOfType('call').filter((call): call is Node => call !== null));
  const delta = calls.find((call) => lastName(call.childForFieldName('function')) === 'timedelta');
  return delta ? numberOfCall(delta) : null;
}

function entriesOf(node: Node): Map<string, Value> | null {
  const entries = new Map<string, Value>();
  if (node.type === 'dictionary') {
    for (const pair of namedChildren(node)) {
      if (pair.type !== 'pair') return null; // `**other`: more keys than can be seen
      const key = stringValue(pair.childForFieldName('key'));
      const value = pair.childForFieldName('value');
      if (key !== null && value) entries.set(key, valueOf(value));
    }
    return entries;
  }
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict') {
    const args = callArguments(node);
    if (args.splat || args.positional.length) return null;
    for (const [key, value] of args.keywords) entries.set(key, valueOf(value));
    return entries;
  }
  return null;
}

export function valueOf(node: Node): Value {
  return {
    text: node.text,
    number: numberOf(node),
    bool: node.type === 'true' ? true : node.type === 'false' ? false : null,
    none: node.type === 'none',
    entries: entriesOf(node),
  };
}
