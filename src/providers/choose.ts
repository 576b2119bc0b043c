// Which provider, model, key and base URL a run uses: `--provider`, else the stored choice, else the vendor whose
// key is set. Keys come from the environment only and are never stored, logged or printed.
import { isIP } from 'node:net';
import { UsageError, UserError } from '../lib/errors.js';
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from './table.js';
import type { ModelSettings } from './types.js';

/** What a project remembers between runs (.yo-rc.json), already checked; never a key. */
export interface StoredSettings {
  provider?: string;
  model?: string;
  baseUrl?: string;
}

/** The flags of a run that choose the model. */
export interface ModelFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  api?: string;
  maxOutputTokens?: number;
  timeoutMs?: number;
}

/** Settles provider and model before any question is asked; a missing key stops the run here. */
export function chooseSettings(
  flags: ModelFlags,
  stored: StoredSettings,
  env: NodeJS.ProcessEnv = process.env,
): ModelSettings {
  // .yo-rc.json is shared with the repository (and a model could write it), so a base URL stored there never
  // receives the user's key: it serves only when it is local and no flag or variable names a server.
  const named =
    flags.baseUrl ?? PROVIDER_NAMES.map((name) => envOf(env, PROVIDERS[name].baseUrlEnv)).find(Boolean);
  const storedUrl = !named && stored.baseUrl && isLocalBaseUrl(stored.baseUrl) ? stored.baseUrl : undefined;
  const chosen = chooseProvider({
    flag: flags.provider,
    stored: stored.provider,
    env,
    baseUrl: flags.baseUrl ?? storedUrl,
  });
  const sameProvider = stored.provider === chosen.provider;
  return {
    ...chosen,
    apiKey: storedUrl ? undefined : chosen.apiKey,
    model: chooseModel({
      provider: chosen.provider,
      flag: flags.model,
      stored: sameProvider ? stored.model : undefined,
      env,
    }),
    api: parseApi(flags.api ?? env.OPENAI_API, chosen.provider, flags.api ? '--api' : 'OPENAI_API'),
    maxOutputTokens: flags.maxOutputTokens,
    timeoutMs: flags.timeoutMs,
  };
}

/** `--api responses|chat`, for the providers that speak OpenAI's wire APIs. */
function parseApi(value: string | undefined, provider: ProviderName, source: string): ModelSettings['api'] {
  const api = value?.trim().toLowerCase();
  if (!api) return undefined;
  if (PROVIDERS[provider].api === 'messages') {
    throw new UsageError(
      `${source} applies to OpenAI-compatible servers; ${PROVIDERS[provider].label} has one API.`,
    );
  }
  if (api === 'responses' || api === 'chat') return api;
  throw new UsageError(
    `Unknown API "${value}" (${source}).`,
    "Use responses (OpenAI's own) or chat (Chat Completions).",
  );
}

const envOf = (env: NodeJS.ProcessEnv, name: string | undefined): string | undefined =>
  name ? env[name]?.trim() || undefined : undefined;

export interface ChooseProviderInput {
  /** `--provider` */
  flag?: string;
  /** The choice stored in .yo-rc.json. */
  stored?: string;
  env: NodeJS.ProcessEnv;
  /** `--base-url` */
  baseUrl?: string;
}

export function chooseProvider({
  flag,
  stored,
  env,
  baseUrl,
}: ChooseProviderInput): Pick<ModelSettings, 'provider' | 'apiKey' | 'baseUrl'> {
  const given = (value: string | undefined): string | undefined => value?.trim() || undefined;
  const flagged = given(flag);
  const storedName = given(stored);
  const provider = flagged
    ? parseProviderName(flagged, '--provider')
    : storedName
      ? parseProviderName(storedName, 'the provider stored in .yo-rc.json')
      : guessProvider(env, given(baseUrl));
  const url = given(baseUrl) ?? envOf(env, PROVIDERS[provider].baseUrlEnv);
  if (url !== undefined) checkBaseUrl(url);
  const apiKey = envOf(env, PROVIDERS[provider].keyEnv);
  requireKey(provider, url, apiKey);
  return { provider, ...(apiKey ? { apiKey } : {}), ...(url ? { baseUrl: url } : {}) };
}

