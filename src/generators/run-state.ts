// What one run learns, in the order it learns it: the one value the generator holds.
import type { Remembered } from '../lib/answers/index.js';
import type { RunOptions } from '../lib/run-options.js';
import type { RunRecorder } from '../lib/runs/recorder.js';
import type { Answers, CatalogEntry, Project, SecretMap } from '../lib/types.js';
import type { WriteDecision } from '../lib/write/index.js';
import type { ModelSettings } from '../providers/types.js';

export interface RunState {
  options: RunOptions;
  /** What .yo-rc.json holds, checked. */
  remembered: Remembered;
  project: Project | null;
  /** The project root, or the working folder for a guide outside a project. */
  root: string;
  /** Settled before any question; null for a dry run, and for --apply until a repair round needs it. */
  model: ModelSettings | null;
  entry: CatalogEntry;
  answers: Answers;
  /** Placeholder -> real value and the file it came from; never sent, never stored. */
  secrets: SecretMap;
  /** Placeholders left in what was written (a secret bound to another file), for the summary. */
  warnings: string[];
  recorder: RunRecorder;
  /** What the user accepted of the first answer; unset when nothing reached the write stage. */
  decision?: WriteDecision;
  /** A dry run ends once the request is printed. */
  done: boolean;
}
