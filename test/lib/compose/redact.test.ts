import { describe, expect, it } from 'vitest';
import {
  ANSWERS,
  createVault,
  holdsSecret,
  isEnvFile,
  isSecretName,
  learnEnvFile,
  redactAll,
  redactText,
  restoreAnswer,
} from '../../../src/lib/compose/redact/index.js';
import { SHAPES } from '../../../src/lib/compose/redact/shapes.js';
import type { AnswerFile, SecretMap } from '../../../src/lib/types.js';

// Made-up values shaped like real ones.
const DJANGO_KEY = 'django-insecure-8f#k2!q9z@x7w$v3m&n1p0r5t4y6u^b';
const DB_PASSWORD = "s3cr'et-Db!pw";
const REDIS_PASSWORD = 'r3dis-Pa55word';

const SETTINGS = `import os
import environ

env = environ.Env()

SECRET_KEY = "${DJANGO_KEY}"
DEBUG = env.bool("DJANGO_DEBUG", False)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "USER": "shop",
        "PASSWORD": "${DB_PASSWORD.replace("'", "\\'")}",
    }
}
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://:${REDIS_PASSWORD}@localhost:6379/0")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
SENTRY_DSN = None
API_TOKEN: str = ""
`;

const settings = { file: 'config/settings.py' };
const redact = (text: string, file: string, secrets: SecretMap = createVault('ab12')) =>
  redactText(text, { file }, secrets);
const replaceAll = (file: string, content: string): AnswerFile => ({
  path: file,
  action: 'replace',
  content,
});

