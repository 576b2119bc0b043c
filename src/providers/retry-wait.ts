// The SDKs decide whether to retry (408/409/429/5xx, up to maxRetries); this fetch wrapper owns how long to
// wait before each retry. Why: openai 6.49 sleeps as long as retry-after says (600 means 10 minutes) and its
// sleep ignores the abort signal, so Ctrl-C would leave the process waiting. Here the wait honours
// retry-after-ms / retry-after (else the SDKs' own backoff), stops at once on abort, and a server asking for
// more than the cap makes the call give up now (`x-should-retry: false`) with the wait noted for the message.

/** Set on a response whose requested wait exceeded the cap: the wait the server asked for, in ms. */
export const REFUSED_WAIT_HEADER = 'x-celery-django-refused-wait-ms';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RetryWaitOptions {
  maxRetries: number;
  maxWaitMs: number;
  baseFetch?: Fetch;
}

export function capRetryWait({
  maxRetries,
  maxWaitMs,
  baseFetch = globalThis.fetch,
}: RetryWaitOptions): Fetch {
  return async (input, init) => {
    const response = await baseFetch(input, init);
    const attempt = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? 0);
    if (!willRetry(response, attempt, maxRetries)) return response;
    const waitMs = requestedWaitMs(response.headers) ?? backoffMs(attempt);
    const headers = new Headers(response.headers);
    if (waitMs > maxWaitMs) {
      headers.set('x-should-retry', 'false');
      headers.set(REFUSED_WAIT_HEADER, String(Math.round(waitMs)));
    } else {
      await sleep(waitMs, init?.signal ?? undefined).catch(async (error: unknown) => {
        await response.body?.cancel();
        throw error;
      });
      // Both SDKs read a positive retry-after-ms first: 1 ms, as the wait is already done.
      headers.delete('retry-after');
      headers.set('retry-after-ms', '1');
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The SDKs' rule (src/client.ts shouldRetry): the server's x-should-retry wins, else these statuses. */
function willRetry(response: Response, attempt: number, maxRetries: number): boolean {
  if (response.ok || attempt >= maxRetries) return false;
  const says = response.headers.get('x-should-retry');
  if (says === 'true' || says === 'false') return says === 'true';
  return [408, 409, 429].includes(response.status) || response.status >= 500;
}

/** The wait a response asks for, read the way the SDKs read it: retry-after-ms, else retry-after (s or date). */
export function requestedWaitMs(headers: Headers): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms > 0) return ms;
  const after = headers.get('retry-after');
  if (!after) return null;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** The SDKs' default: 0.5 s doubling per retry, at most 8 s, minus up to 25% jitter. */
function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    function stop(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', stop, { once: true });
  });
}
