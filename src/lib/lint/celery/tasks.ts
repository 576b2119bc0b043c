// Finds Celery tasks: functions decorated with `shared_task`, `app.task`, `celery_app.task` or any
// `<name>.task`, with or without a call, and with a project's own decorator that wraps one of those
// (`def tenant_task(**kw): return shared_task(base=TenantTask, **kw)`, `periodic = partial(app.task, ...)`).
// A task's options merge, weakest first: its base class's attributes (`base=BaseTask`), the wrapper's
// fixed options, then the decorator's own keywords.
import {
  callArguments,
  enclosingFunction,
  lastName,
  namedChildren,
  parameters,
  stringValue,
  type Node,
  type Parameter,
  type SyntaxIndex,
} from './syntax.js';
import { valueOf, type Value } from './values.js';

export type TaskOptions = Map<string, Value>;

export interface Task {
  name: string;
  decorator: Node;
  /** `bind`, `soft_time_limit`, ...: from the decorator, the project's wrapper and the base class. */
  options: TaskOptions;
  fn: Node;
  body: Node;
  params: Parameter[];
  /** bind=True: the first parameter receives the task instance. */
  bound: boolean;
}

/** What a project adds to Celery's decorators: its own task decorators and its Task base classes. */
export interface TaskStyles {
  /** Decorator name -> the options it always passes. */
  wrappers: Map<string, TaskOptions>;
  /** Class name -> its bases' names and the task options its body sets (`time_limit = 300`). */
  bases: Map<string, { parents: string[]; options: TaskOptions }>;
}

export const emptyStyles = (): TaskStyles => ({ wrappers: new Map(), bases: new Map() });

/** `shared_task`, `app.task`, `celery.shared_task` (not a call). */
function isCeleryDecorator(target: Node | null): boolean {
  if (target?.type === 'identifier') return target.text === 'shared_task';
  if (target?.type === 'attribute') return ['task', 'shared_task'].includes(lastName(target) ?? '');
  return false;
}

function keywordOptions(call: Node): TaskOptions {
  return new Map([...callArguments(call).keywords].map(([key, value]) => [key, valueOf(value)]));
}

/** Wrappers and base classes defined in one module. */
export function readTaskStyles(index: SyntaxIndex, styles: TaskStyles): void {
  for (const call of index.of('call')) {
    const fn = call.childForFieldName('function');
    // def my_task(**kw): kw.setdefault("time_limit", 60); return shared_task(base=B, **kw)
    if (isCeleryDecorator(fn)) {
      let wrapper = enclosingFunction(call);
      for (let outer = wrapper && enclosingFunction(wrapper); outer; outer = enclosingFunction(outer))
        wrapper = outer;
      const name = wrapper?.childForFieldName('name')?.text;
      if (!wrapper || !name || wrapper.parent?.type === 'decorated_definition') continue;
      const options = new Map([...(styles.wrappers.get(name) ?? []), ...keywordOptions(call)]);
      for (const inner of index.inside(wrapper, 'call')) {
        const key = stringValue(callArguments(inner).positional[0] ?? null);
        const value = callArguments(inner).positional[1];
        if (lastName(inner.childForFieldName('function')) === 'setdefault' && key && value)
          options.set(key, valueOf(value));
      }
      styles.wrappers.set(name, options);
    }
  }
  for (const assignment of index.of('assignment')) {
    // periodic_task = app.task(bind=True) / partial(shared_task, acks_late=True) / app.task
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || enclosingFunction(assignment)) continue;
    if (isCeleryDecorator(right)) styles.wrappers.set(left.text, new Map());
    else if (right.type === 'call') {
      const fn = right.childForFieldName('function');
      const first = callArguments(right).positional[0] ?? null;
      if (isCeleryDecorator(fn)) styles.wrappers.set(left.text, keywordOptions(right));
      else if (lastName(fn) === 'partial' && isCeleryDecorator(first))
        styles.wrappers.set(left.text, keywordOptions(right));
    }
  }
}

/** Class-level assignments of classes whose bases end in `Task` (`celery.Task`, `app.Task`, `TenantTask`). */
export function readTaskBases(root: Node, styles: TaskStyles): void {
  for (const definition of root.descendantsOfType('class_definition')) {
    const name = definition?.childForFieldName('name')?.text;
    const parents = namedChildren(definition?.childForFieldName('superclasses') ?? null).map(
      (base) => lastName(base) ?? '',
    );
    if (!definition || !name || !parents.some((parent) => /Task$/.test(parent))) continue;
    const options: TaskOptions = new Map();
    for (const statement of namedChildren(definition.childForFieldName('body'))) {
      const assignment = namedChildren(statement)[0];
      const left = assignment?.childForFieldName('left');
      const right = assignment?.childForFieldName('right');
      if (assignment?.type === 'assignment' && left?.type === 'identifier' && right)
        options.set(left.text, valueOf(right));
    }
    styles.bases.set(name, { parents, options });
  }
}

/** A base class's options, its own over its parents', within the project's known classes. */
function baseOptions(styles: TaskStyles, name: string, seen = new Set<string>()): TaskOptions {
  const base = styles.bases.get(name);
  if (!base || seen.has(name)) return new Map();
  seen.add(name);
  const inherited = base.parents.flatMap((parent) => [...baseOptions(styles, parent, seen)]);
  return new Map([...inherited, ...base.options]);
}

/** The options a decorator gives its task, or null when it is no task decorator. */
function decoratorOptions(expression: Node, styles: TaskStyles): TaskOptions | null {
  const target = expression.type === 'call' ? expression.childForFieldName('function') : expression;
  const own = expression.type === 'call' ? keywordOptions(expression) : new Map<string, Value>();
  let fixed: TaskOptions;
  if (isCeleryDecorator(target)) fixed = new Map();
  else {
    const wrapper = styles.wrappers.get(lastName(target) ?? '');
    if (!wrapper) return null;
    fixed = wrapper;
  }
  const merged = new Map([...fixed, ...own]);
  const base = merged.get('base')?.text.split('.').pop();
  return base ? new Map([...baseOptions(styles, base), ...merged]) : merged;
}

export function findTasks(index: SyntaxIndex, styles: TaskStyles): Task[] {
  const tasks: Task[] = [];
  for (const definition of index.of('decorated_definition')) {
    const fn = definition.childForFieldName('definition');
    const body = fn?.childForFieldName('body');
    const name = fn?.childForFieldName('name')?.text;
    if (!fn || fn.type !== 'function_definition' || !body || !name) continue;
    for (const decorator of namedChildren(definition).filter((child) => child.type === 'decorator')) {
      const expression = namedChildren(decorator)[0];
      const options = expression ? decoratorOptions(expression, styles) : null;
      if (!options) continue;
      tasks.push({
        name,
        decorator,
        options,
        fn,
        body,
        params: parameters(fn),
        bound: options.get('bind')?.bool === true,
      });
      break;
    }
  }
  return tasks;
}
