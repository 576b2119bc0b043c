import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { detectProject } from '../../../src/lib/project/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url));
const fixture = (...parts: string[]) => path.join(fixtures, ...parts);

describe('detectProject on the fixture layouts', () => {
  it('reads a plain `django-admin startproject` project', () => {
    expect(detectProject(fixture('startproject'))).toEqual({
      root: fixture('startproject'),
      settingsModule: 'shopsite.settings',
      settingsFile: 'shopsite/settings.py',
      package: 'shopsite',
      celeryApp: null,
      apps: ['orders'],
      appLabels: ['orders'],
      djangoVersion: '5.2',
      celeryVersion: null,
      broker: null,
      brokerUrl: null,
      requirementsFile: 'requirements.txt',
    });
  });

  it('reads cookiecutter-style split settings: base module, LOCAL_APPS, AppConfig paths, requirements/', () => {
    expect(detectProject(fixture('split-settings'))).toEqual({
      root: fixture('split-settings'),
      settingsModule: 'config.settings.local',
      settingsFile: 'config/settings/base.py',
      package: 'config',
      celeryApp: 'config.celery_app',
      apps: ['bookstore.users', 'bookstore.orders'],
      appLabels: ['bookstore.users', 'bookstore.orders.apps.OrdersConfig'],
      djangoVersion: '5.1',
      celeryVersion: '5.5',
      broker: 'redis',
      brokerUrl: 'env REDIS_URL, default redis://redis:6379/0',
      requirementsFile: 'requirements/base.txt',
    });
  });

  it('finds manage.py in src/ and reads the pyproject.toml beside src/', () => {
    expect(detectProject(fixture('src-layout'))).toEqual({
      root: fixture('src-layout', 'src'),
      settingsModule: 'core.settings',
      settingsFile: 'core/settings/__init__.py',
      package: 'core',
      celeryApp: 'core.celery',
      apps: ['catalog', 'warehouse'],
      appLabels: ['catalog', 'warehouse.apps.WarehouseConfig'],
      djangoVersion: '5.2',
      celeryVersion: '5.6',
      broker: 'rabbitmq',
      // The default holds guest:guest, a password: it is never offered as a default.
      brokerUrl: 'env CELERY_BROKER_URL',
      requirementsFile: '../pyproject.toml',
    });
  });

  it('finds a Celery app under any module name and takes the broker from it', () => {
    expect(detectProject(fixture('custom-celery-name'))).toEqual({
      root: fixture('custom-celery-name'),
      settingsModule: 'proj.settings',
      settingsFile: 'proj/settings.py',
      package: 'proj',
      celeryApp: 'proj.celeryconf',
      apps: ['billing'],
      appLabels: ['billing.apps.BillingConfig'],
      djangoVersion: '5.2',
      celeryVersion: '5.4',
      broker: 'rabbitmq',
      brokerUrl: 'pyamqp://guest@localhost//',
      requirementsFile: 'pyproject.toml',
    });
  });

  it('reads the example project the README demo runs on', () => {
    const example = fileURLToPath(new URL('../../../examples/shopsite', import.meta.url));
    expect(detectProject(path.join(example, 'orders'))).toEqual({
      root: example,
      settingsModule: 'shopsite.settings',
      settingsFile: 'shopsite/settings.py',
      package: 'shopsite',
      celeryApp: null,
      apps: ['accounts', 'orders'],
      appLabels: ['accounts', 'orders'],
      djangoVersion: '5.2',
      celeryVersion: '5.6',
      broker: 'redis',
      // REDIS_URL's default in settings.py holds a password, so only the variable is named.
      brokerUrl: 'env REDIS_URL',
      requirementsFile: 'requirements.txt',
    });
  });

  it('counts apps without apps.py and the project package, in the order a tuple and its += list them', () => {
    expect(detectProject(fixture('old-style-apps'))).toEqual({
      root: fixture('old-style-apps'),
      settingsModule: 'newsroom.settings',
      settingsFile: 'newsroom/settings.py',
      package: 'newsroom',
      celeryApp: null,
      // Not alphabetical; debug_toolbar and sorl.thumbnail are installed packages, not the project's.
      apps: ['newsroom', 'polls', 'articles', 'comments'],
      appLabels: ['newsroom', 'polls', 'articles', 'comments'],
      djangoVersion: '4.2',
      celeryVersion: '5.3',
      // Nothing in the settings: celery[redis] in requirements.txt says Redis, and no URL.
      broker: 'redis',
      brokerUrl: null,
      requirementsFile: 'requirements.txt',
    });
  });

  it('reduces AppConfig paths to their package and reads an env-only broker with its fallback URL', () => {
    expect(detectProject(fixture('package-as-app'))).toEqual({
      root: fixture('package-as-app'),
      settingsModule: 'clinic.settings',
      settingsFile: 'clinic/settings.py',
      package: 'clinic',
      celeryApp: null,
      apps: ['clinic', 'clinic.patients', 'scheduling'],
      appLabels: ['clinic', 'clinic.patients.apps.PatientsConfig', 'scheduling.apps.SchedulingConfig'],
      djangoVersion: '5.1',
      celeryVersion: '5.4',
      broker: 'rabbitmq',
      brokerUrl: 'env CLOUDAMQP_URL, default amqp://localhost:5672//',
      requirementsFile: 'requirements.txt',
    });
  });

  it("follows django-split-settings' include(), its globs and the lists they extend", () => {
    expect(detectProject(fixture('split-settings-include'))).toEqual({
      root: fixture('split-settings-include'),
      settingsModule: 'mediahub.settings',
      // The settings module only includes others: shared settings go where INSTALLED_APPS is defined.
      settingsFile: 'mediahub/settings/components/common.py',
      package: 'mediahub',
      celeryApp: null,
      apps: ['library', 'uploads', 'search'],
      appLabels: ['library', 'uploads', 'search'],
      djangoVersion: '5.2',
      celeryVersion: '5.5',
      broker: 'redis',
      brokerUrl: 'env REDIS_URL, default redis://localhost:6379/1',
      requirementsFile: 'pyproject.toml',
    });
  });

  it('reads a settings package, and names no broker when its environments disagree', () => {
    expect(detectProject(fixture('settings-package'))).toEqual({
      root: fixture('settings-package'),
      settingsModule: 'crm.settings',
      settingsFile: 'crm/settings/base.py',
      package: 'crm',
      celeryApp: null,
      apps: ['contacts', 'deals'],
      appLabels: ['contacts', 'deals.apps.DealsConfig'],
      djangoVersion: '5.2',
      celeryVersion: '5.5',
      // base.py says Redis, production.py CloudAMQP (test.py's memory:// is no broker): the question asks.
      broker: null,
      brokerUrl: null,
      requirementsFile: 'requirements.txt',
    });
  });

  it('finds the project from a folder inside an app', () => {
    expect(detectProject(fixture('startproject', 'orders', 'migrations'))?.root).toBe(
      fixture('startproject'),
    );
    expect(detectProject(fixture('split-settings', 'bookstore', 'orders'))?.settingsFile).toBe(
      'config/settings/base.py',
    );
    expect(detectProject(fixture('src-layout', 'src', 'catalog'))?.root).toBe(fixture('src-layout', 'src'));
  });
});

