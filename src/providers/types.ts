// Options shared by the provider adapters. The Provider interface itself and the values it returns are in
// lib/types.ts; nothing vendor-specific leaves this folder.
import type { ProviderName } from '../lib/types.js';

/** What the caller (the generator, the CLI) knows; everything but `provider` has a default. */
export interface ProviderOptions {
  provider: ProviderName;
  /** Defaults to DEFAULT_MODELS[provider]. */
  model?: string;
  /** OpenAI: with `/v1` (http://localhost:11434/v1); Anthropic: without it. Defaults to the vendor's API. */
  baseUrl?: string;
  /** Not needed for a local base URL (loopback or private network). Never stored, logged or printed. */
  apiKey?: string;
  /** The most tokens the model may write (its thinking included); the answer is cut off beyond. */
  maxOutputTokens?: number;
  /** The longest a whole call may take, retries and streaming included. */
  timeoutMs?: number;
  /** Retries after a rate limit, an overload or a server error. */
  maxRetries?: number;
  /** The longest a single retry waits; a server asking for more makes the call give up at once. */
  maxRetryWaitMs?: number;
}

/** ProviderOptions with every default applied: what the adapters receive. */
export interface ResolvedProviderOptions {
  provider: ProviderName;
  model: string;
  baseUrl: string;
  apiKey: string;
  /** Whether the key came from the user (false: a placeholder for a local server). */
  hasRealKey: boolean;
  /** undefined: let the server decide (OpenAI-compatible servers only; Anthropic requires a value). */
  maxOutputTokens: number | undefined;
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
}
