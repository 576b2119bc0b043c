import { describe, expect, it } from 'vitest';
import {
  isEnvFile,
  isSecretName,
  redactAll,
  redactText,
  restoreAnswer,
  restoreSecrets,
} from '../../../src/lib/compose/redact.js';
import type { SecretMap } from '../../../src/lib/types.js';

// Made-up values shaped like real ones.
const DJANGO_KEY = 'django-insecure-8f#k2!q9z@x7w$v3m&n1p0r5t4y6u^b';
const DB_PASSWORD = "s3cr'et-Db!pw";
const REDIS_PASSWORD = 'r3dis-Pa55word';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

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
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "${DB_PASSWORD}",
        "HOST": "localhost",
    }
}
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://:${REDIS_PASSWORD}@localhost:6379/0")
AWS_ACCESS_KEY_ID = "${AWS_KEY_ID}"
AWS_SECRET_ACCESS_KEY = os.getenv("AWS_SECRET_ACCESS_KEY", '${AWS_SECRET}')
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
SENTRY_DSN = None
API_TOKEN: str = ""
`;

const DOTENV = `# local development
DJANGO_SECRET_KEY=${DJANGO_KEY}
DATABASE_URL=postgres://shop:pg-Local-pass@db:5432/shop
DJANGO_SETTINGS_MODULE=config.settings.local
export MAIL_FROM="noreply@example.com" # sender
EMPTY=
`;

const COMPOSE = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: pg-Compose-pass
  redis:
    image: redis:7
    command: redis-server --requirepass "${REDIS_PASSWORD}"
  cache:
    command: ["redis-server", "--requirepass", "exec-Form-pw"]
  worker:
    environment:
      - DJANGO_SETTINGS_MODULE=config.settings.local
      - "FLOWER_BASIC_AUTH_PASSWORD=flower-Pa55"
      - CELERY_BROKER_URL=amqp://shop:rabbit-Pa55@rabbitmq:5672//
      - DB_PASS=\${DB_PASSWORD:-compose-default-pw}
      - API_TOKEN=\${API_TOKEN}
`;

function redact(
  text: string,
  file: string,
  secrets: SecretMap = new Map(),
): { out: string; secrets: SecretMap } {
  return { out: redactText(text, file, secrets), secrets };
}

