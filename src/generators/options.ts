// The flags every generator takes, declared once for yo, our bin and --help alike.
// Question flags are added from the catalog: one per question of the prompts a generator offers.
import { flagName } from '../lib/answers/user-answers.js';
import type { CatalogEntry } from '../lib/types.js';

type OptionSpec = {
  type: typeof String | typeof Boolean;
  description: string;
  default?: unknown;
  hide?: boolean;
};

export const RUN_OPTIONS: Record<string, OptionSpec> = {
  prompt: { type: String, description: 'Catalog id of the prompt to run, e.g. task/basic-retry' },
  answers: { type: String, description: 'JSON file of answers; keys are question names' },
  yes: { type: Boolean, default: false, description: 'Take the default for every question not answered' },
  'dry-run': {
    type: Boolean,
    default: false,
    description: 'Print the request that would be sent; send and write nothing',
  },
  json: { type: Boolean, default: false, description: 'With --dry-run: print one JSON object' },
  provider: {
    type: String,
    description: 'openai or anthropic (default: the stored one, else the one whose key is set)',
  },
  model: {
    type: String,
    description: 'Model id (default: $LLM_MODEL, else a current model of the provider)',
  },
  'base-url': {
    type: String,
    description: 'Server URL for OpenAI-compatible servers (Ollama, vLLM, ...) or a proxy',
  },
  'max-output-tokens': {
    type: String,
    description: "Most tokens the model may write (default: the provider's own limit)",
  },
  timeout: { type: String, description: 'Seconds to wait for the model (default 600)' },
  apply: {
    type: String,
    description: 'Write the answer saved in a run record again, without calling a model',
  },
  lint: { type: Boolean, default: true, description: 'Check the written files (--no-lint skips it)' },
  strict: { type: Boolean, default: false, description: 'Exit 1 when the check finds problems' },
  fix: {
    type: Boolean,
    default: false,
    description: "Apply ruff's safe fixes and format the written Python files",
  },
  repair: {
    type: Boolean,
    default: false,
    description: 'Send findings back to the model (at most two rounds)',
  },
  interactive: {
    type: Boolean,
    description: 'Ask questions (default: when there is a terminal)',
    hide: true,
  },
};

/**
 * One string flag per question name; a name shared by several prompts is declared once. Hidden from --help
 * when a generator offers the whole catalog (`celery-django list` shows every prompt's flags).
 */
export function questionOptions(entries: CatalogEntry[], hide = false): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const entry of entries) {
    for (const question of entry.questions) {
      options[flagName(question.name)] ??= { type: String, description: question.message, hide };
    }
  }
  return options;
}
