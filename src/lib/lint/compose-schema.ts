// The compose-spec JSON schema (vendored from compose-spec/compose-spec, Apache-2.0, see
// vendor/compose-spec/) and the ajv validator built from it. Compiling takes 250-600 ms, so
// `npm run build` precompiles it (scripts/build-compose-validator.js) next to this module; without
// that file (tests, a source checkout) it is compiled on first use.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv';

/** The upstream revision vendored, for the report. */
export const COMPOSE_SPEC_REVISION = 'compose-spec 00655e2';

/** One set of options for the runtime compile and the build-time one, so both validate alike. */
export const COMPOSE_AJV_OPTIONS: Options = { allErrors: true, strict: false, verbose: true };

/** The same path from src/lib/lint and dist/lib/lint: the package's own vendor/ folder. */
const SCHEMA_FILE = fileURLToPath(new URL('../../../vendor/compose-spec/compose-spec.json', import.meta.url));
const PRECOMPILED_FILE = fileURLToPath(new URL('./compose-validator.cjs', import.meta.url));

/** The schema without what ajv cannot use: its `$schema` (not ajv's draft-07 id) and the prose. */
export function loadComposeSchema(file = SCHEMA_FILE): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(file, 'utf8'), (key, value: unknown) =>
    (key === 'description' || key === 'title') && typeof value === 'string' ? undefined : value,
  ) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

let validator: Promise<ValidateFunction> | undefined;

export function composeValidator(): Promise<ValidateFunction> {
  validator ??= (async () => {
    if (existsSync(PRECOMPILED_FILE)) {
      const module = createRequire(import.meta.url)(PRECOMPILED_FILE) as { default: ValidateFunction };
      return module.default;
    }
    const { Ajv } = await import('ajv');
    return new Ajv(COMPOSE_AJV_OPTIONS).compile(loadComposeSchema());
  })();
  return validator;
}
