// Rules about where tasks are sent and awaited: inside a database transaction (CEL012), and waiting for a
// result while a request waits (CEL014).
import type { CheckedFile } from './checked-file.js';
import { isTestFile } from './checks-settings.js';
import { resultWaits } from './results.js';
import { RULES, type RawCeleryFinding } from './rules.js';
import { lastName, namedChildren, parameters, position, type Node } from './syntax.js';

/** Modules that hold views or API endpoints. */
const VIEW_FILE = /(^|\/)(views|api|apis|viewsets|endpoints)\.py$|(^|\/)views\//;
const VIEW_CLASS = /(View|ViewSet|APIView|Mixin)$/;

function enclosingClass(fn: Node): Node | null {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const owner = holder.parent?.parent;
  return owner?.type === 'class_definition' ? owner : null;
}

/** A view function, a method of a class-based view, or any function that takes the request. */
function isRequestPath(fn: Node, file: string): boolean {
  if (isTestFile(file)) return false; // pytest's `request` fixture is no HTTP request
  if (parameters(fn).some((param) => param.name === 'request')) return true;
  const owner = enclosingClass(fn);
  const bases = namedChildren(owner?.childForFieldName('superclasses') ?? null).map(
    (base) => lastName(base) ?? '',
  );
  return bases.some((base) => VIEW_CLASS.test(base)) || VIEW_FILE.test(file);
}

function functionsIn(checked: CheckedFile): Node[] {
  return checked.root.descendantsOfType('function_definition').filter((node): node is Node => node !== null);
}

const isTaskFunction = (checked: CheckedFile, fn: Node) => checked.tasks.some((task) => task.fn.id === fn.id);

export function checkWaitInRequest(checked: CheckedFile): RawCeleryFinding[] {
  const seen = new Set<number>();
  const findings: RawCeleryFinding[] = [];
  for (const fn of functionsIn(checked)) {
    if (isTaskFunction(checked, fn) || !isRequestPath(fn, checked.file)) continue;
    for (const { call, method, afterReadyCheck } of resultWaits(checked, fn)) {
      if (afterReadyCheck || seen.has(call.id)) continue;
      seen.add(call.id);
      findings.push({
        rule: RULES.waitInRequest,
        node: call,
        message: `${fn.childForFieldName('name')?.text ?? 'this view'}() waits for a task with .${method}() while the request waits: return the task id (202 Accepted) and let the client poll its state`,
      });
    }
  }
  return findings;
}

const TASK_SENDS = new Set(['delay', 'apply_async']);
const WRITES = /\.(save|create|update|bulk_create|bulk_update|delete|get_or_create|update_or_create)$/;

/** How a send is placed: deferred (in a lambda or inner function), in an atomic block or function, or neither. */
function transactionAround(call: Node): { atomic: Node | null; fn: Node | null } {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'lambda') return { atomic: null, fn: null };
    if (node.type === 'with_statement') {
      const items = namedChildren(namedChildren(node).find((child) => child.type === 'with_clause') ?? null);
      const atomic = items.find(
        (item) =>
          lastName(item.childForFieldName('value')?.childForFieldName('function') ?? null) === 'atomic',
      );
      if (atomic) return { atomic, fn: null };
    }
    if (node.type === 'function_definition') {
      const decorators = node.parent?.type === 'decorated_definition' ? namedChildren(node.parent) : [];
      const atomic = decorators.find(
        (decorator) =>
          decorator.type === 'decorator' &&
          /(^|\.)atomic(\(|$)/.test(namedChildren(decorator)[0]?.text ?? ''),
      );
      return { atomic: atomic ?? null, fn: node };
    }
  }
  return { atomic: null, fn: null };
}

function atLeast(version: string | null, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (version ?? '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

export function checkDelayInTransaction(checked: CheckedFile): RawCeleryFinding[] {
  const { config } = checked.facts;
  const onCommitMethod = atLeast(config.celeryVersion, 5, 4);
  const findings: RawCeleryFinding[] = [];
  const writes = checked.index
    .of('call')
    .filter((call) => WRITES.test(call.childForFieldName('function')?.text ?? ''));
  for (const call of checked.index.of('call')) {
    const fn = call.childForFieldName('function');
    const method = lastName(fn);
    if (fn?.type !== 'attribute' || !TASK_SENDS.has(method ?? '')) continue;
    const advice =
      onCommitMethod && method === 'delay'
        ? `use ${fn.childForFieldName('object')?.text}.delay_on_commit(...) or transaction.on_commit(lambda: ...)`
        : 'send it from transaction.on_commit(lambda: ...)';
    const { atomic, fn: scope } = transactionAround(call);
    if (atomic) {
      findings.push({
        rule: RULES.delayInTransaction,
        node: call,
        message: `${fn.text}() runs inside transaction.atomic() (line ${position(atomic).line}), so the worker may start before the commit: ${advice}`,
      });
      continue;
    }
    // With ATOMIC_REQUESTS every view is one transaction: a task sent after a write still sees the old rows.
    if (
      !config.atomicRequests ||
      !scope ||
      isTaskFunction(checked, scope) ||
      !isRequestPath(scope, checked.file)
    )
      continue;
    const write = writes.find(
      (candidate) =>
        candidate.startIndex < call.startIndex &&
        candidate.startIndex > scope.startIndex &&
        candidate.endIndex < scope.endIndex,
    );
    if (write) {
      findings.push({
        rule: RULES.delayInTransaction,
        node: call,
        message: `${fn.text}() follows ${lastName(write.childForFieldName('function'))}() on line ${position(write).line} in a view, and ATOMIC_REQUESTS commits only when the view returns: ${advice}`,
      });
    }
  }
  return findings;
}
