// The record of one run as it grows: each update is saved to the same file at once, so an abort at any later
// step still leaves what was learned (the answer above all) at hand for --apply.
import { saveRun, type RunRecord } from './index.js';

export class RunRecorder {
  /** Where the record is, once it was first saved. */
  path?: string;

  record: RunRecord;

  /** A new record (or a replayed one, for --apply) dated now. */
  constructor(record: RunRecord) {
    this.record = { ...record, createdAt: new Date().toISOString() };
  }

  save(update: Partial<RunRecord> = {}): string {
    this.record = { ...this.record, ...update };
    this.path = saveRun(this.record, this.path);
    return this.path;
  }

  /** Keeps what the model wrote when it cannot be used, beside the record; returns the sentence that says where. */
  keepUnusable(raw: string, error: Error): string {
    return `The answer was saved to ${saveRun({ ...this.record, raw, error: error.message })}.`;
  }
}