describe('redactText', () => {
  it('hides the secrets of a settings file, keeps everything else, and restores it byte for byte', async () => {
    const secrets = createVault('ab12');
    const out = await redactText(SETTINGS, settings, secrets);
    expect(out).toMatch(/^SECRET_KEY = "__SECRET_ab12_\d+__"$/m);
    expect(out).toContain('"PASSWORD": "__SECRET_ab12_');
    expect(out).toMatch(/"redis:\/\/:__SECRET_ab12_\d+__@localhost:6379\/0"/);
    for (const kept of [
      '"ENGINE": "django.db.backends.postgresql"',
      '"USER": "shop"',
      'password_validation.MinimumLengthValidator',
      'EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")',
      'SENTRY_DSN = None',
      'API_TOKEN: str = ""',
    ]) {
      expect(out).toContain(kept);
    }
    const { answer } = restoreAnswer({ files: [replaceAll(settings.file, out)], notes: '' }, secrets);
    expect(answer.files[0]!.content).toBe(SETTINGS);
  });

  it('hides a value whatever the shape of the Python around it', async () => {
    const source = [
      'SECRET_KEY = os.environ.get(',
      '    "DJANGO_SECRET_KEY",',
      '    "next-line-default-1",',
      ')',
      'STRIPE_API_KEY = env.str("STRIPE", default=("parenthesized-" "concatenated-2"))',
      'WEBHOOK_SECRET = (os.getenv("HOOK") or f"{PREFIX}-fallback-3") if PROD else "else-branch-4"',
      'class Client:',
      '    def __init__(self, token="param-default-5"):',
      '        self.api_token = "attribute-6"',
      'x = get_secret("EMAIL_PW", "looked-up-default-7")',
      '',
    ].join('\n');
    const out = await redact(source, 'conf.py');
    for (const value of ['next-line-default-1', 'parenthesized-', 'concatenated-2', '-fallback-3']) {
      expect(out).not.toContain(value);
    }
    for (const value of ['else-branch-4', 'param-default-5', 'attribute-6', 'looked-up-default-7']) {
      expect(out).not.toContain(value);
    }
    expect(out).toContain('f"{PREFIX}__SECRET_ab12_');
    expect(out).toContain('os.getenv("HOOK")');
  });

  it("leaves Django's own names and everyday keys readable", async () => {
    const text = [
      'AUTH_USER_MODEL = "accounts.User"',
      'AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"}]',
      'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]',
      'SECRET_KEY_FALLBACKS = []',
      'CACHES = {"default": {"KEY_PREFIX": "shop", "LOCATION": "redis://redis:6379/1"}}',
      'CELERY_TASK_ROUTES = {"orders.*": {"queue": "orders", "routing_key": "orders.high"}}',
      'cache_key = "lock:orders:sync"',
      'url = f"redis://:{REDIS_PASSWORD}@redis:6379/0"',
      'HEADERS = {"Authorization": f"Bearer {token}"}',
      '# Basic usage: see the docs',
      '',
    ].join('\n');
    expect(await redact(text, 'config/celery.py')).toBe(text);
  });

  it('reads a file with characters outside ASCII at the right places', async () => {
    const text = '# café 😀\nPASSWORD = "pässwörd-😀-long"\nNAME = "ünïcode"\n';
    const secrets = createVault('ab12');
    const out = await redactText(text, { file: 'a.py' }, secrets);
    expect(out).toBe('# café 😀\nPASSWORD = "__SECRET_ab12_1__"\nNAME = "ünïcode"\n');
    expect(secrets.placeholders.get('__SECRET_ab12_1__')!.value).toBe('pässwörd-😀-long');
  });

  it('reads YAML as YAML: block scalars, anchors, aliases, environment lists and exec-form commands', async () => {
    const compose = [
      'x-common: &common',
      '  DB_PASSWORD: merged-pw-1',
      'x-pw: &pw aliased-pw-2',
      'services:',
      '  web:',
      '    environment:',
      '      <<: *common',
      '      REDIS_PASSWORD: *pw',
      '      PRIVATE_KEY: |',
      '        literal-line-3a',
      '        literal-line-3b',
      '      - ignored',
      '',
    ].join('\n');
    // Not valid YAML (a list item inside a map): read line by line instead, still hiding named values.
    const broken = await redact(compose, 'docker-compose.yml');
    expect(broken).not.toContain('merged-pw-1');
    expect(broken).not.toContain('aliased-pw-2');

    const valid = `${compose.replace('      - ignored\n', '')}    command:\n      - redis-server\n      - --requirepass\n      - block-seq-pw-4\n`;
    const out = await redact(valid, 'compose.yaml');
    for (const value of [
      'merged-pw-1',
      'aliased-pw-2',
      'literal-line-3a',
      'literal-line-3b',
      'block-seq-pw-4',
    ]) {
      expect(out).not.toContain(value);
    }
    // The block scalar keeps its header and indentation: the model reads valid YAML.
    expect(out).toMatch(/PRIVATE_KEY: \|\n {8}__SECRET_ab12_\d+__\n/);
    expect(out).toContain('<<: *common');
  });

  it('leaves references to secrets kept elsewhere readable', async () => {
    const workflow =
      'env:\n  API_TOKEN: ${{ secrets.API_TOKEN }}\n  DB_PASSWORD: ${DB_PASSWORD}\n  HELM_PASSWORD: "{{ .Values.password }}"\n';
    expect(await redact(workflow, '.github/workflows/ci.yml')).toBe(workflow);
  });

  it('hides secret-named ENV and ARG values of a Dockerfile, in every form', async () => {
    const dockerfile =
      'ARG GITHUB_TOKEN=arg-token-1\nENV API_KEY api-key-legacy-2\nENV A=1 DB_PASSWORD="multi-3" B=2\nENV DEBUG=0\n';
    const out = await redact(dockerfile, 'Dockerfile');
    for (const value of ['arg-token-1', 'api-key-legacy-2', 'multi-3']) expect(out).not.toContain(value);
    expect(out).toContain('ENV A=1 DB_PASSWORD="__SECRET_ab12_3__" B=2\nENV DEBUG=0');
  });

  it('finds known token shapes in text of any kind, comments and answers included', async () => {
    const secrets = createVault('ab12');
    const text =
      'deploy with xoxb-000000001-fakeBotToken and sk_test_FAKE000000000001 via https://hooks.slack.com/services/T0/B0/fakeHookSecret';
    const out = await redactText(text, ANSWERS, secrets);
    expect(out).not.toMatch(/fakeBotToken|FAKE000000000001|fakeHookSecret/);
    expect(out).toContain('https://hooks.slack.com/services/__SECRET_ab12_');
  });

  it('gives one value one placeholder across files, bound to each file it was found in', async () => {
    const secrets = createVault('ab12');
    const [py, yml] = await redactAll(
      [
        { text: `BROKER = "redis://:${REDIS_PASSWORD}@redis:6379/0"\n`, source: settings },
        {
          text: `services:\n  redis:\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n`,
          source: { file: 'docker-compose.yml' },
        },
      ],
      secrets,
    );
    const placeholder = secrets.byValue.get(REDIS_PASSWORD)!;
    expect(py).toContain(placeholder);
    expect(yml).toContain(placeholder);
    expect([...secrets.placeholders.get(placeholder)!.files]).toEqual([settings.file, 'docker-compose.yml']);
  });

  it('hides a long value found in one text wherever another text repeats it, read in any order', async () => {
    const [comment] = await redactAll(
      [
        { text: `# the dev key is ${DJANGO_KEY}\n`, source: { file: 'config/notes.py' } },
        { text: `SECRET_KEY = "${DJANGO_KEY}"\n`, source: settings },
      ],
      createVault('ab12'),
    );
    expect(comment).toBe('# the dev key is __SECRET_ab12_1__\n');
  });

  it('never issues a placeholder the project already holds as text, and leaves that text alone', async () => {
    const secrets = createVault('ab12');
    const text = 'HELP = "__SECRET_ab12_1__ is how hidden values look"\nPASSWORD = "hunter2-pw"\n';
    const out = await redactText(text, { file: 'a.py' }, secrets);
    expect(out).toContain('PASSWORD = "__SECRET_ab12_2__"');
    expect(out).toContain('HELP = "__SECRET_ab12_1__ is');
    const { answer } = restoreAnswer({ files: [replaceAll('a.py', out)], notes: '' }, secrets);
    expect(answer.files[0]!.content).toBe(text);
  });

  it('never cuts a known value out of a placeholder already in the text', async () => {
    const secrets = createVault('ab12');
    learnEnvFile('WORD=SECRET\n', '.env', secrets);
    const out = await redactText('kept __SECRET_ab12_7__ but not SECRET', ANSWERS, secrets);
    expect(out).toBe('kept __SECRET_ab12_7__ but not __SECRET_ab12_1__');
  });

  it('draws a new random marker for every run', () => {
    const markers = new Set(Array.from({ length: 20 }, () => createVault().marker));
    expect(markers.size).toBeGreaterThan(1);
    for (const marker of markers) expect(marker).toMatch(/^[0-9a-f]{4}$/);
  });
});

