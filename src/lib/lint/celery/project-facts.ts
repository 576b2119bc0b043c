// What the Celery rules need to know about the rest of the project: its Celery configuration, its own
// task decorators and Task base classes, and which model classes each app defines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { walkProject } from '../files.js';
import { readCeleryConfig, type CeleryConfig } from './config.js';
import { indexTree } from './syntax.js';
import { emptyStyles, readTaskBases, readTaskStyles, type TaskStyles } from './tasks.js';

export interface CeleryProjectFacts {
  config: CeleryConfig;
  styles: TaskStyles;
  /** Model classes defined in models.py or models/ of an app folder (POSIX, relative to root). */
  modelsOfApp(appDir: string): Set<string>;
}

const MODEL_CLASS = /^class\s+(\w+)\s*\(([^)]*)\)/gm;
const MODEL_BASE = /Model\b|AbstractUser|AbstractBaseUser/;
/** A module that may define a task decorator of its own or a Task base class: worth parsing for facts. */
const DEFINES_TASK_STYLE =
  /\breturn\s+[\w.]*\b(shared_task|task)\s*\(|partial\(\s*[\w.]*\b(shared_task|task)\b|^\w+\s*=\s*[\w.]*\b(shared_task|task)\b|^class\s+\w+\s*\([^)]*Task\b/m;

function read(root: string, file: string): string {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return '';
  }
}

export function modelClassesIn(source: string): string[] {
  return [...source.matchAll(MODEL_CLASS)]
    .filter((match) => MODEL_BASE.test(match[2] ?? ''))
    .map((match) => match[1] as string);
}

function readStyles(sources: string[], parser: Parser): TaskStyles {
  const styles = emptyStyles();
  for (const source of sources) {
    const tree = parser.parse(source);
    if (!tree) continue;
    try {
      readTaskStyles(indexTree(tree.rootNode), styles);
      readTaskBases(tree.rootNode, styles);
    } finally {
      tree.delete();
    }
  }
  return styles;
}

export function readProjectFacts(root: string, lintedFiles: string[], parser: Parser): CeleryProjectFacts {
  const pythonFiles = walkProject(root).filter((file) => file.endsWith('.py'));
  const models = new Map<string, Set<string>>();
  const styleSources: string[] = [];
  for (const file of new Set([...pythonFiles, ...lintedFiles])) {
    const source = read(root, file);
    if (DEFINES_TASK_STYLE.test(source)) styleSources.push(source);
    const match = /^(.*?)\/?models(\.py|\/[^/]+\.py)$/.exec(file);
    if (!match) continue;
    const appDir = match[1] ?? '';
    const names = models.get(appDir) ?? new Set<string>();
    for (const name of modelClassesIn(source)) names.add(name);
    models.set(appDir, names);
  }
  return {
    config: readCeleryConfig(root, pythonFiles, lintedFiles, parser),
    styles: readStyles(styleSources, parser),
    modelsOfApp: (appDir) => models.get(appDir) ?? new Set(),
  };
}