describe('detectProject on hand-made projects', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a project into a fresh temporary folder and detects it. */
  function detect(files: Record<string, string>, cwd = '.') {
    dir = mkdtempSync(path.join(os.tmpdir(), 'detect-project-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return detectProject(path.join(dir, cwd));
  }
  const manage = (module: string) =>
    `import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '${module}')\n`;

  it('returns null outside a Django project', () => {
    expect(detect({ 'app/models.py': 'x = 1\n', 'requirements.txt': 'Django==5.2\n' }, 'app')).toBeNull();
  });

  it('skips commented-out lines in manage.py and settings', () => {
    const project = detect({
      'manage.py': `# os.environ.setdefault("DJANGO_SETTINGS_MODULE", "old.settings")\n${manage('site.settings')}`,
      'site/settings.py': [
        'INSTALLED_APPS = [',
        '    "django.contrib.admin",',
        '    # "blog",  # back when we had one',
        "    'shop',  # the shop, with a # in the comment",
        ']',
        '# CELERY_BROKER_URL = "redis://localhost:6379/0"',
        'CELERY_BROKER_URL = "amqp://guest@rabbit//"  # not redis://',
      ].join('\n'),
      'blog/models.py': '',
      'shop/apps.py': '',
    });
    expect(project).toMatchObject({ settingsModule: 'site.settings', apps: ['shop'], broker: 'rabbitmq' });
  });

  it('reads annotated settings (`NAME: Final[str] = ...`) like plain ones', () => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'site/settings.py': [
        'from typing import Final',
        'INSTALLED_APPS: list[str] = ["shop"]',
        'CELERY_BROKER_URL: Final[str] = get_str_from_env("CELERY_BROKER_URL", "amqp://guest@rabbit//")',
      ].join('\n'),
      'shop/apps.py': '',
    });
    expect(project).toMatchObject({ apps: ['shop'], broker: 'rabbitmq' });
  });

  it.each([
    ['a package wsgi.py', { 'shop/wsgi.py': manage('shop.settings.prod') }],
    [
      'pyproject [tool.pytest.ini_options]',
      { 'pyproject.toml': '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "shop.settings.prod"\n' },
    ],
    ['pytest.ini', { 'pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = shop.settings.prod\n' }],
    [
      'setup.cfg',
      {
        'setup.cfg': '[metadata]\nname = shop\n\n[tool:pytest]\nDJANGO_SETTINGS_MODULE=shop.settings.prod\n',
      },
    ],
  ])('falls back to %s when manage.py does not name the settings', (_, files) => {
    const project = detect({ 'manage.py': 'import sys\n', 'shop/settings/base.py': '', ...files });
    expect(project).toMatchObject({ settingsModule: 'shop.settings.prod', package: 'shop' });
    // prod.py does not exist: the shared settings still belong in the package's base.py.
    expect(project?.settingsFile).toBe('shop/settings/base.py');
  });

  it('follows star imports through several modules and reads apps added along the way', () => {
    const project = detect({
      'manage.py': manage('site.settings.ci'),
      'site/settings/__init__.py': '',
      'site/settings/ci.py': 'from site.settings.dev import *  # noqa\nINSTALLED_APPS.append("ci_tools")\n',
      'site/settings/dev.py': 'from .common import *\nINSTALLED_APPS += ("dev_tools",)\n',
      'site/settings/common.py':
        'APPS = ("shop.apps.ShopConfig",)\nINSTALLED_APPS = list(APPS) + ["django.contrib.auth"]\n',
      'shop/apps.py': '',
      'dev_tools/models/__init__.py': '',
      'ci_tools/apps.py': '',
      'site/settings/production.py':
        'from .common import *\nCELERY_BROKER_URL = env("CELERY_BROKER_URL", default="rediss://cache:6380/0")\n',
    });
    expect(project).toMatchObject({
      settingsFile: 'site/settings/common.py',
      apps: ['shop', 'dev_tools', 'ci_tools'],
      broker: 'redis',
    });
  });

  it('reports no broker for another transport, even when Redis serves the cache', () => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'site/settings.py': 'REDIS_URL = "redis://cache:6379/1"\nCELERY_BROKER_URL = "sqs://"\n',
    });
    expect(project?.broker).toBeNull();
  });

  it('finds `import celery` + `celery.Celery(`, and ignores tests, comments and virtualenvs', () => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'site/settings.py': '',
      'site/jobs.py': 'from celery import Celery, shared_task\n# app = Celery("old")\n',
      'conftest.py': 'from celery import Celery\napp = Celery("test")\n',
      '.venv/lib/celery/app.py': 'from celery import Celery\napp = Celery("vendored")\n',
      'node_modules/x/celery.py': 'from celery import Celery\napp = Celery("x")\n',
      'site/worker.py': 'import celery\n\napp = celery.Celery(\n    "site",\n)\n',
    });
    expect(project?.celeryApp).toBe('site.worker');
  });

  it('lists all 40 apps of a large project in settings order, however each is declared', () => {
    // Three kinds of app, interleaved: old-style (models.py only), with an AppConfig path, nested in apps/.
    const names = Array.from({ length: 40 }, (_, i) => `app${String((i * 17) % 40).padStart(2, '0')}`);
    const files: Record<string, string> = {
      'manage.py': manage('bigsite.settings'),
      'bigsite/__init__.py': 'from .celeryconf import app as celery_app\n',
      'bigsite/celeryconf.py': 'from celery import Celery\n\napp = Celery("bigsite")\n',
    };
    const entries = names.map((name, i) => {
      if (i % 3 === 0) {
        files[`${name}/__init__.py`] = '';
        files[`${name}/models.py`] = '';
        return name;
      }
      if (i % 3 === 1) {
        files[`${name}/__init__.py`] = '';
        files[`${name}/apps.py`] = '';
        return `${name}.apps.${name[0]!.toUpperCase()}${name.slice(1)}Config`;
      }
      files[`apps/__init__.py`] = '';
      files[`apps/${name}/__init__.py`] = '';
      return `apps.${name}`;
    });
    files['bigsite/settings.py'] = [
      'THIRD_PARTY = ["rest_framework", "django_filters", "corsheaders"]',
      `LOCAL = [\n${entries.map((entry) => `    "${entry}",`).join('\n')}\n]`,
      'INSTALLED_APPS = ["django.contrib.auth", *THIRD_PARTY, *LOCAL]',
    ].join('\n');
    const project = detect(files);
    const packages = entries.map((entry) => entry.replace(/\.apps\.\w+Config$/, ''));
    expect(project?.apps).toEqual(packages);
    expect(project?.appLabels).toEqual(entries);
    expect(project?.celeryApp).toBe('bigsite.celeryconf');
  });

  it('appends to the file a split-settings module includes (settings.dist.py), not to the module itself', () => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'site/settings/__init__.py':
        'from split_settings.tools import include, optional\n\ninclude("settings.dist.py", optional("settings.local.py"))\n',
      'site/settings/settings.dist.py':
        'INSTALLED_APPS = ["django.contrib.auth", "site"]\nREDIS_URL = "redis://cache:6379/0"\n',
      'site/settings/settings.local.py': 'INSTALLED_APPS += ["shop"]\n',
      'site/__init__.py': '',
      'shop/__init__.py': '',
    });
    expect(project).toMatchObject({
      settingsFile: 'site/settings/settings.dist.py',
      apps: ['site', 'shop'],
      broker: 'redis',
      brokerUrl: 'redis://cache:6379/0',
    });
  });

  it.each([
    [
      'a literal URL with a password: named by its setting, never shown',
      'CELERY_BROKER_URL = "amqp://app:s3cret@rabbit:5672/prod"\n',
      { broker: 'rabbitmq', brokerUrl: 'CELERY_BROKER_URL as set in site/settings.py' },
    ],
    [
      'a setting that names another one read from the environment',
      'REDIS_URL = env.str("REDIS_URL", default="rediss://cache:6380/0")\nCELERY_BROKER_URL = REDIS_URL\n',
      { broker: 'redis', brokerUrl: 'env REDIS_URL, default rediss://cache:6380/0' },
    ],
    [
      'an f-string',
      'CELERY_BROKER_URL = f"redis://{REDIS_HOST}:6379/0"\n',
      { broker: 'redis', brokerUrl: 'CELERY_BROKER_URL as set in site/settings.py' },
    ],
    [
      'a variable whose name says nothing (the extra celery[redis] names the broker)',
      'CELERY_BROKER_URL = os.environ["BROKER"]\n',
      { broker: 'redis', brokerUrl: 'env BROKER' },
    ],
    [
      'a Redis setting beside a RabbitMQ Celery app',
      'CELERY_BROKER_URL = "redis://localhost:6379/0"\n',
      { broker: null, brokerUrl: null },
      'from celery import Celery\napp = Celery("site", broker="amqp://localhost//")\n',
    ],
  ])('reads the broker from %s', (_, settings, expected, celeryApp?: string) => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'site/settings.py': `import os\n${settings}`,
      ...(celeryApp ? { 'site/celery.py': celeryApp } : {}),
      'requirements.txt': 'celery[redis]==5.5.0\n',
    });
    expect(project).toMatchObject(expected);
  });

  it("takes the broker from the Celery dependency's extra only when the settings do not say", () => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'site/settings.py': 'CELERY_TASK_ACKS_LATE = True\n',
      'pyproject.toml':
        '[tool.poetry.dependencies]\ncelery = { version = "^5.4", extras = ["librabbitmq", "msgpack"] }\n',
    });
    expect(project).toMatchObject({ broker: 'rabbitmq', brokerUrl: null, celeryVersion: '5.4' });
  });

  it('reads versions through -r includes, markers, extras and Poetry constraints', () => {
    const requirements = detect({
      'manage.py': manage('site.settings'),
      'requirements-dev.txt': '-r requirements/prod.txt\npytest\n',
      'requirements/prod.txt': '--requirement=common.txt\n',
      'requirements/common.txt':
        'celery[redis] >= 5.5.2, <6 ; python_version >= "3.10"\nDjango~=5.2.3 \\\n    --hash=sha256:abc\n',
    });
    expect(requirements).toMatchObject({
      djangoVersion: '5.2',
      celeryVersion: '5.5',
      requirementsFile: 'requirements/common.txt',
    });
    rmSync(dir, { recursive: true, force: true });
    const poetry = detect({
      'manage.py': manage('site.settings'),
      'pyproject.toml':
        '[tool.poetry.dependencies]\nDjango = "~5.1"\n[tool.poetry.group.worker.dependencies]\ncelery = "5.6.1"\n',
    });
    expect(poetry).toMatchObject({
      djangoVersion: '5.1',
      celeryVersion: '5.6',
      requirementsFile: 'pyproject.toml',
    });
  });

  it('names the requirements file even when Django is not pinned', () => {
    const project = detect({
      'manage.py': manage('site.settings'),
      'requirements.txt': 'django\ncelery<6\n',
    });
    expect(project).toMatchObject({
      djangoVersion: null,
      celeryVersion: null,
      requirementsFile: 'requirements.txt',
    });
  });
});
