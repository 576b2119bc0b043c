// Ruff's file patterns (per-file-ignores, exclude), matched the way ruff's globset does by default:
// `*` also crosses `/`, and a pattern matches either the path from the project root or the file name.

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*') {
      source += '.*';
      while (pattern[i + 1] === '*') i++;
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        source += '\\[';
      } else {
        source += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (char === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end === -1) {
        source += '\\{';
      } else {
        const options = pattern.slice(i + 1, end).split(',');
        source += `(?:${options.map((option) => globToRegExp(option).source.slice(1, -1)).join('|')})`;
        i = end;
      }
    } else {
      source += char.replace(/[.+^$()|\\/]/g, '\\$&');
    }
  }
  const regexp = new RegExp(`^${source}$`);
  cache.set(pattern, regexp);
  return regexp;
}

/**
 * Does a ruff pattern select this file (relative POSIX path)? With `parents` (ruff's `exclude`), a pattern
 * naming one of its folders selects it too.
 */
export function matchesRuffPattern(pattern: string, file: string, parents = false): boolean {
  const regexp = globToRegExp(pattern.replace(/^\.\//, ''));
  const parts = file.split('/');
  const shortest = parents ? 1 : parts.length;
  for (let i = parts.length; i >= shortest; i--) {
    if (regexp.test(parts.slice(0, i).join('/')) || regexp.test(parts[i - 1] as string)) return true;
  }
  return false;
}
