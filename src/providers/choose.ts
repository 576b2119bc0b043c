// Which provider, key and base URL a run uses: `--provider`, else the stored choice, else the vendor whose
// key is set. Keys come from the environment only and are never stored, logged or printed.
import { isIP } from 'node:net';
import { UsageError, UserError } from '../lib/errors.js';
import type { ProviderName } from '../lib/types.js';

export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'anthropic'];

/** Sensible current defaults; `--model` or LLM_MODEL override them. */
export const DEFAULT_MODELS: Record<ProviderName, string> = {
  openai: 'gpt-6.1-sol',
  anthropic: 'claude-sonnet-5-5',
};

export const DEFAULT_BASE_URLS: Record<ProviderName, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
};

export const KEY_ENV: Record<ProviderName, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

export const BASE_URL_ENV: Record<ProviderName, string> = {
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
};

export interface ProviderChoice {
  provider: ProviderName;
  apiKey?: string;
  baseUrl?: string;
}

export interface ChooseProviderInput {
  /** `--provider` */
  flag?: string;
  /** The choice stored in .yo-rc.json. */
  stored?: string;
  env: NodeJS.ProcessEnv;
  /** `--base-url` */
  baseUrl?: string;
}

export function chooseProvider({ flag, stored, env, baseUrl }: ChooseProviderInput): ProviderChoice {
  const given = (value: string | undefined): string | undefined => value?.trim() || undefined;
  const flagName = given(flag);
  const storedName = given(stored);
  const provider = flagName
    ? parseProviderName(flagName, '--provider')
    : storedName
      ? parseProviderName(storedName, 'the provider stored in .yo-rc.json')
      : guessProvider(env, given(baseUrl));
  const url = given(baseUrl) ?? given(env[BASE_URL_ENV[provider]]);
  if (url !== undefined) checkBaseUrl(url);
  const apiKey = given(env[KEY_ENV[provider]]);
  if (!apiKey && !(url && isLocalBaseUrl(url))) throw missingKey(provider);
  return { provider, ...(apiKey ? { apiKey } : {}), ...(url ? { baseUrl: url } : {}) };
}

/** `--model`, else LLM_MODEL, else the stored model, else the provider's default. */
export function chooseModel(input: {
  provider: ProviderName;
  flag?: string;
  stored?: string;
  env: NodeJS.ProcessEnv;
}): string {
  return (
    input.flag?.trim() ||
    input.env.LLM_MODEL?.trim() ||
    input.stored?.trim() ||
    DEFAULT_MODELS[input.provider]
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
  const withKey = PROVIDER_NAMES.find((name) => env[KEY_ENV[name]]?.trim());
  if (withKey) return withKey;
  // No key anywhere: a local server is almost always OpenAI-compatible (Ollama, vLLM, LM Studio, llama.cpp).
  const local = PROVIDER_NAMES.find((name) => {
    const url = name === 'openai' ? (baseUrl ?? env[BASE_URL_ENV[name]]) : env[BASE_URL_ENV[name]];
    return url !== undefined && isLocalBaseUrl(url);
  });
  if (local) return local;
  throw new UserError(
    'No LLM provider is set up: neither OPENAI_API_KEY nor ANTHROPIC_API_KEY is set.',
    'Set one (export OPENAI_API_KEY=... or export ANTHROPIC_API_KEY=...), point --base-url at a local ' +
      'OpenAI-compatible server (e.g. http://localhost:11434/v1 for Ollama), or use --dry-run to print the request without sending it.',
  );
}

function missingKey(provider: ProviderName): UserError {
  const name = provider === 'openai' ? 'OpenAI' : 'Anthropic';
  return new UserError(
    `No API key for ${name}: ${KEY_ENV[provider]} is not set.`,
    `Set it (export ${KEY_ENV[provider]}=...), point --base-url at a local server that needs no key, ` +
      'or use --dry-run to print the request without sending it.',
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
}
