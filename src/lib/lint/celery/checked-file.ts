// One Python file as the Celery rules see it: its tree, its tasks, and the model classes it knows.
import path from 'node:path';
import type { CeleryProjectFacts } from './project-facts.js';
import { modelClassesIn } from './project-facts.js';
import { indexTree, namedChildren, type Node, type SyntaxIndex } from './syntax.js';
import { findTasks, type Task } from './tasks.js';

export interface CheckedFile {
  /** Relative POSIX path. */
  file: string;
  root: Node;
  index: SyntaxIndex;
  tasks: Task[];
  /** Model class names in scope: imported from a models module, defined here, or in this app's models. */
  models: Set<string>;
  facts: CeleryProjectFacts;
}

/** `from .models import Order`, `from shop.models import Order as O`, `User = get_user_model()`. */
function importedModels(index: SyntaxIndex): string[] {
  const names: string[] = [];
  for (const statement of index.of('import_from_statement')) {
    const module = statement.childForFieldName('module_name')?.text ?? '';
    if (!/(^|\.)models$/.test(module)) continue;
    for (const child of namedChildren(statement).slice(1)) {
      if (child.type === 'dotted_name') names.push(child.text.split('.').pop() ?? '');
      if (child.type === 'aliased_import') names.push(child.childForFieldName('alias')?.text ?? '');
    }
  }
  for (const assignment of index.of('assignment')) {
    const right = assignment.childForFieldName('right');
    const left = assignment.childForFieldName('left');
    if (
      left?.type === 'identifier' &&
      right?.type === 'call' &&
      /get_user_model$/.test(right.childForFieldName('function')?.text ?? '')
    ) {
      names.push(left.text);
    }
  }
  return names.filter(Boolean);
}

export function checkedFile(
  file: string,
  source: string,
  root: Node,
  facts: CeleryProjectFacts,
): CheckedFile {
  const appDir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  const index = indexTree(root);
  const models = new Set([
    ...importedModels(index),
    ...modelClassesIn(source),
    ...facts.modelsOfApp(appDir),
    ...facts.modelsOfApp(path.posix.dirname(appDir) === '.' ? '' : path.posix.dirname(appDir)),
  ]);
  return { file, root, index, tasks: findTasks(index, facts.styles), models, facts };
}
