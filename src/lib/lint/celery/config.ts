// The project's Celery configuration, read from every place Celery takes it: the Django settings chain
// (and its sibling modules, such as production.py), the Celery app module (`Celery(..., k=v)`,
// `app.conf.update(...)`, `app.conf.k = v`), and the modules `config_from_object` names, with or without a
// namespace. Assignments may be annotated (`X: Final[int] = ...`), augmented (`+=`) or read from the
// environment with a default. What cannot be read without running code is recorded as a reason, so a rule
// can say "could not tell" instead of asserting that a setting is missing.
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { detectBroker } from '../../project/broker.js';
import { readText } from '../../project/fs.js';
import { readVersions } from '../../project/requirements.js';
import { moduleFile } from '../../project/settings.js';
import { configSources, type Source } from './config-sources.js';
import {
  callArguments,
  enclosingFunction,
  lastName,
  namedChildren,
  stringValue,
  type Node,
} from './syntax.js';
import { valueOf, type Value } from './values.js';

export interface ConfigSetting {
  file: string;
  line: number;
  /** As written: `CELERY_TASK_TIME_LIMIT`, `task_time_limit`. */
  written: string;
  value: Value;
}

export interface CeleryConfig {
  /** Celery's lowercase name (`task_time_limit`) -> every place that sets it. */
  settings: Map<string, ConfigSetting[]>;
  /** Why part of the configuration could not be read, or null when all of it was. */
  unreadable: string | null;
  broker: 'redis' | 'rabbitmq' | null;
  /** A broker URL statement exists (whatever it names): a null broker is then unknown, not Celery's default. */
  brokerNamed: boolean;
  /** `DATABASES[...]["ATOMIC_REQUESTS"] = True`: every view runs inside a transaction. */
  atomicRequests: boolean;
  /** `major.minor` from the requirements, or null. */
  celeryVersion: string | null;
}

/** Pre-4.0 upper-case names Celery still reads, lowercased and without `CELERY_`. */
const OLD_NAMES: Record<string, string> = {
  celeryd_task_time_limit: 'task_time_limit',
  celeryd_task_soft_time_limit: 'task_soft_time_limit',
  acks_late: 'task_acks_late',
  always_eager: 'task_always_eager',
};

/**
 * `CELERY_TASK_TIME_LIMIT` (namespace CELERY), `CELERYD_TASK_TIME_LIMIT`, `task_time_limit` -> `task_time_limit`.
 * A lower-case name is Celery's own (`acks_late=` is a task option, not the old setting), except `broker=` of Celery().
 */
export function celeryKey(written: string, namespace: string | null): string {
  if (written === written.toLowerCase()) return written === 'broker' ? 'broker_url' : written;
  let name = written;
  if (namespace && name.startsWith(`${namespace}_`)) name = name.slice(namespace.length + 1);
  else name = name.replace(/^CELERY_/, '');
  name = name.toLowerCase();
  return OLD_NAMES[name] ?? name;
}

/** `exec(...)`, `globals().update(...)`, `vars()[name] = ...`: settings made by running code. */
const DYNAMIC_SETTINGS = /^(exec|(globals|locals|vars)\(\)\.(update|setdefault|__setitem__))$/;

interface Reading {
  raw: { written: string; setting: ConfigSetting }[];
  reasons: string[];
  namespace: string | null;
  modules: string[];
  atomicRequests: boolean;
}

const isConf = (node: Node | null) => /(^|\.)conf$/.test(node?.text ?? '');
const line = (node: Node) => node.startPosition.row + 1;

function isCeleryConstructor(fn: Node | null): boolean {
  return fn?.text === 'Celery' || fn?.text === 'celery.Celery';
}

/** Celery() arguments that are not settings. */
const CELERY_ARGUMENTS = new Set([
  'main',
  'loader',
  'backend',
  'amqp',
  'events',
  'log',
  'control',
  'set_as_current',
  'tasks',
  'include',
  'changes',
  'config_source',
  'fixups',
  'task_cls',
  'autofinalize',
  'namespace',
  'strict_typing',
]);