describe('.env values', () => {
  const DOTENV =
    '# local\nDJANGO_DEBUG=1\nMAIL_PASSWORD="p4ss-from-dotenv"\nexport REDIS_HOST=cache-host-77 # the host\nPIN=4711\n';

  it('are recognised by file name', () => {
    for (const name of ['.env', '.env.production', 'deploy/prod.env', '.envs/.local/.postgres']) {
      expect(isEnvFile(name), name).toBe(true);
    }
    expect(isEnvFile('config/environment.py')).toBe(false);
  });

  it('are hidden wherever they appear; short ones only where they sit in a secret-looking position', async () => {
    const secrets = createVault('ab12');
    learnEnvFile(DOTENV, '.env', secrets);
    const answer = await redactText(
      'Log in with p4ss-from-dotenv on cache-host-77, 1 retry, pin 4711',
      ANSWERS,
      secrets,
    );
    expect(answer).toBe('Log in with __SECRET_ab12_1__ on __SECRET_ab12_2__, 1 retry, pin 4711');
    const py = await redactText('DEBUG = 1\nPIN_PASSWORD = "4711"\n', settings, secrets);
    expect(py).toBe('DEBUG = 1\nPIN_PASSWORD = "__SECRET_ab12_3__"\n');
  });
});

describe('restoreAnswer', () => {
  async function runWithSettings() {
    const secrets = createVault('ab12');
    const sent = await redactText(SETTINGS, settings, secrets);
    const placeholder = secrets.byValue.get(DJANGO_KEY)!;
    return { secrets, sent, placeholder };
  }

  it('puts each value back only into the file it came from', async () => {
    const { secrets, sent, placeholder } = await runWithSettings();
    const { answer, warnings } = restoreAnswer(
      {
        files: [
          replaceAll(settings.file, sent),
          { path: 'docs/x.md', action: 'create', content: `The key is ${placeholder}.\n` },
          { path: 'orders/tasks.py', action: 'create', content: `KEY = "${placeholder}"\n` },
        ],
        notes: `Keep ${placeholder} secret.`,
      },
      secrets,
    );
    expect(answer.files[0]!.content).toBe(SETTINGS);
    expect(answer.files[1]!.content).toBe(`The key is ${placeholder}.\n`);
    expect(answer.files[2]!.content).toBe(`KEY = "${placeholder}"\n`);
    expect(answer.notes).toBe(`Keep ${placeholder} secret.`);
    expect(warnings).toEqual([
      `left ${placeholder} (a secret of config/settings.py) as is in docs/x.md: put the value there yourself if it belongs`,
      `left ${placeholder} (a secret of config/settings.py) as is in orders/tasks.py: put the value there yourself if it belongs`,
    ]);
  });

  it('leaves a placeholder the request never held, and says so', async () => {
    const { secrets } = await runWithSettings();
    const { answer, warnings } = restoreAnswer(
      { files: [replaceAll(settings.file, 'SECRET_KEY = "__SECRET_ab12_99__"\n')], notes: '' },
      secrets,
    );
    expect(answer.files[0]!.content).toBe('SECRET_KEY = "__SECRET_ab12_99__"\n');
    expect(warnings).toEqual([
      'left __SECRET_ab12_99__ (no secret this run sent) as is in config/settings.py: put the value there yourself if it belongs',
    ]);
  });

  it('puts nothing back from the answers into any file', async () => {
    const secrets = createVault('ab12');
    learnEnvFile('MAIL_PASSWORD=p4ss-from-dotenv\n', '.env', secrets);
    const sent = await redactText('use p4ss-from-dotenv', ANSWERS, secrets);
    const placeholder = sent.replace('use ', '');
    const { answer, warnings } = restoreAnswer(
      { files: [replaceAll('orders/tasks.py', `PASSWORD = "${placeholder}"\n`)], notes: '' },
      secrets,
    );
    expect(answer.files[0]!.content).not.toContain('p4ss-from-dotenv');
    expect(warnings[0]).toContain('(a secret of your answers)');
  });
});

