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
      djangoVersion: '5.2',
      celeryVersion: null,
      broker: null,
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
      djangoVersion: '5.1',
      celeryVersion: '5.5',
      broker: 'redis',
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
      djangoVersion: '5.2',
      celeryVersion: '5.6',
      broker: 'rabbitmq',
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
      djangoVersion: '5.2',
      celeryVersion: '5.4',
      broker: 'rabbitmq',
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
      djangoVersion: '5.2',
      celeryVersion: '5.6',
      broker: 'redis',
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
        'APPS = ("shop.apps.ShopConfig",)\nINSTALLED_APPS = [*APPS, "django.contrib.auth"]\n',
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
