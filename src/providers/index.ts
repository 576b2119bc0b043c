// The one way the rest of the program gets a model: createProvider(options) -> Provider (lib/types.ts).
import { UsageError, UserError } from '../lib/errors.js';
import type { Provider } from '../lib/types.js';
import { DEFAULT_BASE_URLS, DEFAULT_MODELS, KEY_ENV, isLocalBaseUrl, parseProviderName } from './choose.js';
import type { ProviderOptions, ResolvedProviderOptions } from './types.js';

export {
  BASE_URL_ENV,
  DEFAULT_BASE_URLS,
  DEFAULT_MODELS,
  KEY_ENV,
  PROVIDER_NAMES,
  chooseModel,
  chooseProvider,
  isLocalBaseUrl,
  parseProviderName,
} from './choose.js';
export type { ChooseProviderInput, ProviderChoice } from './choose.js';
export { ProviderError, type ProviderFailure } from './errors.js';
export { estimateCost, formatUsage } from './pricing.js';
export type { ProviderOptions } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/** A placeholder key for local servers that ignore it (the SDKs refuse to run without one). */
const LOCAL_PLACEHOLDER_KEY = 'no-key-needed';

export function createProvider(options: ProviderOptions): Provider {
  const resolved = resolveOptions(options);
  // Only the SDK in use loads, and only when the model is called: each costs a noticeable share of a run.
  let adapter: Promise<Provider> | undefined;
  const load = () =>
    (adapter ??=
      resolved.provider === 'openai'
        ? import('./openai.js').then((m) => m.createOpenAiProvider(resolved))
        : import('./anthropic.js').then((m) => m.createAnthropicProvider(resolved)));
  return {
    name: resolved.provider,
    model: resolved.model,
    generate: async (request, generateOptions) => (await load()).generate(request, generateOptions),
  };
}

export function resolveOptions(options: ProviderOptions): ResolvedProviderOptions {
  const provider = parseProviderName(options.provider);
  const baseUrl = options.baseUrl?.trim() || DEFAULT_BASE_URLS[provider];
  const apiKey = options.apiKey?.trim();
  if (!apiKey && !isLocalBaseUrl(baseUrl)) {
    throw new UserError(
      `No API key for ${baseUrl}: ${KEY_ENV[provider]} is not set.`,
      `Set it (export ${KEY_ENV[provider]}=...), or use --dry-run to print the request without sending it.`,
    );
  }
  return {
    provider,
    model: options.model?.trim() || DEFAULT_MODELS[provider],
    baseUrl,
    apiKey: apiKey || LOCAL_PLACEHOLDER_KEY,
    hasRealKey: Boolean(apiKey),
    maxOutputTokens: positive(options.maxOutputTokens, '--max-output-tokens'),
    timeoutMs: positive(options.timeoutMs, '--timeout') ?? DEFAULT_TIMEOUT_MS,
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES)),
    maxRetryWaitMs: Math.max(0, options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS),
  };
}

function positive(value: number | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} must be a positive number (got ${value}).`);
  }
  return Math.floor(value);
}