/** Reads one module's statements into `reading`; `record` keeps a setting found at a node. */
type RecordSetting = (written: string, at: Node, value: Node | null) => void;

/** `NAME = v`, `NAME: T = v`, `NAME += v`, `app.conf.name = v`, `app.conf["name"] = v`, `DATABASES[...]["ATOMIC_REQUESTS"] = True`. */
function readAssignment(node: Node, source: Source, reading: Reading, record: RecordSetting): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const insideClass = node.parent?.parent?.parent?.type === 'class_definition';
  if (left?.type === 'identifier') {
    if (source.holdsSettings && !insideClass) record(left.text, node, right);
  } else if (left?.type === 'attribute') {
    if (isConf(left.childForFieldName('object'))) record(lastName(left) ?? '', node, right);
  } else if (left?.type === 'subscript') {
    const key = stringValue(left.childForFieldName('subscript'));
    if (key === 'ATOMIC_REQUESTS' && right?.type === 'true') reading.atomicRequests = true;
    else if (key && isConf(left.childForFieldName('value'))) record(key, node, right);
  }
}

/** The settings of a class given to config_from_object: its class-level assignments. */
function readConfigClass(definition: Node, record: RecordSetting): void {
  for (const statement of namedChildren(definition.childForFieldName('body'))) {
    const assignment = namedChildren(statement)[0];
    const left = assignment?.childForFieldName('left');
    if (assignment?.type === 'assignment' && left?.type === 'identifier')
      record(left.text, assignment, assignment.childForFieldName('right'));
  }
}

/** `app.conf.update(...)`, `Celery(..., k=v)`, `config_from_object(...)`, and what cannot be read. */
function readCall(
  call: Node,
  source: Source,
  reading: Reading,
  record: RecordSetting,
  classes: Map<string, Node>,
): void {
  const fn = call.childForFieldName('function');
  const name = lastName(fn);
  const args = callArguments(call);
  const at = `${source.file}:${line(call)}`;
  if (name === 'update' && fn?.type === 'attribute' && isConf(fn.childForFieldName('object'))) {
    for (const [key, value] of args.keywords) record(key, call, value);
    const mapping = args.positional[0];
    if (args.splat || (mapping && mapping.type !== 'dictionary'))
      reading.reasons.push(`${at} passes app.conf.update() settings that cannot be read`);
    for (const pair of mapping?.type === 'dictionary' ? namedChildren(mapping) : [])
      record(stringValue(pair.childForFieldName('key')) ?? '', pair, pair.childForFieldName('value'));
  } else if (isCeleryConstructor(fn)) {
    for (const [key, value] of args.keywords) if (!CELERY_ARGUMENTS.has(key)) record(key, call, value);
    if (args.splat) reading.reasons.push(`${at} passes Celery() settings that cannot be read`);
  } else if (name === 'config_from_object') {
    const target = args.positional[0] ?? args.keywords.get('obj') ?? null;
    const module = stringValue(target);
    const configClass = target?.type === 'identifier' ? classes.get(target.text) : undefined;
    if (module === 'django.conf:settings' || module === 'django.conf.settings')
      reading.namespace = stringValue(args.keywords.get('namespace') ?? null);
    else if (module && !module.includes(':')) reading.modules.push(module);
    else if (configClass) readConfigClass(configClass, record);
    else
      reading.reasons.push(
        `${at} loads settings with config_from_object(${target?.text ?? ''}), which cannot be read`,
      );
  } else if (name === 'config_from_envvar') {
    reading.reasons.push(`${at} loads settings from a module named by an environment variable`);
  } else if (source.holdsSettings && DYNAMIC_SETTINGS.test(fn?.text ?? '')) {
    reading.reasons.push(`${at} sets settings dynamically (${fn?.text}), which cannot be read`);
  }
}

