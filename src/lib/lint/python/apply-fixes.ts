// Applies ruff-wasm's fixes to a text. ruff-wasm has no apply-fix API and does not say which fixes are
// safe, so the caller picks the fixes; this only turns rows and columns into edits, the way ruff does:
// fixes in order of position, skipping any that overlap one already taken.

export interface Location {
  row: number;
  column: number;
}
export interface Edit {
  content: string | null;
  location: Location;
  end_location: Location;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Each fix is the list of edits of one diagnostic (rows and UTF-16 columns are 1-based). */
export function applyFixes(text: string, fixes: Edit[][]): string {
  const starts = lineStarts(text);
  const offset = (at: Location): number => (starts[at.row - 1] ?? text.length) + at.column - 1;
  const resolved = fixes
    .filter((edits) => edits.length > 0)
    .map((edits) =>
      edits
        .map((edit) => ({
          start: offset(edit.location),
          end: offset(edit.end_location),
          content: edit.content ?? '',
        }))
        .sort((a, b) => a.start - b.start),
    )
    .sort((a, b) => (a[0]?.start ?? 0) - (b[0]?.start ?? 0));
  const taken: { start: number; end: number; content: string }[] = [];
  let lastEnd = -1;
  for (const edits of resolved) {
    const first = edits[0];
    if (!first || first.start < lastEnd) continue;
    taken.push(...edits);
    lastEnd = Math.max(...edits.map((edit) => edit.end));
  }
  let result = text;
  for (const edit of taken.reverse()) {
    result = result.slice(0, edit.start) + edit.content + result.slice(edit.end);
  }
  return result;
}
