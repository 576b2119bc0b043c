// Runs one model call under the run's deadline and the caller's abort signal, and turns whatever goes wrong
// into a UserError. The race matters: the SDK sleeps between retries without listening to the signal, and
// its own timeout stops at the response headers, so a stalled stream would otherwise wait forever.
import { aborted, fromSdkError, timedOut } from './errors.js';
import type { ProviderConfig, SdkErrors } from './types.js';

export async function withDeadline<T>(
  ctx: ProviderConfig,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
  sdkErrors: SdkErrors,
): Promise<T> {
  if (signal?.aborted) throw aborted(ctx);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ctx.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let onAbort = (): void => undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.aborted ? aborted(ctx) : timedOut(ctx));
    combined.addEventListener('abort', onAbort, { once: true });
  });
  const running = work(combined);
  running.catch(() => undefined); // once the race is lost, its rejection is of no interest
  try {
    return await Promise.race([running, stopped]);
  } catch (error) {
    if (signal?.aborted) throw aborted(ctx);
    if (deadline.signal.aborted) throw timedOut(ctx);
    throw fromSdkError(error, ctx, sdkErrors);
  } finally {
    clearTimeout(timer);
    combined.removeEventListener('abort', onAbort);
  }
}
