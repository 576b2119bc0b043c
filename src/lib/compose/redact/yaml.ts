// YAML (compose files and the rest) read as YAML: the values of secret-named keys, whatever their style
// (plain, quoted, block scalars `|` and `>-`, anchored and merged), `environment:` as a map or a list of
// `KEY=value`, and exec-form commands. Found by the parsed tree, replaced by source ranges, so the text
// sent is the user's own everywhere else.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Scalar } from 'yaml';
import { isSecretName } from './names.js';
import { followsSecretFlag } from './shapes.js';
import { valueSpans } from './values.js';
import type { Span } from './vault.js';

const KIND = 'secret setting';

/** The spans of a YAML text, or null when it does not parse (the caller reads it line by line). */
export function yamlSpans(text: string): Span[] | null {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  const spans: Span[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) return null;
    visit(doc, {
      Pair(_, pair) {
        const key = isScalar(pair.key) ? String(pair.key.value) : null;
        if (key && key !== '<<' && isSecretName(key)) spans.push(...leafSpans(pair.value, doc, text, 0));
      },
      Seq(_, seq) {
        const words = seq.items.map((item) => (isScalar(item) ? String(item.value) : null));
        seq.items.forEach((item, i) => {
          if (!isScalar(item)) return;
          if (followsSecretFlag(words, i)) spans.push(...scalarSpans(item, text));
          else spans.push(...environmentEntry(item, text));
        });
      },
    });
  }
  return spans;
}

/** Every scalar under a secret-named key: the value itself, an alias's anchored value, list items, and the
 *  values of a nested map. */
function leafSpans(node: unknown, doc: Document, text: string, depth: number): Span[] {
  if (depth > 20) return [];
  if (isScalar(node)) return scalarSpans(node, text);
  if (isAlias(node)) return leafSpans(node.resolve(doc), doc, text, depth + 1);
  if (isSeq(node)) return node.items.flatMap((item) => leafSpans(item, doc, text, depth + 1));
  if (isMap(node)) return node.items.flatMap((pair) => leafSpans(pair.value, doc, text, depth + 1));
  return [];
}

/** `- DB_PASSWORD=value` (or quoted) in a list: the part after `=` of a secret name. */
function environmentEntry(scalar: Scalar, text: string): Span[] {
  const inner = innerRange(scalar, text);
  if (!inner) return [];
  const source = text.slice(inner.start, inner.end);
  const eq = source.indexOf('=');
  if (eq <= 0 || !/^[A-Za-z_][\w.-]*$/.test(source.slice(0, eq)) || !isSecretName(source.slice(0, eq)))
    return [];
  return valueSpans(text, inner.start + eq + 1, inner.end, KIND);
}

function scalarSpans(scalar: Scalar, text: string): Span[] {
  const inner = innerRange(scalar, text);
  return inner ? valueSpans(text, inner.start, inner.end, KIND) : [];
}

/** The scalar's text in the source: inside the quotes; for a block scalar, from its first character after
 *  the header line to its last, so the indentation the model sees stays as it was. */
function innerRange(scalar: Scalar, text: string): { start: number; end: number } | null {
  const [start, end] = scalar.range ?? [];
  if (start === undefined || end === undefined || end <= start) return null;
  switch (scalar.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return { start: start + 1, end: end - 1 };
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const header = text.indexOf('\n', start);
      if (header < 0 || header >= end) return null;
      const body = text.slice(header + 1, end);
      const first = body.search(/\S/);
      if (first < 0) return null;
      return { start: header + 1 + first, end: header + 1 + body.trimEnd().length };
    }
    default:
      return { start, end };
  }
}
