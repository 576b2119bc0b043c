// Both wasm checkers (ruff-wasm, 10 MB; tree-sitter) run once per process, briefly. With V8's default
// tiering, it keeps recompiling them with TurboFan in the background: for ruff-wasm about 4 s and
// 480 MB per run instead of 0.4 s and 110 MB, and tree-sitter's first parses take twice as long.
// Baseline-only compilation (Liftoff) is the right trade for a short CLI run. The flag is process-wide
// and only affects modules compiled after it is set, so it is set right before loading either one.
import v8 from 'node:v8';

let set = false;

export function preferFastWasmStartup(): void {
  if (set) return;
  v8.setFlagsFromString('--liftoff-only');
  set = true;
}
