// The providers, one row each. Adding a provider is one row here plus its adapter file: the CLI's choices, the
// key and base-URL variables, the defaults, the messages and the price hints all read this table.
import type { Adapter } from './types.js';

/** List prices in USD per million tokens. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
  /** Above this many input tokens the whole request costs `longContext` times the input and output prices. */
  longContextAbove?: number;
  longContext?: { input: number; output: number };
}

export interface ProviderRow {
  /** How messages name the vendor's own API. */
  label: string;
  /** The only place the key is read from. */
  keyEnv: string;
  baseUrlEnv: string;
  defaultBaseUrl: string;
  /** A current model; `--model` or LLM_MODEL override it. */
  defaultModel: string;
  /** What a base URL of this provider looks like, for the hint after a 404. */
  baseUrlShape: string;
  /** The adapter loads only when a model is called: each SDK costs a noticeable share of a run. */
  adapter: () => Promise<Adapter>;
  /** Standard tier list prices seen in November 2026, by model id: a hint for the user, never a bill. */
  prices: Record<string, Price>;
}

export const PROVIDERS = {
  openai: {
    label: 'OpenAI',
    keyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-6.1-sol',
    baseUrlShape: 'OpenAI-compatible base URLs usually end in /v1',
    adapter: () => import('./openai.js').then((m) => m.openAiAdapter),
    prices: {
      'gpt-6.1-sol': {
        input: 2,
        cachedInput: 0.1,
        output: 10,
        longContextAbove: 272_000,
        longContext: { input: 2, output: 1.5 },
      },
      'gpt-6-sol': {
        input: 2,
        cachedInput: 0.2,
        output: 10,
        longContextAbove: 272_000,
        longContext: { input: 2, output: 1.5 },
      },
      'gpt-6-luna': { input: 0.1, cachedInput: 0.01, output: 0.5 },
    },
  },
  anthropic: {
    label: 'Anthropic',
    keyEnv: 'ANTHROPIC_API_KEY',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
    defaultModel: 'claude-sonnet-5-5',
    baseUrlShape: 'without /v1',
    adapter: () => import('./anthropic.js').then((m) => m.anthropicAdapter),
    // Anthropic cache writes cost more than plain input; Usage does not count them apart, so they are priced
    // as plain input (a slight underestimate).
    prices: {
      'claude-sonnet-5-5': { input: 2, cachedInput: 0.1, output: 10 },
      'claude-sonnet-5': { input: 2, cachedInput: 0.2, output: 10 },
      'claude-opus-5-5': { input: 4, cachedInput: 0.2, output: 20 },
      'claude-opus-5': { input: 5, cachedInput: 0.5, output: 25 },
      'claude-haiku-5-5': { input: 0.1, cachedInput: 0.01, output: 0.5 },
    },
  },
} satisfies Record<string, ProviderRow>;

export type ProviderName = keyof typeof PROVIDERS;

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

export const providerRow = (name: ProviderName): ProviderRow => PROVIDERS[name];
