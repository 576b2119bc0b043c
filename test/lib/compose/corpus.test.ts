// Every shape of the corpus is hidden from the request, the ordinary settings stay readable, and a file
// echoed back with its placeholders is restored byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findEntry } from '../../../src/lib/catalog/index.js';
import {
  composeRequest,
  formatHidden,
  recoverSecrets,
  type ComposedRequest,
} from '../../../src/lib/compose/index.js';
import { restoreAnswer } from '../../../src/lib/compose/redact/index.js';
import { detectProject } from '../../../src/lib/project/index.js';
import { copyCorpus, corpus, sentFiles } from './corpus.js';

let root: string;
const SECRET_KEY = corpus.secrets.find((s) => s.shape.startsWith('SECRET_KEY'))!.value;
let composed: ComposedRequest;

beforeAll(async () => {
  root = copyCorpus();
  composed = await composeRequest(findEntry('production/docker'), {}, detectProject(root));
});

describe('the secrets corpus', () => {
  it('holds at least 40 shapes, each in the file it names', () => {
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(40);
    for (const { file, value, shape } of corpus.secrets) {
      expect(fs.readFileSync(path.join(root, file), 'utf8'), shape).toContain(value);
    }
  });

  it.each(corpus.secrets.map((s) => [s.shape, s] as const))('hides %s', (_, { value }) => {
    expect(composed.request.user).not.toContain(value);
    expect(composed.request.system).not.toContain(value);
  });

  it.each(corpus.readable)('leaves %s readable', (text) => {
    expect(composed.request.user).toContain(text);
  });

  it('restores every file echoed back byte for byte, each with its own values', () => {
    const sent = sentFiles(composed.request.user);
    expect([...sent.keys()].sort()).toEqual(
      ['Dockerfile', 'corpus/settings.py', 'docker-compose.yml', 'requirements.txt'].sort(),
    );
    const { answer, warnings } = restoreAnswer(
      {
        files: [...sent].map(([file, content]) => ({ path: file, action: 'replace' as const, content })),
        notes: '',
      },
      composed.secrets,
    );
    expect(warnings).toEqual([]);
    for (const file of answer.files) {
      expect(file.content, file.path).toBe(fs.readFileSync(path.join(root, file.path), 'utf8'));
    }
  });

  it('counts what it hid by file and kind, and never names a value', () => {
    const files = new Set(composed.hidden.map((h) => h.file));
    expect(files).toEqual(
      new Set(['corpus/settings.py', 'docker-compose.yml', 'Dockerfile', 'requirements.txt']),
    );
    const total = composed.hidden.reduce((sum, h) => sum + h.count, 0);
    expect(total).toBe([...composed.request.user.matchAll(/__SECRET_[0-9a-f]{4}_\d+__/g)].length);
    const counts = JSON.stringify(composed.hidden);
    for (const { value } of corpus.secrets) expect(counts).not.toContain(value);
  });

  it('says on one line how many values it hid, by file and kind', () => {
    const line = formatHidden(composed.hidden);
    expect(line).toMatch(/^Hidden from the model: \d+ values, in /);
    expect(line).toMatch(/requirements\.txt \(1 URL password, 1 URL token\)/);
    expect(formatHidden([])).toBe('Hidden from the model: nothing (no secret found in what is sent).');
  });
});

describe('recovering a recorded run for --apply', () => {
  it('gives back the same vault from an unchanged project, and none once the project changed', async () => {
    const entry = findEntry('production/docker');
    const same = await recoverSecrets(composed.request, entry, {}, detectProject(root));
    expect(same.warnings).toEqual([]);
    expect(same.secrets.marker).toBe(composed.secrets.marker);
    expect([...same.secrets.byValue]).toEqual([...composed.secrets.byValue]);

    // The record keeps the answers with their secrets as placeholders; those still give the same request.
    const setup = findEntry('config/setup');
    const answers = {
      djangoVersion: '5.2',
      broker: 'redis',
      brokerUrl: 'redis://:typed-in-broker-pw@redis:6379/0 (or env-only-shared-value-91)',
      resultBackend: 'redis',
    };
    const first = await composeRequest(setup, answers, detectProject(root));
    expect(JSON.stringify(first.answers)).not.toMatch(/typed-in-broker-pw|env-only-shared-value-91/);
    const again = await recoverSecrets(first.request, setup, first.answers, detectProject(root));
    expect(again.warnings).toEqual([]);
    expect(again.secrets.byValue.get(SECRET_KEY)).toBe(first.secrets.byValue.get(SECRET_KEY));

    fs.appendFileSync(path.join(root, 'corpus/settings.py'), 'NEW_TOKEN = "added-after-the-run"\n');
    const changed = await recoverSecrets(composed.request, entry, {}, detectProject(root));
    expect(changed.secrets.placeholders.size).toBe(0);
    expect(changed.warnings).toEqual([
      expect.stringMatching(/^The project changed since this answer was made/),
    ]);
  });
});
