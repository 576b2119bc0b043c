// CEL002: a model instance passed to a task instead of its id. Heuristics chosen for few false
// positives: a value counts as a model instance when
// - its name is a known model's in snake case (`order` for `Order`, `order_item` for `OrderItem`),
// - it was assigned from the ORM in the same function (`Order.objects.get(...)`, `get_object_or_404`),
// - it is `request.user`, or `instance` in a signal receiver (a function with a `sender` parameter),
// - it is a task parameter annotated with a model, or named like one and used as an object.
// Names ending in _id/_pk/_ids, `.pk`/`.id` and literals are never flagged.
import type { CheckedFile } from './checked-file.js';
import { RULES, type RawCeleryFinding } from './rules.js';
import {
  callArguments,
  enclosingFunction,
  lastName,
  namedChildren,
  parameters,
  type Node,
} from './syntax.js';

const ID_NAME = /(^|_)(id|pk|ids|pks|uuid)$/;
const TASK_CALLS = new Set(['delay', 'apply_async', 's', 'si']);
const ORM_CALL =
  /^\w+\.objects\b[\s\S]*\.(get|create|get_or_create|update_or_create|first|last|latest|earliest)$/;

function withArticle(word: string): string {
  return `${/^[AEIOU]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The values a `.delay(...)`/`.apply_async(...)` call sends to the task. */
function sentValues(call: Node, method: string): Node[] {
  const args = callArguments(call);
  if (method !== 'apply_async') return [...args.positional, ...args.keywords.values()];
  const sequence = args.keywords.get('args') ?? args.positional[0];
  const mapping = args.keywords.get('kwargs') ?? args.positional[1];
  const items = sequence && ['list', 'tuple'].includes(sequence.type) ? namedChildren(sequence) : [];
  const values =
    mapping?.type === 'dictionary'
      ? namedChildren(mapping).flatMap((pair) => pair.childForFieldName('value') ?? [])
      : [];
  return [...items, ...values];
}

/** Names assigned from the ORM in a function (or module): `order = Order.objects.get(...)`. */
function ormAssignments(assignments: Node[], models: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const assignment of assignments) {
    const right = assignment.childForFieldName('right');
    let left = assignment.childForFieldName('left') ?? null;
    if (left && ['pattern_list', 'tuple_pattern'].includes(left.type)) left = namedChildren(left)[0] ?? null;
    if (right?.type !== 'call' || left?.type !== 'identifier') continue;
    const fn = right.childForFieldName('function');
    const text = fn?.text ?? '';
    if (ORM_CALL.test(text)) found.set(left.text, text.split('.')[0] as string);
    else if (text === 'get_object_or_404')
      found.set(left.text, callArguments(right).positional[0]?.text ?? 'model');
    else if (fn?.type === 'identifier' && models.has(text)) found.set(left.text, text);
  }
  return found;
}

/** Type constructors whose argument is what the parameter holds: an optional, a union, a collection of it. */
const HOLDS_ITS_ARGUMENT =
  /^(Optional|Union|Annotated|list|List|tuple|Tuple|set|Set|frozenset|FrozenSet|QuerySet)$/;

/** Splits `a, b[c, d] | e` at top-level separators. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '[' || ch === '(') depth += 1;
    else if (ch === ']' || ch === ')') depth -= 1;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/**
 * The model an annotation says the value is: `Order`, `"Order"`, `models.Order`, `Order | None`,
 * `Optional[Order]`, `list[Order]`, `QuerySet[Order]`. Never a generic that merely mentions the model
 * (`IterWrapper[Order]`, `Callable[[Order], None]`, `type[Order]`).
 */
function modelOfAnnotation(text: string, models: Set<string>): string | null {
  const type = text
    .trim()
    .replace(/^(['"])([\s\S]*)\1$/, '$2')
    .trim();
  const members = splitTopLevel(type, '|');
  if (members.length > 1)
    return members.map((member) => modelOfAnnotation(member, models)).find(Boolean) ?? null;
  const generic = /^([\w.]+)\s*\[([\s\S]*)\]$/.exec(type);
  if (generic) {
    const name = (generic[1] as string).split('.').pop() as string;
    if (!HOLDS_ITS_ARGUMENT.test(name)) return null;
    const args = splitTopLevel(generic[2] as string, ',');
    const held = name === 'Annotated' ? args.slice(0, 1) : args;
    return held.map((arg) => modelOfAnnotation(arg, models)).find(Boolean) ?? null;
  }
  const name = /^[\w.]+$/.test(type) ? (type.split('.').pop() as string) : '';
  return models.has(name) ? name : null;
}

function annotatedModel(annotation: Node | null, models: Set<string>): string | null {
  return annotation ? modelOfAnnotation(annotation.text, models) : null;
}

export function checkModelArguments(checked: CheckedFile): RawCeleryFinding[] {
  const { models } = checked;
  const bySnakeName = new Map([...models].map((model) => [snakeCase(model), model]));
  const findings: RawCeleryFinding[] = [];
  const flag = (node: Node, message: string) => findings.push({ rule: RULES.modelArgument, node, message });
  const assignmentsByScope = new Map<number, Map<string, string>>();
  const ormAssigned = (scope: Node): Map<string, string> => {
    const assignments =
      scope.type === 'module' ? checked.index.of('assignment') : checked.index.inside(scope, 'assignment');
    const cached = assignmentsByScope.get(scope.id) ?? ormAssignments(assignments, models);
    assignmentsByScope.set(scope.id, cached);
    return cached;
  };

  const describe = (value: Node, scope: Node): string | null => {
    if (value.type === 'attribute') {
      if (/(^|\.)request\.user$/.test(value.text))
        return `request.user is ${withArticle(bySnakeName.get('user') ?? 'User')} instance`;
      const name = lastName(value) ?? '';
      const model = ID_NAME.test(name) ? undefined : bySnakeName.get(name);
      return model ? `${value.text} looks like ${withArticle(model)} instance` : null;
    }
    if (value.type !== 'identifier' || ID_NAME.test(value.text)) return null;
    const fn = scope.type === 'function_definition' ? scope : null;
    const params = fn ? parameters(fn) : [];
    const fromOrm = ormAssigned(scope).get(value.text);
    if (fromOrm) return `'${value.text}' holds ${withArticle(fromOrm)} loaded from the database`;
    const annotated = annotatedModel(
      params.find((param) => param.name === value.text)?.annotation ?? null,
      models,
    );
    if (annotated) return `'${value.text}' is ${withArticle(annotated)}`;
    if (value.text === 'instance' && params.some((param) => param.name === 'sender')) {
      return `'instance' in a signal receiver is a model instance`;
    }
    const model = bySnakeName.get(value.text);
    return model ? `'${value.text}' looks like ${withArticle(model)} instance` : null;
  };

  for (const call of checked.index.of('call')) {
    const fn = call.childForFieldName('function');
    const method = lastName(fn) ?? '';
    if (fn?.type !== 'attribute' || !TASK_CALLS.has(method)) continue;
    const scope = enclosingFunction(call) ?? checked.root;
    for (const value of sentValues(call, method)) {
      const reason = describe(value, scope);
      if (reason) flag(value, `${reason}: pass its id to .${method}() and fetch the object in the task`);
    }
  }

  for (const task of checked.tasks) {
    for (const param of task.params) {
      if (param.splat || ID_NAME.test(param.name) || param.name === 'self') continue;
      const annotated = annotatedModel(param.annotation, models);
      const named = bySnakeName.get(param.name);
      const usedAsObject = checked.index
        .inside(task.body, 'attribute')
        .some((node) => node.childForFieldName('object')?.text === param.name);
      const model = annotated ?? (named && usedAsObject ? named : null);
      const many =
        annotated &&
        /\b(list|List|tuple|Tuple|set|Set|frozenset|FrozenSet|QuerySet)\s*\[/.test(
          param.annotation?.text ?? '',
        );
      if (model && many) {
        flag(
          param.node,
          `task '${task.name}' takes ${model} instances ('${param.name}'): take their ids and fetch them with ${model}.objects.filter(pk__in=...)`,
        );
      } else if (model) {
        flag(
          param.node,
          `task '${task.name}' takes ${withArticle(model)} instance ('${param.name}'): take ${param.name}_id and fetch it with ${model}.objects.get(pk=${param.name}_id)`,
        );
      }
    }
  }
  return findings;
}
