// Compose files against the compose-spec schema, each problem mapped back to its line in the YAML.
import type { ErrorObject } from 'ajv';
import { isMap, isScalar, type Document, type Node as YamlNode } from 'yaml';
import type { Finding } from '../types.js';
import { composeValidator } from './compose-schema.js';
import type { ParsedYaml } from './yaml.js';

function segmentsOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `services.worker.ports[0]` */
function dotted(segments: (string | number)[]): string {
  return segments.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Infinity;
}

function closest(name: string, candidates: string[]): string | null {
  const ranked = candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return ranked && ranked.distance <= Math.max(1, Math.floor(name.length / 4)) ? ranked.candidate : null;
}

/**
 * ajv reports every failed branch of a `oneOf`: keep what the author most likely meant. A branch that
 * failed deeper (or on a property) explains the problem better than one that failed on the type.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);
  const kept = errors.filter((error) => {
    const others = errors.filter(
      (other) => other !== error && within(other.instancePath, error.instancePath),
    );
    if (['oneOf', 'anyOf', 'if'].includes(error.keyword)) return others.length === 0;
    if (error.keyword === 'type')
      return !others.some((other) => !['type', 'oneOf', 'anyOf'].includes(other.keyword));
    return true;
  });
  const merged = new Map<string, ErrorObject>();
  for (const error of kept) {
    const key =
      error.keyword === 'type'
        ? `${error.instancePath} type`
        : `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`;
    const existing = merged.get(key);
    if (existing && error.keyword === 'type') {
      existing.params = { type: [existing.params.type, error.params.type].flat().join(' or ') };
    } else if (!existing) {
      merged.set(key, { ...error, params: { ...error.params } });
    }
  }
  return [...merged.values()];
}

function describe(error: ErrorObject): { code: string; message: string } {
  const segments = segmentsOf(error.instancePath);
  const where = dotted(segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const suggestion = closest(name, known);
      return {
        code: 'compose/additional-property',
        message:
          `'${name}' is not allowed ${where ? `in ${where}` : 'at the top level'}` +
          (suggestion ? `; did you mean '${suggestion}'?` : ''),
      };
    }
    case 'required':
      return {
        code: 'compose/required',
        message: `${where || 'the file'} is missing '${String(params.missingProperty)}'`,
      };
    case 'type':
      return { code: 'compose/type', message: `${where || 'the file'} must be ${String(params.type)}` };
    case 'enum':
      return {
        code: 'compose/enum',
        message: `${where} must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    default:
      return {
        code: `compose/${error.keyword.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
        message: `${where || 'the file'} ${error.message ?? 'is not valid'}`,
      };
  }
}

/** The key of `name` in a YAML map, when the map holds it itself (not through a `<<` merge). */
function keyOffset(map: YamlNode | undefined, name: string | number | undefined): number | null {
  if (!isMap(map)) return null;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === name);
  return isScalar(pair?.key) && pair.key.range ? pair.key.range[0] : null;
}

/**
 * Where an error points: the offending key for an unknown property, else the key of the value at
 * fault, else the nearest enclosing node that exists in the text (a value merged from an anchor).
 */
function offsetOf(document: Document.Parsed, error: ErrorObject): number {
  const segments = segmentsOf(error.instancePath);
  const nodeAt = (length: number) =>
    (length ? document.getIn(segments.slice(0, length), true) : document.contents) as YamlNode | undefined;
  if (error.keyword === 'additionalProperties') {
    const offset = keyOffset(
      nodeAt(segments.length),
      (error.params as { additionalProperty?: string }).additionalProperty,
    );
    if (offset !== null) return offset;
  }
  for (let length = segments.length; length >= 0; length--) {
    const offset = length ? keyOffset(nodeAt(length - 1), segments[length - 1]) : null;
    if (offset !== null) return offset;
    const node = nodeAt(length);
    if (node?.range) return node.range[0];
  }
  return 0;
}

export async function lintCompose(parsed: ParsedYaml): Promise<Finding[]> {
  const document = parsed.documents[0];
  if (!document || !parsed.valid) return [];
  let data: unknown;
  try {
    data = document.toJS(); // yaml's default alias limit guards against alias bombs in untrusted files
  } catch (error) {
    return [
      {
        file: parsed.file,
        line: 1,
        column: 1,
        code: 'yaml/aliases',
        message: (error as Error).message,
        severity: 'error',
        source: 'yaml',
      },
    ];
  }
  const validate = await composeValidator();
  if (validate(data)) return [];
  return simplify(validate.errors ?? []).map((error) => {
    const { line, col } = parsed.lineCounter.linePos(offsetOf(document, error));
    return { file: parsed.file, line, column: col, severity: 'error', source: 'compose', ...describe(error) };
  });
}