function readTree(source: Source, root: Node, reading: Reading): void {
  const record: RecordSetting = (written, at, value) => {
    if (!value) return;
    const setting = { file: source.file, line: line(at), written, value: valueOf(value) };
    reading.raw.push({ written, setting });
  };
  const classes = new Map<string, Node>();
  for (const definition of root.descendantsOfType('class_definition'))
    if (definition) classes.set(definition.childForFieldName('name')?.text ?? '', definition);
  for (const node of root.descendantsOfType(['assignment', 'augmented_assignment', 'call', 'pair'])) {
    if (!node || enclosingFunction(node)) continue; // a function's locals are no settings
    if (node.type === 'call') readCall(node, source, reading, record, classes);
    else if (node.type !== 'pair') readAssignment(node, source, reading, record);
    else if (stringValue(node.childForFieldName('key')) === 'ATOMIC_REQUESTS')
      reading.atomicRequests ||= node.childForFieldName('value')?.type === 'true';
  }
}

/**
 * Reads the configuration of the project at root. `projectFiles` are its files (relative POSIX paths),
 * `lintedFiles` those being checked, which may configure Celery themselves.
 */
export function readCeleryConfig(
  root: string,
  projectFiles: string[],
  lintedFiles: string[],
  parser: Parser,
): CeleryConfig {
  const { sources, reasons, location } = configSources(root, projectFiles, lintedFiles);
  const reading: Reading = { raw: [], reasons, namespace: null, modules: [], atomicRequests: false };
  const read = (source: Source) => {
    const tree = parser.parse(source.text);
    if (!tree) return;
    try {
      readTree(source, tree.rootNode, reading);
    } finally {
      tree.delete();
    }
  };
  sources.forEach(read);
  for (const module of reading.modules) {
    const file = moduleFile(root, module);
    if (!file) reading.reasons.push(`config_from_object('${module}') names a module that was not found`);
    else if (!sources.some((source) => source.file === file)) {
      const text = readText(path.join(root, file)) ?? '';
      sources.push({ file, text, holdsSettings: true });
      read({ file, text, holdsSettings: true });
    }
  }
  if (!sources.length) reading.reasons.push('found neither Django settings nor a Celery app module');
  const settings = new Map<string, ConfigSetting[]>();
  for (const { written, setting } of reading.raw) {
    // Without a namespace Celery reads only its old names, but any CELERY_ spelling counts here: a rule
    // must not claim a limit is missing that the project clearly meant to set.
    const key = celeryKey(written, reading.namespace ?? 'CELERY');
    settings.set(key, [...(settings.get(key) ?? []), setting]);
  }
  const files = sources.map((source) => ({ path: source.file, source: source.text }));
  return {
    settings,
    unreadable: reading.reasons[0] ?? null,
    broker: detectBroker(files, null, []).broker,
    brokerNamed: settings.has('broker_url'),
    atomicRequests: reading.atomicRequests,
    celeryVersion: location ? readVersions(location.root, location.configDirs).celeryVersion : null,
  };
}

/** What the project sets globally for a setting: its non-None assignments, or why that is unknown. */
export type GlobalSetting =
  { state: 'set'; settings: ConfigSetting[] } | { state: 'unset' } | { state: 'unknown'; reason: string };

export function globalSetting(config: CeleryConfig, ...keys: string[]): GlobalSetting {
  const settings = keys
    .flatMap((key) => config.settings.get(key) ?? [])
    .filter((setting) => !setting.value.none);
  if (settings.length) return { state: 'set', settings };
  return config.unreadable ? { state: 'unknown', reason: config.unreadable } : { state: 'unset' };
}

/** True when the project turns a boolean setting on somewhere (`CELERY_TASK_ACKS_LATE = True`). */
export function turnedOn(config: CeleryConfig, key: string): boolean {
  return (config.settings.get(key) ?? []).some((setting) => setting.value.bool === true);
}
