// No question of the catalog may take the name of one of the run's own flags.
import { expect, it } from 'vitest';
import { RESERVED_QUESTION_NAMES } from '../../src/lib/catalog/index.js';
import { RUN_OPTIONS } from '../../src/generators/options.js';

it('the catalog reserves every flag of the run, so no question can shadow one', () => {
  const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const flags = [...Object.keys(RUN_OPTIONS), 'force', 'bail', 'cwd', 'skip-cache', 'ask-answered'].map(
    camel,
  );
  expect(RESERVED_QUESTION_NAMES).toEqual(expect.arrayContaining(flags));
});
