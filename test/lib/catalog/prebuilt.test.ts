// The prebuilt catalog (dist/catalog.json) serves only while it matches the prompt files byte for byte.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { catalogFingerprint, PROMPTS_DIR } from '../../../src/lib/catalog/index.js';

it('the fingerprint changes with any change to a prompt file, and only then', () => {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-')), 'prompts');
  fs.cpSync(PROMPTS_DIR, copy, { recursive: true });
  expect(catalogFingerprint(copy)).toBe(catalogFingerprint(PROMPTS_DIR));
  fs.appendFileSync(path.join(copy, 'task/basic-retry.md'), ' ');
  expect(catalogFingerprint(copy)).not.toBe(catalogFingerprint(PROMPTS_DIR));
});
