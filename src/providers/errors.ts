// Every way a model call fails, as a UserError saying what happened (one line) and what to do next.
// The API key never appears in these texts: every message and hint goes through `redact`.
import { UserError } from '../lib/errors.js';
import { REFUSED_WAIT_HEADER } from './retry-wait.js';
import { PROVIDERS } from './table.js';
import type { ProviderConfig, SdkErrors } from './types.js';

export type ProviderFailure =
  | 'cut-off'
  | 'too-large'
  | 'refused'
  | 'auth'
  | 'rate-limited'
  | 'overloaded'
  | 'server'
  | 'rejected'
  | 'connection'
  | 'timeout'
  | 'aborted';

export class ProviderError extends UserError {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    hint: string,
    /** What the model wrote before it stopped (cut-off, refused), for the run record. */
    readonly raw?: string,
  ) {
    super(message, hint);
  }
}

type Context = ProviderConfig;

function fail(
  ctx: Context,
  failure: ProviderFailure,
  message: string,
  hint: string,
  raw?: string,
): ProviderError {
  return new ProviderError(failure, redact(message, ctx.apiKey), redact(hint, ctx.apiKey), raw);
}

export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('***') : text;
}

/** "OpenAI", or "the server at http://localhost:11434/v1" for anything but the vendor's own API. */
function who(ctx: Context): string {
  const row = PROVIDERS[ctx.provider];
  if (ctx.baseUrl.replace(/\/+$/, '') === row.defaultBaseUrl) return row.label;
  return `the server at ${ctx.baseUrl}`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function cutOff(ctx: Context, raw: string, reason = 'the output limit'): ProviderError {
  const limit = ctx.maxOutputTokens ? ` (${ctx.maxOutputTokens} tokens)` : '';
  const larger = ctx.maxOutputTokens ? ctx.maxOutputTokens * 2 : 32000;
  return fail(
    ctx,
    'cut-off',
    `The answer was cut off at ${reason}${limit} before it was complete; nothing was written.`,
    `Allow a longer answer with --max-output-tokens ${larger}, or ask for less in one run.`,
    raw,
  );
}

export function tooLarge(ctx: Context, limit: number): ProviderError {
  return fail(
    ctx,
    'too-large',
    `The answer grew past ${Math.round(limit / 1024 / 1024)} MB, far more than a set of project files; the call was stopped and nothing was written.`,
    'Ask for less in one run, or try another model with --model.',
  );
}

export function refused(ctx: Context, words: string, raw: string): ProviderError {
  const said = words.trim() ? `: "${words.trim()}"` : ' without giving a reason';
  return fail(
    ctx,
    'refused',
    `The model declined to answer${said}.`,
    'Rephrase your answers to the questions, or try another model with --model.',
    raw,
  );
}

export function timedOut(ctx: Context): ProviderError {
  return fail(
    ctx,
    'timeout',
    `${capitalized(who(ctx))} gave no complete answer within ${formatDuration(ctx.timeoutMs)}; nothing was written.`,
    'Allow more time with --timeout, or choose a faster model with --model.',
  );
}

export function aborted(ctx: Context): ProviderError {
  return fail(
    ctx,
    'aborted',
    'Request aborted; nothing was written.',
    'Run the command again when you are ready.',
  );
}

/** Maps whatever the adapter's SDK threw to a UserError. UserErrors pass through unchanged. */
export function fromSdkError(error: unknown, ctx: Context, sdk: SdkErrors): UserError {
  if (error instanceof UserError) return error;
  if (error instanceof sdk.APIConnectionTimeoutError) return timedOut(ctx);
  if (error instanceof sdk.APIUserAbortError) return aborted(ctx);
  if (error instanceof sdk.APIConnectionError) return unreachable(error, ctx);
  if (error instanceof sdk.APIError) return fromStatus(error as SdkApiError, ctx);
  // e.g. the socket closing in the middle of a stream ("terminated")
  return fail(
    ctx,
    'connection',
    `The connection to ${ctx.baseUrl} broke before the answer was complete (${(error as Error)?.message ?? String(error)}).`,
    'Run the command again; if it keeps happening, check the network and the server.',
  );
}

interface SdkApiError extends Error {
  status: number | undefined;
  headers: Headers | undefined;
  error: unknown;
  apiMessage?: string | null;
  type?: string | null;
}

function serverMessage(error: SdkApiError): string {
  const body = error.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const text =
    error.apiMessage ?? body?.message ?? body?.error?.message ?? error.message.replace(/^\d{3}\s+/, '');
  const line = String(text).split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** How servers say that a model answers on the other OpenAI API ("only supported in v1/responses", ...). */
const WRONG_API = /v1\/(responses|chat\/completions)|not a chat model|responses api|chat completions api/i;

function fromStatus(error: SdkApiError, ctx: Context): UserError {
  const { status } = error;
  const message = serverMessage(error);
  const server = who(ctx);
  const attempts = `after ${ctx.maxRetries + 1} attempts`;
  const refusedWait = Number(error.headers?.get(REFUSED_WAIT_HEADER) ?? NaN);
  const isOverload = status === 529 || error.type === 'overloaded_error';

  if (status === 401) {
    return fail(
      ctx,
      'auth',
      `${capitalized(server)} rejected the API key (401${message ? `: ${message}` : ''}).`,
      ctx.hasRealKey
        ? `Check ${PROVIDERS[ctx.provider].keyEnv}: it must hold a current key for ${server}. The key is never printed.`
        : `This server needs a key: set ${PROVIDERS[ctx.provider].keyEnv}.`,
    );
  }
  if (status === 403) {
    return fail(
      ctx,
      'auth',
      `${capitalized(server)} refused access (403${message ? `: ${message}` : ''}).`,
      `Check that the key in ${PROVIDERS[ctx.provider].keyEnv} may use the model ${ctx.model}.`,
    );
  }
  if (Number.isFinite(refusedWait)) {
    return fail(
      ctx,
      status === 429 ? 'rate-limited' : 'overloaded',
      `${capitalized(server)} is ${status === 429 ? 'rate-limiting' : 'unavailable'} (${status}) and asks to wait ` +
        `${formatDuration(refusedWait)} before retrying, longer than this run waits (${formatDuration(ctx.maxRetryWaitMs)}).`,
      `Run the command again after that time.`,
    );
  }
  if (status === 429) {
    return fail(
      ctx,
      'rate-limited',
      `${capitalized(server)} is still rate-limiting (429) ${attempts}${message ? `: ${message}` : ''}.`,
      'Wait a minute and run again, or check the usage limits of your account.',
    );
  }
  if (isOverload) {
    const code = status ? ` (${status})` : '';
    return fail(
      ctx,
      'overloaded',
      `${capitalized(server)} is overloaded${code}${status ? `, still ${attempts}` : ''}.`,
      'Try again in a few minutes, or choose another model with --model.',
    );
  }
  if (status === undefined || status >= 500 || status === 408 || status === 409) {
    const code = status ? `${status}` : 'an error in the middle of the answer';
    return fail(
      ctx,
      'server',
      `${capitalized(server)} failed (${code}${message ? `: ${message}` : ''})${status ? `, still ${attempts}` : ''}.`,
      'Try again later; if it keeps failing, check the service status or the server logs.',
    );
  }
  const otherApi = ctx.api === 'responses' ? 'chat' : ctx.api === 'chat' ? 'responses' : null;
  if (otherApi && (status === 404 || status === 400) && WRONG_API.test(message)) {
    return fail(
      ctx,
      'rejected',
      `${capitalized(server)} does not serve ${ctx.model} on the ${ctx.api === 'chat' ? 'Chat Completions' : 'Responses'} API (${status}: ${message}).`,
      `Run again with --api ${otherApi}.`,
    );
  }
  if (status === 404) {
    const v1 = ` (${PROVIDERS[ctx.provider].baseUrlShape})`;
    return fail(
      ctx,
      'rejected',
      `${capitalized(server)} answered 404 Not Found${message ? `: ${message}` : ''}.`,
      `Check the model name (--model ${ctx.model}) and the base URL (--base-url ${ctx.baseUrl}${v1}).`,
    );
  }
  return fail(
    ctx,
    'rejected',
    `${capitalized(server)} rejected the request (${status}${message ? `: ${message}` : ''}).`,
    `Check --model (${ctx.model}) and --max-output-tokens; the message says what the server did not accept.`,
  );
}

const CONNECTION_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

function unreachable(error: Error, ctx: Context): ProviderError {
  const code = findCode(error);
  const reason = (code && CONNECTION_REASONS[code]) ?? (code ? code : error.message);
  const env = PROVIDERS[ctx.provider].baseUrlEnv;
  return fail(
    ctx,
    'connection',
    `Could not reach ${ctx.baseUrl} (${reason}).`,
    `Check --base-url (or ${env}) and that the server is running and reachable from this machine.`,
  );
}

function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}
