// Python read as Python (tree-sitter-python): a string literal is secret by where it stands, not by the line
// it is on. Plain, f-, r-, b- and triple-quoted strings, implicitly concatenated or `+`-joined, parenthesized,
// on the next line, in a conditional expression or after `or`, are hidden when they are
// - assigned to a secret-looking name, attribute, subscript key, dict key, keyword or parameter default;
// - the default of a lookup of a secret-looking name: `os.environ.get("X_TOKEN", "...")`, `os.getenv`,
//   `env("X", default="...")`, `env.str(...)`, `config(...)`, `os.environ.setdefault(...)`;
// - the password of `auth=(user, pw)` or `HTTPBasicAuth(user, pw)`, or the word after a secret flag in a
//   command list (`["redis-server", "--requirepass", "pw"]`).
// Only the literal parts of an f-string are hidden: `{name}` stays readable.
import type { Node, Parser } from 'web-tree-sitter';
import { callArguments, lastName, namedChildren, stringValue } from '../../lint/celery/syntax.js';
import { isSecretName } from './names.js';
import { followsSecretFlag } from './shapes.js';
import { valueSpans } from './values.js';
import type { Span } from './vault.js';

const KIND = 'secret setting';
const PASSWORD = 'password';

const WATCHED = [
  'assignment',
  'keyword_argument',
  'pair',
  'default_parameter',
  'typed_default_parameter',
  'call',
  'list',
  'tuple',
  'set',
];

export function pythonSpans(text: string, parser: Parser): Span[] {
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    return tree.rootNode.descendantsOfType(WATCHED).flatMap((node) => (node ? spansAt(node, text) : []));
  } finally {
    tree.delete();
  }
}

function spansAt(node: Node, text: string): Span[] {
  const field = (name: string) => node.childForFieldName(name);
  switch (node.type) {
    case 'assignment':
      return secretTarget(field('left')) ? valueSpansOf(field('right'), text, KIND) : [];
    case 'keyword_argument': {
      const name = field('name')?.text ?? '';
      if (name === 'auth') return secondOf(field('value'), text);
      return isSecretName(name) ? valueSpansOf(field('value'), text, KIND) : [];
    }
    case 'pair': {
      const key = field('key');
      const name = stringValue(key) ?? (key?.type === 'identifier' ? key.text : null);
      return name && isSecretName(name) ? valueSpansOf(field('value'), text, KIND) : [];
    }
    case 'default_parameter':
    case 'typed_default_parameter':
      return isSecretName(field('name')?.text ?? '') ? valueSpansOf(field('value'), text, KIND) : [];
    case 'call':
      return callSpans(node, text);
    default: {
      // A command in exec form: the word after a secret flag.
      const items = namedChildren(node);
      const words = items.map((item) => stringValue(item));
      return items.flatMap((item, i) =>
        followsSecretFlag(words, i) ? valueSpansOf(item, text, PASSWORD) : [],
      );
    }
  }
}

/** `SECRET_KEY`, `self.api_token`, `os.environ["DB_PASSWORD"]`, `DATABASES["default"]["PASSWORD"]`. */
function secretTarget(target: Node | null): boolean {
  if (!target) return false;
  if (target.type === 'subscript')
    return isSecretName(stringValue(target.childForFieldName('subscript')) ?? '');
  return isSecretName(lastName(target) ?? '');
}

/** A lookup of a secret-looking name: its default. `HTTPBasicAuth(user, pw)`: the password. */
function callSpans(call: Node, text: string): Span[] {
  const args = callArguments(call);
  if (/Auth$/.test(lastName(call.childForFieldName('function')) ?? '')) {
    return valueSpansOf(args.positional[1] ?? null, text, PASSWORD);
  }
  const looked = stringValue(args.positional[0] ?? null);
  if (!looked || !isSecretName(looked)) return [];
  return [...args.positional.slice(1), args.keywords.get('default') ?? null].flatMap((arg) =>
    valueSpansOf(arg, text, KIND),
  );
}

/** `auth=("user", "pw")`: the second element. */
function secondOf(node: Node | null, text: string): Span[] {
  const items = node && /^(tuple|list|parenthesized_expression)$/.test(node.type) ? namedChildren(node) : [];
  return valueSpansOf(items[1] ?? null, text, PASSWORD);
}

/** The string literals that make up a value, wherever the expression puts them. */
function valueSpansOf(node: Node | null, text: string, kind: string, depth = 0): Span[] {
  if (!node || depth > 30) return [];
  const inner = (child: Node | null) => valueSpansOf(child, text, kind, depth + 1);
  switch (node.type) {
    case 'string':
      return namedChildren(node)
        .filter((part) => part.type === 'string_content')
        .flatMap((part) => valueSpans(text, part.startIndex, part.endIndex, kind));
    case 'concatenated_string':
    case 'parenthesized_expression':
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
    case 'await':
      return namedChildren(node).flatMap(inner);
    case 'binary_operator':
    case 'boolean_operator':
      return [...inner(node.childForFieldName('left')), ...inner(node.childForFieldName('right'))];
    case 'conditional_expression': {
      const [consequence, , alternative] = namedChildren(node);
      return [...inner(consequence ?? null), ...inner(alternative ?? null)];
    }
    case 'dictionary':
      return namedChildren(node).flatMap((pair) => inner(pair.childForFieldName('value')));
    case 'call': {
      // `env("DJANGO_SECRET_KEY", default="...")`: every literal but the name looked up.
      const args = callArguments(node);
      const [first, ...rest] = args.positional;
      const lookup = /^[A-Z][A-Z0-9_]*$/.test(stringValue(first ?? null) ?? '');
      return [...(lookup ? [] : [first ?? null]), ...rest, args.keywords.get('default') ?? null].flatMap(
        inner,
      );
    }
    default:
      return [];
  }
}