describe('a repair round', () => {
  it('hides a value restored in the round before again, whatever its length, under the same placeholder', async () => {
    const secrets = createVault('ab12');
    const sent = await redactText('PASSWORD = "pw1"\n', settings, secrets);
    const { answer } = restoreAnswer(
      { files: [replaceAll(settings.file, `${sent}X = "pw1"\n`)], notes: '' },
      secrets,
    );
    expect(answer.files[0]!.content).toBe('PASSWORD = "pw1"\nX = "pw1"\n');
    const again = await redactText(answer.files[0]!.content, settings, secrets, { rehide: true });
    expect(again).toBe('PASSWORD = "__SECRET_ab12_1__"\nX = "__SECRET_ab12_1__"\n');
  });
});

describe('holdsSecret', () => {
  it('says which answers may be remembered', () => {
    const secrets = createVault('ab12');
    learnEnvFile('MAIL_PASSWORD=p4ss-from-dotenv\n', '.env', secrets);
    expect(holdsSecret('redis://:pw-in-url@redis:6379/0', secrets)).toBe(true);
    expect(holdsSecret('ghp_FAKEfakeFAKEfake000000000000000000', secrets)).toBe(true);
    expect(holdsSecret('send with p4ss-from-dotenv', secrets)).toBe(true);
    expect(holdsSecret('password=hunter22', secrets)).toBe(true);
    expect(holdsSecret('redis://localhost:6379/0', secrets)).toBe(false);
    expect(holdsSecret('Email the customer a confirmation', secrets)).toBe(false);
  });
});

