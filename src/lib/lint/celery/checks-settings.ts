// Rules about configuration: eager mode (CEL001), pickle (CEL009), app created before Django's
// settings module is set (CEL010), late acks for every task (CEL015).
import type { CheckedFile } from './checked-file.js';
import { celeryKey, turnedOn } from './config.js';
import { RULES, type RawCeleryFinding } from './rules.js';
import { callArguments, lastName, position, stringValue, type Node } from './syntax.js';

interface SettingAssignment {
  /** Celery's lowercase name: `task_always_eager`. */
  name: string;
  /** As written: `CELERY_TASK_ALWAYS_EAGER`. */
  written: string;
  value: Node;
  at: Node;
}

/** Settings assigned anywhere: `NAME = v`, `app.conf.name = v`, `update(name=v)`, `{'name': v}`. */
const assignmentsOf = new WeakMap<CheckedFile, SettingAssignment[]>();

function settingAssignments(checked: CheckedFile): SettingAssignment[] {
  const cached = assignmentsOf.get(checked);
  if (cached) return cached;
  const found: SettingAssignment[] = [];
  const { index } = checked;
  for (const node of [
    ...index.of('assignment'),
    ...index.of('augmented_assignment'),
    ...index.of('keyword_argument'),
    ...index.of('pair'),
  ]) {
    const [key, value] =
      node.type === 'assignment' || node.type === 'augmented_assignment'
        ? [node.childForFieldName('left'), node.childForFieldName('right')]
        : node.type === 'keyword_argument'
          ? [node.childForFieldName('name'), node.childForFieldName('value')]
          : [node.childForFieldName('key'), node.childForFieldName('value')];
    const name = key?.type === 'string' ? stringValue(key) : lastName(key);
    if (name && value) found.push({ name: celeryKey(name, null), written: name, value, at: node });
  }
  assignmentsOf.set(checked, found);
  return found;
}

const segmentsOf = (file: string) => file.replace(/\.pyi?$/, '').split('/');
const TEST_SEGMENT = /^(tests?|testing|conftest)$|^test_|_(tests?|testing)$/;
const LOCAL_SEGMENT = /^(local|dev|development)$|^local_|_(local|dev)$/;

/** A test module or anything under a tests/ folder. */
export function isTestFile(file: string): boolean {
  return segmentsOf(file).some((segment) => TEST_SEGMENT.test(segment));
}

/**
 * Test and local settings may run eagerly: Django developers (and cookiecutter-django's local.py) do.
 * A path segment such as `tests/`, `test_settings.py`, `settings/local.py` or `conftest.py` says so.
 */
export function isTestOrLocalFile(file: string): boolean {
  return isTestFile(file) || segmentsOf(file).some((segment) => LOCAL_SEGMENT.test(segment));
}

/** Inside `if DEBUG:` or `if "test" in sys.argv:`, eager mode is a deliberate development switch. */
function underDevelopmentCondition(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (
      parent.type === 'if_statement' &&
      /test|debug/i.test(parent.childForFieldName('condition')?.text ?? '')
    ) {
      return true;
    }
  }
  return false;
}

export function checkEagerMode(checked: CheckedFile): RawCeleryFinding[] {
  if (isTestOrLocalFile(checked.file)) return [];
  return settingAssignments(checked)
    .filter(({ name, value }) => name === 'task_always_eager' && value.type === 'true')
    .filter(({ at }) => !underDevelopmentCondition(at))
    .map(({ at }) => ({
      rule: RULES.eagerMode,
      node: at,
      message: `eager mode is on in ${checked.file}: tasks will run inline, not on a worker; enable it only in test or local settings`,
    }));
}

const SERIALIZER_SETTING = /^((task|result|event)_)?serializer$|^(result_)?accept_content$/;
const PICKLE = /^(pickle|application\/x-python-serialize)$/;

export function checkPickle(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const { name, written, value, at } of settingAssignments(checked)) {
    if (!SERIALIZER_SETTING.test(name)) continue;
    const strings = value.type === 'string' ? [value] : checked.index.inside(value, 'string');
    const pickle = strings.find((node) => PICKLE.test(stringValue(node) ?? ''));
    if (pickle) {
      findings.push({
        rule: RULES.pickle,
        node: at,
        message: `${written} allows pickle: use 'json' instead`,
      });
    }
  }
  return findings;
}

function isCeleryConstructor(call: Node): boolean {
  const fn = call.childForFieldName('function');
  return (
    (fn?.type === 'identifier' && fn.text === 'Celery') ||
    (fn?.type === 'attribute' && fn.text === 'celery.Celery')
  );
}

/** `os.environ.setdefault('DJANGO_SETTINGS_MODULE', ...)` or `os.environ['DJANGO_SETTINGS_MODULE'] = ...`. */
function setsSettingsModule(node: Node): boolean {
  if (node.type === 'call') {
    const fn = node.childForFieldName('function')?.text ?? '';
    const first = callArguments(node).positional[0] ?? null;
    return /environ\.setdefault$/.test(fn) && stringValue(first) === 'DJANGO_SETTINGS_MODULE';
  }
  const left = node.childForFieldName('left');
  return (
    left?.type === 'subscript' &&
    stringValue(left.childForFieldName('subscript')) === 'DJANGO_SETTINGS_MODULE'
  );
}

export function checkAppBeforeSettings(checked: CheckedFile): RawCeleryFinding[] {
  const calls = checked.index.of('call');
  const app = calls.find(isCeleryConstructor);
  if (!app) return [];
  const setting = [...calls, ...checked.index.of('assignment')]
    .filter(setsSettingsModule)
    .sort((a, b) => a.startIndex - b.startIndex)[0];
  const { line } = position(app);
  if (setting && setting.startIndex > app.startIndex) {
    return [
      {
        rule: RULES.appBeforeSettings,
        node: app,
        message: `Celery() on line ${line} is created before DJANGO_SETTINGS_MODULE is set on line ${position(setting).line}: move os.environ.setdefault(...) above it`,
      },
    ];
  }
  const readsDjangoSettings = calls.some(
    (call) =>
      lastName(call.childForFieldName('function')) === 'config_from_object' &&
      (stringValue(callArguments(call).positional[0] ?? null) ?? '').startsWith('django.conf:settings'),
  );
  if (!setting && readsDjangoSettings) {
    return [
      {
        rule: RULES.appBeforeSettings,
        node: app,
        message:
          "this Django Celery app never sets DJANGO_SETTINGS_MODULE: add os.environ.setdefault('DJANGO_SETTINGS_MODULE', '<project>.settings') before Celery()",
      },
    ];
  }
  return [];
}

export function checkGlobalLateAcks(checked: CheckedFile): RawCeleryFinding[] {
  if (turnedOn(checked.facts.config, 'task_reject_on_worker_lost')) return [];
  return settingAssignments(checked)
    .filter(({ name, value }) => name === 'task_acks_late' && value.type === 'true')
    .map(({ written, at }) => ({
      rule: RULES.lateAcks,
      node: at,
      message: `${written} acks every task late: each must be safe to run twice, and without task_reject_on_worker_lost a killed child process still acks its message`,
    }));
}
