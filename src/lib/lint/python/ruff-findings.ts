// What both ruff paths share: which codes are errors, and the fixes the embedded ruff may apply.
import type { Severity } from '../../types.js';

/** Code that cannot run or fails at runtime; everything else is a warning (style, bug risk). */
export function ruffSeverity(code: string): Severity {
  return /^(invalid-syntax|E9\d\d|F63\d|F7\d\d|F82\d)$/.test(code) ? 'error' : 'warning';
}

/**
 * Fixes the embedded ruff may apply with --fix. Its output does not say which fixes ruff deems safe,
 * so only rules whose fix ruff always marks safe are listed; F401 only outside `__init__.py`, where
 * removing an import would change the package's public names.
 */
const SAFE_FIX_RULES = new Set([
  'F401',
  'F541',
  'I001',
  'I002',
  'W291',
  'W292',
  'W293',
  'E703',
  'UP004',
  'UP009',
  'UP025',
  'UP034',
  'UP039',
]);

export function isSafeEmbeddedFix(code: string, file: string): boolean {
  if (code === 'F401' && file.endsWith('__init__.py')) return false;
  return SAFE_FIX_RULES.has(code);
}
