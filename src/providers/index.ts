// The one way the rest of the program gets a model: createProvider(settings) -> Provider (lib/types.ts).
import type { Provider } from '../lib/types.js';
import { withDeadline } from './call.js';
import { requireKey } from './choose.js';
import { capStream, readReply } from './reply.js';
import { PROVIDERS } from './table.js';
import type { ModelSettings, ProviderConfig } from './types.js';

export { chooseModel, chooseProvider, chooseSettings, isLocalBaseUrl, parseProviderName } from './choose.js';
export type { ModelFlags, StoredSettings } from './choose.js';
export { ProviderError, type ProviderFailure } from './errors.js';
export { estimateCost, formatUsage } from './pricing.js';
export { PROVIDER_NAMES, PROVIDERS, type ProviderName } from './table.js';
export type { ModelSettings } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/** A placeholder key for local servers that ignore it (the SDKs refuse to run without one). */
const LOCAL_PLACEHOLDER_KEY = 'no-key-needed';

export function createProvider(settings: ModelSettings): Provider {
  const config = resolveConfig(settings);
  return {
    name: config.provider,
    model: config.model,
    async generate(request, { signal, onProgress } = {}) {
      const adapter = await PROVIDERS[config.provider].adapter();
      const onText = capStream(config, (outputChars) => onProgress?.({ outputChars }));
      const reply = await withDeadline(
        config,
        signal,
        (callSignal) => adapter.stream(config, request, callSignal, onText),
        adapter.errors,
      );
      return readReply(reply, config);
    },
  };
}

export function resolveConfig(settings: ModelSettings): ProviderConfig {
  const row = PROVIDERS[settings.provider];
  const baseUrl = settings.baseUrl?.trim() || row.defaultBaseUrl;
  const apiKey = settings.apiKey?.trim();
  requireKey(settings.provider, baseUrl, apiKey);
  return {
    provider: settings.provider,
    model: settings.model?.trim() || row.defaultModel,
    baseUrl,
    apiKey: apiKey || LOCAL_PLACEHOLDER_KEY,
    hasRealKey: Boolean(apiKey),
    maxOutputTokens: settings.maxOutputTokens,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: Math.max(0, Math.floor(settings.maxRetries ?? DEFAULT_MAX_RETRIES)),
    maxRetryWaitMs: Math.max(0, settings.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS),
  };
}