describe('redactText', () => {
  it('hides the secrets of a settings file and keeps everything else', () => {
    const { out, secrets } = redact(SETTINGS, 'config/settings.py');
    for (const secret of [DJANGO_KEY, DB_PASSWORD, REDIS_PASSWORD, AWS_KEY_ID, AWS_SECRET]) {
      expect(out).not.toContain(secret);
    }
    expect([...secrets.values()].sort()).toEqual(
      [AWS_KEY_ID, AWS_SECRET, DB_PASSWORD, DJANGO_KEY, REDIS_PASSWORD].sort(),
    );
    expect(out).toMatch(/^SECRET_KEY = "__REDACTED_SECRET_\d+__"$/m);
    expect(out).toMatch(/"redis:\/\/:__REDACTED_SECRET_\d+__@localhost:6379\/0"/);
    // Nothing secret: left as the model needs to see it.
    expect(out).toContain('"ENGINE": "django.db.backends.postgresql"');
    expect(out).toContain('"USER": "shop"');
    expect(out).toContain('password_validation.MinimumLengthValidator');
    expect(out).toContain('EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")');
    expect(out).toContain('SENTRY_DSN = None');
    expect(out).toContain('API_TOKEN: str = ""');
  });

  it('hides every value of a .env file, whatever its name', () => {
    const { out } = redact(DOTENV, '.env');
    expect(out).toBe(`# local development
DJANGO_SECRET_KEY=__REDACTED_SECRET_1__
DATABASE_URL=__REDACTED_SECRET_2__
DJANGO_SETTINGS_MODULE=__REDACTED_SECRET_3__
export MAIL_FROM="__REDACTED_SECRET_4__" # sender
EMPTY=
`);
    for (const name of ['.env', '.env.production', 'deploy/prod.env', '.envs/.local/.postgres']) {
      expect(isEnvFile(name), name).toBe(true);
    }
    expect(isEnvFile('config/environment.py')).toBe(false);
  });

  it('hides passwords in a compose file: mappings, list entries, URLs, variable defaults', () => {
    const { out } = redact(COMPOSE, 'docker-compose.yml');
    for (const secret of [
      'pg-Compose-pass',
      REDIS_PASSWORD,
      'flower-Pa55',
      'rabbit-Pa55',
      'compose-default-pw',
      'exec-Form-pw',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toMatch(/POSTGRES_PASSWORD: __REDACTED_SECRET_\d+__\n/);
    expect(out).toMatch(/- "FLOWER_BASIC_AUTH_PASSWORD=__REDACTED_SECRET_\d+__"\n/);
    expect(out).toMatch(/amqp:\/\/shop:__REDACTED_SECRET_\d+__@rabbitmq/);
    expect(out).toMatch(/DB_PASS=\$\{DB_PASSWORD:-__REDACTED_SECRET_\d+__\}/);
    expect(out).toContain('POSTGRES_USER: shop');
    expect(out).toContain('- API_TOKEN=${API_TOKEN}');
    expect(out).toContain('- DJANGO_SETTINGS_MODULE=config.settings.local');
  });

  it('hides shell exports, keyword arguments and known key shapes', () => {
    const text = [
      'export SLACK_TOKEN=xoxb-1234567890-abcdefghij',
      'client = redis.Redis(host="cache", password="kw-Pa55word")',
      'OPENAI = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"',
      'STRIPE = {"api_key": "sk_live_abcdefghijklmnop1234"}',
      'PEM = """-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"""',
    ].join('\n');
    const { out } = redact(text, 'deploy/run.py');
    for (const secret of [
      'xoxb-1234567890',
      'kw-Pa55word',
      'sk-proj-abc',
      'sk_live_abc',
      'MIIEowIBAAKCAQEA',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('host="cache"');
    expect(out).toContain('-----BEGIN RSA PRIVATE KEY-----');
  });

  it('leaves ordinary Celery configuration readable', () => {
    const text = [
      'CELERY_TASK_ROUTES = {"orders.tasks.*": {"queue": "orders", "routing_key": "orders.high"}}',
      'CELERY_CACHE_BACKEND = "redis://localhost:6379/1"',
      'CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}',
      'lock_key = "lock:orders:sync"',
      'url = f"redis://:{REDIS_PASSWORD}@redis:6379/0"',
      '',
    ].join('\n');
    expect(redactText(text, 'config/celery.py', new Map())).toBe(text);
  });

  it('restores every file byte for byte', () => {
    const secrets: SecretMap = new Map();
    for (const [text, file] of [
      [SETTINGS, 'config/settings.py'],
      [DOTENV, '.env'],
      [COMPOSE, 'docker-compose.yml'],
    ] as const) {
      const out = redactText(text, file, secrets);
      expect(out).not.toBe(text);
      expect(restoreSecrets(out, secrets)).toBe(text);
    }
  });

  it('gives one secret one placeholder across files', () => {
    const secrets: SecretMap = new Map();
    const settings = redactText(SETTINGS, 'config/settings.py', secrets);
    const compose = redactText(COMPOSE, 'docker-compose.yml', secrets);
    const placeholder = [...secrets].find(([, value]) => value === REDIS_PASSWORD)![0];
    expect(settings).toContain(placeholder);
    expect(compose).toContain(placeholder);
    expect([...secrets.values()].filter((value) => value === REDIS_PASSWORD)).toHaveLength(1);
  });

  it('hides a value learned from one file wherever it appears in another', () => {
    const secrets: SecretMap = new Map();
    const [settings] = redactAll(
      [
        { path: 'config/notes.py', content: `# the dev key is ${DJANGO_KEY}\n` },
        { path: '.env', content: DOTENV },
      ],
      secrets,
    );
    expect(settings!.content).not.toContain(DJANGO_KEY);
    // A plain module name from .env is not hunted down elsewhere: the model needs it.
    const manage = redactText(
      'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")\n',
      'manage.py',
      secrets,
    );
    expect(manage).toContain('"config.settings.local"');
  });

  it('hides a secret named in one line where the same text repeats it unnamed', () => {
    const text = `# rotate ${DJANGO_KEY} soon\nSECRET_KEY = "${DJANGO_KEY}"\n`;
    expect(redact(text, 'config/settings.py').out).toBe(
      '# rotate __REDACTED_SECRET_1__ soon\nSECRET_KEY = "__REDACTED_SECRET_1__"\n',
    );
  });

  it('never reuses a placeholder the text already holds, and leaves redacted text alone', () => {
    const secrets: SecretMap = new Map();
    const text = 'HELP = "__REDACTED_SECRET_1__ is how secrets look"\nPASSWORD = "hunter2-pw"\n';
    const out = redactText(text, 'a.py', secrets);
    expect(out).toContain('PASSWORD = "__REDACTED_SECRET_2__"');
    expect(redactText(out, 'a.py', secrets)).toBe(out);
    expect(restoreSecrets(out, secrets)).toBe(text);
  });

  it('recognises secret names', () => {
    for (const name of [
      'SECRET_KEY',
      'DB_PASSWORD',
      'passwd',
      'PWD',
      'REDIS_PASS',
      'GITHUB_TOKEN',
      'api-key',
      'PRIVATE_KEY',
      'AWS_ACCESS_KEY_ID',
      'GOOGLE_CREDENTIALS',
      'SENTRY_DSN',
      'STRIPE_KEY',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of [
      'DEBUG',
      'ALLOWED_HOSTS',
      'USER',
      'KEY_PREFIX',
      'BYPASS_CACHE',
      'DATABASE_URL',
      'routing_key',
      'cache_key',
      'key',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('restoreAnswer', () => {
  it('puts real values back into the files to write, not into the notes', () => {
    const secrets: SecretMap = new Map();
    const redacted = redactText(SETTINGS, 'config/settings.py', secrets);
    const answer = restoreAnswer(
      {
        files: [{ path: 'config/settings.py', action: 'replace' as const, content: redacted }],
        notes: `Keep ${[...secrets.keys()][0]} secret.`,
      },
      secrets,
    );
    expect(answer.files[0]!.content).toBe(SETTINGS);
    expect(answer.notes).toMatch(/__REDACTED_SECRET_1__/);
  });

  it('leaves unknown placeholders as they are', () => {
    expect(restoreSecrets('x = "__REDACTED_SECRET_9__"', new Map([['__REDACTED_SECRET_1__', 'v']]))).toBe(
      'x = "__REDACTED_SECRET_9__"',
    );
  });
});

describe('less common secret forms', () => {
  it('hides an `or "fallback"` default, a *_PW name, and a URL password holding @', () => {
    const source = [
      'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "fallback-insecure-key-123"',
      'x = get_secret("EMAIL_PW", "defaultpw99")',
      'BROKER = "amqp://user:p@ss@rabbit/vhost"',
      '',
    ].join('\n');
    const secrets = new Map<string, string>();
    const redacted = redactText(source, 'settings.py', secrets);
    for (const secret of ['fallback-insecure-key-123', 'defaultpw99', 'p@ss']) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('amqp://user:__REDACTED_SECRET_');
    expect(restoreSecrets(redacted, secrets)).toBe(source);
  });
});
