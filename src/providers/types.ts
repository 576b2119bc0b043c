// The settings a model call takes, and what an adapter does with them. The Provider interface itself and the
// values it returns are in lib/types.ts; nothing vendor-specific leaves this folder.
import type { LlmRequest, Usage } from '../lib/types.js';
import type { Api, ProviderName } from './table.js';

/** What a run decided about the model; everything but `provider` has a default. */
export interface ModelSettings {
  provider: ProviderName;
  /** Defaults to the provider's default model (a local server's must be named, or be the one it lists). */
  model?: string;
  /** OpenAI-compatible providers: the wire API (default: responses on OpenAI's own endpoint, else chat). */
  api?: 'responses' | 'chat';
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

/** ModelSettings with every default applied: what the adapters receive. */
export interface ProviderConfig {
  provider: ProviderName;
  model: string;
  api: Api;
  baseUrl: string;
  /** The provider's own endpoint (where its list prices apply), not a proxy or a compatible server. */
  official: boolean;
  apiKey: string;
  /** Whether the key came from the user (false: a placeholder for a local server). */
  hasRealKey: boolean;
  /** undefined: let the server decide (an adapter whose API requires a value sets its own). */
  maxOutputTokens: number | undefined;
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
}

/** Why the model stopped, in one vocabulary for every wire format. */
export type Finish = 'stop' | 'length' | 'context-window' | 'refusal' | 'content-filter';

/** What an adapter returns: the streamed reply, mapped from its wire format and nothing more. */
export interface WireReply {
  text: string;
  finish: Finish;
  /** The vendor's own stop reason, for messages and records. */
  rawFinish: string;
  /** The model's words when it refused (a refusal part, or the vendor's explanation). */
  refusal: string;
  usage: Usage;
  /** The model id the server reports (empty when it reports none). */
  model: string;
}

/** The SDK's error classes, so failures map to messages without loading the other SDK. */
export interface SdkErrors {
  APIError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

/** One vendor's wire format: stream one answer to `request`, reporting each piece of text to `onText`. */
export interface Adapter {
  stream(
    config: ProviderConfig,
    request: LlmRequest,
    signal: AbortSignal,
    onText: (delta: string) => void,
  ): Promise<WireReply>;
  errors: SdkErrors;
  /** The model ids the server offers. */
  listModels(config: ProviderConfig, signal: AbortSignal): Promise<string[]>;
}
