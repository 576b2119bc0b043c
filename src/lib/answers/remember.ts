// What a project remembers between runs in .yo-rc.json: the answers of each prompt (never one that holds a
// secret) and the provider choice (never a key, and a base URL only when it is local). The file comes with the
// repository, so what is read back is checked like any input: a bad value is ignored with a note, not obeyed.
import { isLocalBaseUrl, type StoredSettings } from '../../providers/choose.js';
import { PROVIDER_NAMES } from '../../providers/table.js';
import type { ModelSettings } from '../../providers/types.js';
import type { Answers } from '../types.js';

export interface Remembered extends StoredSettings {
  /** Answers by prompt id. */
  answers: Record<string, Answers>;
}

/** The stored settings that are well-formed, and one note per value ignored (or why none could be read). */
export function readRemembered(
  stored: unknown,
  unreadable?: string,
): { remembered: Remembered; ignored: string[] } {
  const ignored: string[] = [];
  const remembered: Remembered = { answers: {} };
  if (unreadable) return { remembered, ignored: [`${unreadable}; it is left as it is`] };
  if (!isObject(stored)) {
    if (stored !== undefined) ignored.push('the settings are not a JSON object');
    return { remembered, ignored };
  }
  const text = (key: 'provider' | 'model' | 'baseUrl', rule: string, ok: (value: string) => boolean) => {
    const value = stored[key];
    if (value === undefined) return;
    if (typeof value === 'string' && ok(value)) remembered[key] = value;
    else ignored.push(`${key} must be ${rule}`);
  };
  text('provider', `one of ${PROVIDER_NAMES.join(', ')}`, (v) => (PROVIDER_NAMES as string[]).includes(v));
  text('model', 'a model id', (v) => /^[\w.:/@+-]{1,200}$/.test(v));
  text('baseUrl', 'the URL of a local server', isLocalBaseUrl);
  if (stored.answers !== undefined) {
    if (!isObject(stored.answers)) ignored.push('answers must be an object of answers by prompt id');
    else {
      for (const [id, answers] of Object.entries(stored.answers)) {
        if (isObject(answers)) remembered.answers[id] = answers as Answers;
        else ignored.push(`answers of ${id} must be an object`);
      }
    }
  }
  return { remembered, ignored };
}

export interface RememberInput {
  promptId: string;
  answers: Answers;
  /** Whether an answer holds a secret: such an answer is never stored. */
  holdsSecret: (value: string) => boolean;
  /** The model a live run settled on (null for --apply), and whether --model and --base-url named it. */
  model: ModelSettings | null;
  flags: { model?: string; baseUrl?: string };
}

/** The settings to store after this run (merged over what is stored). */
export function toRemember(input: RememberInput, before: Remembered): Partial<Remembered> {
  const safe = Object.fromEntries(
    Object.entries(input.answers).filter(([, value]) => !input.holdsSecret(String(value))),
  );
  const patch: Partial<Remembered> = { answers: { ...before.answers, [input.promptId]: safe } };
  const { model, flags } = input;
  if (!model) return patch;
  patch.provider = model.provider;
  if (flags.model) patch.model = model.model;
  // Only a local server is remembered: a stored URL never receives a key (see chooseSettings).
  if (flags.baseUrl && model.baseUrl && isLocalBaseUrl(model.baseUrl)) patch.baseUrl = model.baseUrl;
  return patch;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