describe('secret names', () => {
  it('are told by their segments', () => {
    for (const name of [
      'SECRET_KEY',
      'DB_PASSWORD',
      'passwd',
      'PWD',
      'REDIS_PASS',
      'GITHUB_TOKEN',
      'api-key',
      'apiKey',
      'clientSecret',
      'PRIVATE_KEY',
      'AWS_ACCESS_KEY_ID',
      'GOOGLE_CREDENTIALS',
      'SENTRY_DSN',
      'SLACK_WEBHOOK',
      'STRIPE_KEY',
      'SIGNING_KEY',
      'DBPASSWORD',
      'SECRET_KEY_FALLBACKS',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of [
      'DEBUG',
      'ALLOWED_HOSTS',
      'USER',
      'KEY_PREFIX',
      'CACHE_KEY_PREFIX',
      'BYPASS_CACHE',
      'DATABASE_URL',
      'routing_key',
      'cache_key',
      'key',
      'AUTH_USER_MODEL',
      'AUTH_PASSWORD_VALIDATORS',
      'PASSWORD_HASHERS',
      'PASSWORD_RESET_TIMEOUT',
      'COMPASS',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('linear time', () => {
  // Measured on a shared 2-core machine: 0.1-0.4 s per 1 MB case below, up to 2.5 s where a value to hide starts
  // every few bytes (`--password "`, `A="`: hundreds of thousands of values, each hidden and restored). A pattern
  // that backtracks from every start is quadratic: `eyJ-` repeated took 2.5 s for 64 KB before its start was
  // pinned, which is about ten minutes for 1 MB. The suite's 60 s timeout is the bound that catches that; the
  // structural check below says why the shapes stay linear.
  const MB = 1024 * 1024;
  const times = (unit: string) => unit.repeat(Math.floor(MB / unit.length));
  it.each([
    ['settings.py', ' '.repeat(MB)],
    ['docker-compose.yml', ' '.repeat(MB)],
    ['Dockerfile', ' '.repeat(MB)],
    ['.env', ' '.repeat(MB)],
    ['notes.txt', times('a: ')],
    ['requirements.txt', times('a.')],
    ['Dockerfile', `ENV ${'A'.repeat(MB)}`],
    ['notes.txt', times('eyJ-')],
    ['notes.txt', times('-----BEGIN PRIVATE KEY-----')],
    ['notes.txt', times('--password "')],
    ['notes.txt', times('mysql ')],
    ['.env', times('A="\n')],
  ])('redacts 1 MB of %s and restores it', async (file, text) => {
    const secrets = createVault('ab12');
    const out = await redact(text, file, secrets);
    const { answer } = restoreAnswer({ files: [replaceAll(file, out)], notes: '' }, secrets);
    expect(answer.files[0]!.content === text).toBe(true);
  });

  it('has no shape pattern that could start with an unbounded repeat', () => {
    for (const { kind, pattern } of SHAPES) {
      // Each starts at a literal, a word boundary or a lookbehind: a failed attempt at a position costs little,
      // and a token cannot start again inside itself.
      expect(pattern.source, kind).toMatch(/^(\\b|\(\?<[=!]|-|[A-Za-z])/);
      // Repeats of "anything" are capped, so an attempt that starts cannot scan the rest of the text.
      expect(pattern.source, kind).not.toMatch(/\[\^\\n\][*+]|\.\*|\[\\s\\S\][*+]/);
    }
  });
});
