// Finds Celery tasks: functions decorated with `shared_task`, `app.task`, `celery_app.task` or any
// `<name>.task`, with or without a call.
import {
  callArguments,
  namedChildren,
  parameters,
  type Node,
  type Parameter,
  type SyntaxIndex,
} from './syntax.js';

export interface Task {
  name: string;
  decorator: Node;
  /** The decorator's keyword arguments: `bind`, `soft_time_limit`, ... */
  options: Map<string, Node>;
  fn: Node;
  body: Node;
  params: Parameter[];
  /** bind=True: the first parameter receives the task instance. */
  bound: boolean;
}

function isTaskDecorator(expression: Node): boolean {
  const target = expression.type === 'call' ? expression.childForFieldName('function') : expression;
  if (!target) return false;
  if (target.type === 'identifier') return target.text === 'shared_task';
  if (target.type === 'attribute') {
    const name = target.childForFieldName('attribute')?.text;
    return name === 'task' || name === 'shared_task';
  }
  return false;
}

export function findTasks(index: SyntaxIndex): Task[] {
  const tasks: Task[] = [];
  for (const definition of index.of('decorated_definition')) {
    const fn = definition.childForFieldName('definition');
    const body = fn?.childForFieldName('body');
    const name = fn?.childForFieldName('name')?.text;
    if (!fn || fn.type !== 'function_definition' || !body || !name) continue;
    for (const decorator of namedChildren(definition).filter((child) => child.type === 'decorator')) {
      const expression = namedChildren(decorator)[0];
      if (!expression || !isTaskDecorator(expression)) continue;
      const options =
        expression.type === 'call' ? callArguments(expression).keywords : new Map<string, Node>();
      tasks.push({
        name,
        decorator,
        options,
        fn,
        body,
        params: parameters(fn),
        bound: options.get('bind')?.type === 'true',
      });
      break;
    }
  }
  return tasks;
}
