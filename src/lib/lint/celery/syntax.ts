// A real Python syntax tree (tree-sitter-python through web-tree-sitter's wasm build), loaded lazily:
// only a run that checks Python files pays the 20-100 ms it costs.
import { createRequire } from 'node:module';
import type { Node, Parser } from 'web-tree-sitter';
import { preferFastWasmStartup } from '../wasm.js';

export type { Node };

let parser: Promise<Parser> | undefined;

export function loadPythonParser(): Promise<Parser> {
  parser ??= (async () => {
    preferFastWasmStartup();
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
    return new Parser().setLanguage(await Language.load(grammar));
  })();
  return parser;
}

/** The arguments of a call (or of a decorator call), split into positional values and keywords. */
export interface CallArguments {
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` or `**kwargs`: the call may pass anything. */
  splat: boolean;
}

export function callArguments(call: Node | null): CallArguments {
  const result: CallArguments = { positional: [], keywords: new Map(), splat: false };
  const list = call?.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return result;
  for (const child of list.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) result.keywords.set(name, value);
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      result.splat = true;
    } else {
      result.positional.push(child);
    }
  }
  return result;
}

/** `foo` -> `foo`, `a.b.foo` -> `foo`; null for anything else. */
export function lastName(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? null;
  return null;
}

/** The value of a plain string literal (no f-string parts), or null. */
export function stringValue(node: Node | null): string | null {
  if (!node || node.type !== 'string') return null;
  if (node.namedChildren.some((child) => child?.type === 'interpolation')) return null;
  const match = /^[rRbBuU]*('''|"""|'|")([\s\S]*)\1$/.exec(node.text);
  return match ? (match[2] ?? '') : null;
}

export function namedChildren(node: Node | null): Node[] {
  return (node?.namedChildren ?? []).filter((child): child is Node => child !== null);
}

/** The innermost function around a node, or null at module level. */
export function enclosingFunction(node: Node): Node | null {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') return parent;
  }
  return null;
}

/** The start of a node as the report shows it: 1-based line and column. */
export function position(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** `typed_parameter`, `default_parameter`, `*args`, ... -> the parameter's name and annotation. */
export interface Parameter {
  name: string;
  annotation: Node | null;
  node: Node;
  /** `*args` (or a bare `*`) and `**kwargs` collect what the named parameters leave. */
  splat?: '*' | '**';
}

function splatParameter(node: Node, annotation: Node | null): Parameter {
  const name = namedChildren(node)[0]?.text ?? '';
  return { name, annotation, node, splat: node.type === 'dictionary_splat_pattern' ? '**' : '*' };
}

export function parameters(fn: Node): Parameter[] {
  const result: Parameter[] = [];
  for (const child of namedChildren(fn.childForFieldName('parameters'))) {
    if (child.type === 'identifier') {
      result.push({ name: child.text, annotation: null, node: child });
    } else if (child.type === 'default_parameter' || child.type === 'typed_default_parameter') {
      const name = child.childForFieldName('name')?.text;
      if (name) result.push({ name, annotation: child.childForFieldName('type'), node: child });
    } else if (child.type === 'typed_parameter') {
      const name = namedChildren(child).find((part) => part.type === 'identifier')?.text;
      const splat = namedChildren(child).find((part) => part.type.endsWith('splat_pattern'));
      if (splat) result.push(splatParameter(splat, child.childForFieldName('type')));
      else if (name) result.push({ name, annotation: child.childForFieldName('type'), node: child });
    } else if (child.type.endsWith('splat_pattern') || child.type === 'keyword_separator') {
      result.push(splatParameter(child, null));
    }
  }
  return result;
}

/**
 * Every node of the types the rules look at, collected in one walk. Each node read from the tree
 * crosses into wasm, so the rules ask this index instead of searching the tree again and again.
 */
export interface SyntaxIndex {
  /** All nodes of a type, in source order. */
  of(type: string): Node[];
  /** Those inside a node (a task's body, a function). */
  inside(node: Node, type: string): Node[];
}

const INDEXED_TYPES = new Set([
  'assignment',
  'attribute',
  'augmented_assignment',
  'call',
  'decorated_definition',
  'import_from_statement',
  'keyword_argument',
  'pair',
  'string',
]);

export function indexTree(root: Node): SyntaxIndex {
  // endIndex is read from the wasm module on every access: read it once per node.
  const byType = new Map<string, { node: Node; end: number }[]>();
  // One search inside the wasm module, which only hands back the nodes asked for.
  for (const node of root.descendantsOfType([...INDEXED_TYPES])) {
    if (!node) continue;
    const entries = byType.get(node.type) ?? [];
    entries.push({ node, end: node.endIndex });
    byType.set(node.type, entries);
  }
  const of = (type: string) => (byType.get(type) ?? []).map((entry) => entry.node);
  return {
    of,
    inside: (outer, type) => {
      const start = outer.startIndex;
      const end = outer.endIndex;
      return (byType.get(type) ?? [])
        .filter((entry) => entry.node.startIndex >= start && entry.end <= end && entry.node.id !== outer.id)
        .map((entry) => entry.node);
    },
  };
}
