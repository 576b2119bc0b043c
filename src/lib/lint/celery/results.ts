// Where code blocks on a task's result: `.get()`, `.wait()` or `.join()` on what `.delay()`,
// `.apply_async()` or `AsyncResult(...)` gave back, directly or through a name assigned in the same scope.
import type { CheckedFile } from './checked-file.js';
import { lastName, type Node } from './syntax.js';

/** Calls that start a task (or look one up) and give back its AsyncResult. */
function startsTask(node: Node | null): boolean {
  if (node?.type !== 'call') return false;
  const name = lastName(node.childForFieldName('function'));
  return name === 'delay' || name === 'apply_async' || name === 'AsyncResult';
}

export interface ResultWait {
  call: Node;
  method: 'get' | 'wait' | 'join';
  /** `if result.ready(): result.get()`: the result is there, nothing blocks. */
  afterReadyCheck: boolean;
}

/** Inside `if <name>.ready()` / `.successful()` / `.failed()` / `.state == ...` about the same result. */
function guardedByReadyCheck(call: Node, target: Node, scope: Node): boolean {
  for (let parent = call.parent; parent && parent.id !== scope.id; parent = parent.parent) {
    const condition =
      parent.type === 'if_statement' ? (parent.childForFieldName('condition')?.text ?? '') : '';
    if (
      condition.includes(target.text) &&
      /\.(ready|successful|failed)\(\)|\.(state|status)\b/.test(condition)
    )
      return true;
  }
  return false;
}

export function resultWaits(checked: CheckedFile, scope: Node): ResultWait[] {
  const results = new Set(
    checked.index
      .inside(scope, 'assignment')
      .filter((assignment) => startsTask(assignment.childForFieldName('right')))
      .map((assignment) => assignment.childForFieldName('left'))
      .filter((left) => left?.type === 'identifier')
      .map((left) => left?.text),
  );
  const waits: ResultWait[] = [];
  for (const call of checked.index.inside(scope, 'call')) {
    const fn = call.childForFieldName('function');
    const method = lastName(fn);
    if (fn?.type !== 'attribute' || (method !== 'get' && method !== 'wait' && method !== 'join')) continue;
    const target = fn.childForFieldName('object');
    if (!target) continue;
    const isResult = startsTask(target) || (target.type === 'identifier' && results.has(target.text));
    if (isResult && (method !== 'join' || target.type === 'identifier')) {
      waits.push({ call, method, afterReadyCheck: guardedByReadyCheck(call, target, scope) });
    }
  }
  return waits;
}
