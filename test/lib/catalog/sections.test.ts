// The sections are declared once: every generator declared has its folder, every folder is declared, and every
// section has its prompts.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { GENERATORS, SECTIONS } from '../../../src/lib/catalog/sections.js';
import { entriesOf } from '../../../src/lib/catalog/index.js';
import { REPO } from '../../support/tree.js';

it('has one generator folder per declared generator, and no other', () => {
  const folders = fs
    .readdirSync(path.join(REPO, 'src/generators'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  expect(folders.sort()).toEqual(GENERATORS.map((generator) => generator.name).sort());
  for (const folder of folders) {
    const source = fs.readFileSync(path.join(REPO, 'src/generators', folder, 'index.ts'), 'utf8');
    expect(source).toContain(`generatorFor('${folder}')`);
  }
});

it('offers every section as a generator, with prompts in it', () => {
  for (const section of SECTIONS) {
    expect(GENERATORS.find((generator) => generator.name === section.name)?.section).toBe(section.name);
    expect(entriesOf(section.name).length).toBeGreaterThan(0);
  }
});
