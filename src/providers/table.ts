// The providers, one row each. Adding a provider is one row here (plus an adapter file for a new wire API): the
// CLI's choices, the key and base-URL variables, the defaults, the messages and the price hints all read it.
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

/** The wire APIs: OpenAI's two, and Anthropic's Messages API. */
export type Api = 'responses' | 'chat' | 'messages';

/** When the list prices below were seen. */
export const PRICES_SEEN = '2026-11';

export interface ProviderRow {
  /** How messages name the vendor's own API, or the server. */
  label: string;
  /** The only place the key is read from; a local server's row reads none. */
  keyEnv?: string;
  baseUrlEnv?: string;
  defaultBaseUrl: string;
  /** A current model (`--model` or LLM_MODEL override it); null: the server's own, named or listed. */
  defaultModel: string | null;
  /** What a base URL of this provider looks like, for the hint after a 404. */
  baseUrlShape: string;
  /** The API spoken at the default base URL; OpenAI-compatible rows speak `chat` at any other. */
  api: Api;
  /** List prices (USD per million tokens) by model id, on this provider's own endpoint: a hint, never a bill. */
  prices: Record<string, Price>;
}

/** An OpenAI-compatible server on this machine: Chat Completions, no key, the model it serves. */
const localServer = (label: string, port: number): ProviderRow => ({
  label,
  defaultBaseUrl: `http://localhost:${port}/v1`,
  defaultModel: null,
  baseUrlShape: 'OpenAI-compatible base URLs usually end in /v1',
  api: 'chat',
  prices: {},
});

const TABLE = {
  openai: {
    label: 'OpenAI',
    keyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-6.1-sol',
    baseUrlShape: 'OpenAI-compatible base URLs usually end in /v1',
    api: 'responses',
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
    api: 'messages',
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
  ollama: localServer('Ollama', 11434),
  lmstudio: localServer('LM Studio', 1234),
  vllm: localServer('vLLM', 8000),
  llamacpp: localServer("llama.cpp's server", 8080),
} satisfies Record<string, ProviderRow>;

export type ProviderName = keyof typeof TABLE;

export const PROVIDERS: Record<ProviderName, ProviderRow> = TABLE;

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

/** The adapter of an API loads only when a model is called: each SDK costs a noticeable share of a run. */
export const ADAPTERS: Record<Api, () => Promise<Adapter>> = {
  responses: () => import('./openai-responses.js').then((m) => m.responsesAdapter),
  chat: () => import('./openai-chat.js').then((m) => m.chatAdapter),
  messages: () => import('./anthropic.js').then((m) => m.anthropicAdapter),
};
