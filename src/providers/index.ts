// The one way the rest of the program gets a model: createProvider(settings) -> Provider (lib/types.ts).
import type { Provider } from '../lib/types.js';
import { withDeadline } from './call.js';
import { requireKey } from './choose.js';
import { capStream, readReply } from './reply.js';
import { UsageError } from '../lib/errors.js';
import { ADAPTERS, PROVIDERS } from './table.js';
import type { ModelSettings, ProviderConfig } from './types.js';

export { chooseModel, chooseProvider, chooseSettings, isLocalBaseUrl, parseProviderName } from './choose.js';
export type { ModelFlags, StoredSettings } from './choose.js';
export { ProviderError, type ProviderFailure } from './errors.js';
export { estimateCost, formatUsage } from './pricing.js';
export { PRICES_SEEN, PROVIDER_NAMES, PROVIDERS, type ProviderName } from './table.js';
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
      const adapter = await ADAPTERS[config.api]();
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
  const config = resolveServer(settings);
  if (!config.model) throw modelNeeded(config, null);
  return config;
}

/** The settings with every default applied; the model may still be unknown (a local server's own). */
function resolveServer(settings: ModelSettings): ProviderConfig {
  const row = PROVIDERS[settings.provider];
  const baseUrl = settings.baseUrl?.trim() || row.defaultBaseUrl;
  const apiKey = settings.apiKey?.trim();
  requireKey(settings.provider, baseUrl, apiKey);
  const official = baseUrl.replace(/\/+$/, '') === row.defaultBaseUrl;
  // Every OpenAI-compatible server speaks Chat Completions; OpenAI's own endpoint is documented on Responses.
  const api = settings.api ?? (row.api === 'messages' || official ? row.api : 'chat');
  return {
    provider: settings.provider,
    model: settings.model?.trim() || row.defaultModel || '',
    api,
    baseUrl,
    official,
    apiKey: apiKey || LOCAL_PLACEHOLDER_KEY,
    hasRealKey: Boolean(apiKey),
    maxOutputTokens: settings.maxOutputTokens,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: Math.max(0, Math.floor(settings.maxRetries ?? DEFAULT_MAX_RETRIES)),
    maxRetryWaitMs: Math.max(0, settings.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS),
  };
}

/** The model ids the configured server offers (`celery-django models`). */
export async function listModels(settings: ModelSettings): Promise<string[]> {
  const config = resolveServer(settings);
  const adapter = await ADAPTERS[config.api]();
  return withDeadline(config, undefined, (signal) => adapter.listModels(config, signal), adapter.errors);
}

/**
 * A local server's model when none was named: the one it lists, or a usage error naming what it offers. Other
 * settings come back as they are.
 */
export async function completeModel(settings: ModelSettings): Promise<ModelSettings> {
  if (settings.model) return settings;
  const offered = await listModels(settings);
  if (offered.length !== 1) throw modelNeeded(resolveServer(settings), offered);
  return { ...settings, model: offered[0] };
}

function modelNeeded(config: ProviderConfig, offered: string[] | null): UsageError {
  const { label } = PROVIDERS[config.provider];
  const listed =
    offered === null
      ? ''
      : offered.length === 0
        ? ' It lists no model yet.'
        : ` It offers: ${offered.join(', ')}.`;
  return new UsageError(
    `Which model? ${label} at ${config.baseUrl} needs --model.${listed}`,
    'Name one with --model (celery-django models lists them), or set LLM_MODEL.',
  );
}