/** `--model`, else LLM_MODEL, else the stored model, else the provider's default (none for a local server). */
export function chooseModel(input: {
  provider: ProviderName;
  flag?: string;
  stored?: string;
  env: NodeJS.ProcessEnv;
}): string | undefined {
  return (
    input.flag?.trim() ||
    input.env.LLM_MODEL?.trim() ||
    input.stored?.trim() ||
    PROVIDERS[input.provider].defaultModel ||
    undefined
  );
}

export function parseProviderName(name: string, source = '--provider'): ProviderName {
  const normalized = name.trim().toLowerCase();
  if ((PROVIDER_NAMES as readonly string[]).includes(normalized)) return normalized as ProviderName;
  throw new UsageError(
    `Unknown provider "${name}" (${source}).`,
    `Use one of: ${PROVIDER_NAMES.join(', ')}. OpenAI-compatible servers (Ollama, vLLM, LM Studio, llama.cpp) use openai with --base-url.`,
  );
}

/** A remote server gets nothing without the user's key; a local one (see isLocalBaseUrl) needs none. */
export function requireKey(
  provider: ProviderName,
  baseUrl: string | undefined,
  apiKey: string | undefined,
): void {
  const { label, keyEnv, defaultBaseUrl } = PROVIDERS[provider];
  const target = baseUrl ?? defaultBaseUrl;
  if (apiKey || isLocalBaseUrl(target)) return;
  if (!keyEnv) {
    throw new UsageError(
      `${target} is not on this machine, and --provider ${provider} sends no key.`,
      `For a remote ${label}, use --provider openai --base-url ${target} with its key in OPENAI_API_KEY.`,
    );
  }
  throw new UserError(
    `No API key for ${label}: ${keyEnv} is not set.`,
    `Set it (export ${keyEnv}=...), point --base-url at a local server that needs no key, ` +
      'or use --dry-run to print the request without sending it.',
  );
}

/** Loopback, localhost, *.local and private-network addresses: servers that need no key. */
export function isLocalBaseUrl(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  if (isIP(host) === 6) return host === '::1' || /^f[cd]/.test(host) || host.startsWith('fe80:');
  if (isIP(host) !== 4) return false;
  const [a = 0, b = 0] = host.split('.').map(Number);
  return (
    a === 127 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

function guessProvider(env: NodeJS.ProcessEnv, baseUrl: string | undefined): ProviderName {
  const withKey = PROVIDER_NAMES.find((name) => envOf(env, PROVIDERS[name].keyEnv));
  if (withKey) return withKey;
  // No key anywhere: a local server is almost always OpenAI-compatible (Ollama, vLLM, LM Studio, llama.cpp).
  const local = PROVIDER_NAMES.find((name) => {
    const variable = envOf(env, PROVIDERS[name].baseUrlEnv);
    const url = name === 'openai' ? (baseUrl ?? variable) : variable;
    return url !== undefined && isLocalBaseUrl(url);
  });
  if (local) return local;
  const keys = PROVIDER_NAMES.flatMap((name) => PROVIDERS[name].keyEnv ?? []);
  throw new UserError(
    `No LLM provider is set up: neither ${keys.join(' nor ')} is set.`,
    `Set one (${keys.map((key) => `export ${key}=...`).join(' or ')}), point --base-url at a local ` +
      'OpenAI-compatible server (e.g. http://localhost:11434/v1 for Ollama), or use --dry-run to print the request without sending it.',
  );
}

function checkBaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `The base URL "${url}" is not a URL.`,
      'Give a full URL such as http://localhost:11434/v1.',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`The base URL "${url}" must start with http:// or https://.`);
  }
  if (parsed.username || parsed.password) {
    // The URL would travel into logs, run records and error messages: credentials belong in the key variable.
    const masked = `${parsed.protocol}//${parsed.username ? '***' : ''}${parsed.password ? ':***' : ''}@${parsed.host}${parsed.pathname}`;
    throw new UsageError(
      `The base URL ${masked} holds credentials; they are not sent from a URL.`,
      'Put the key in the provider key variable (e.g. OPENAI_API_KEY) and give the URL without user:password@.',
    );
  }
}
