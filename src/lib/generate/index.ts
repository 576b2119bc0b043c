// Stage 5 as a run sees it: pick the provider and model from flags, stored choice and environment, then call it
// with a progress line, Ctrl-C support and a usage line afterwards.
import { UsageError, UserError } from '../errors.js';
import { startProgress } from './progress.js';
import {
  BASE_URL_ENV,
  chooseModel as pickModel,
  chooseProvider,
  isLocalBaseUrl,
} from '../../providers/choose.js';
import type { LlmAnswer, LlmRequest, ProviderName } from '../types.js';

export interface ModelChoice {
  provider: ProviderName;
  model: string;
  apiKey?: string;
  baseUrl?: string;
  maxOutputTokens?: number;
  timeoutMs?: number;
}

/** What a project remembers between runs (.yo-rc.json); never a key. */
export interface StoredChoice {
  provider?: string;
  model?: string;
  baseUrl?: string;
}

/** Settles provider and model before any question is asked; a missing key stops the run here. */
export function chooseModel(
  flag: (name: string) => unknown,
  stored: StoredChoice,
  env = process.env,
): ModelChoice {
  // .yo-rc.json is shared with the repository (and a model could write it), so a base URL stored there never
  // receives the user's key: it serves only when it is local and no flag or variable names a server.
  const flagUrl = flag('base-url') as string | undefined;
  const named = flagUrl ?? Object.values(BASE_URL_ENV).find((name) => env[name]);
  const storedUrl = !named && stored.baseUrl && isLocalBaseUrl(stored.baseUrl) ? stored.baseUrl : undefined;
  const chosen = chooseProvider({
    flag: flag('provider') as string | undefined,
    stored: stored.provider,
    env,
    baseUrl: flagUrl ?? storedUrl,
  });
  const sameProvider = stored.provider === chosen.provider;
  return {
    ...chosen,
    apiKey: storedUrl ? undefined : chosen.apiKey,
    model: pickModel({
      provider: chosen.provider,
      flag: flag('model') as string | undefined,
      stored: sameProvider ? stored.model : undefined,
      env,
    }),
    maxOutputTokens: positive(flag('max-output-tokens'), '--max-output-tokens'),
    timeoutMs: seconds(flag('timeout')),
  };
}

export async function callModel(
  choice: ModelChoice,
  request: LlmRequest,
  log: (line: string) => void,
  /** Keeps what the model wrote when it cannot be used (invalid, cut off); returns where it went. */
  keepRaw: (raw: string, error: Error) => string,
): Promise<LlmAnswer> {
  // The SDKs load only when a model is called: dry runs and --apply start faster without them.
  const [{ createProvider, formatUsage, ProviderError }, { InvalidAnswerError }] = await Promise.all([
    import('../../providers/index.js'),
    import('./model-answer.js'),
  ]);
  const provider = createProvider(choice);
  const progress = startProgress(`${provider.model} is writing…`);
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  try {
    const answer = await provider.generate(request, {
      signal: controller.signal,
      onProgress: ({ outputChars }) => progress.update(outputChars),
    });
    log(formatUsage(answer, progress.stop()));
    return answer;
  } catch (error) {
    progress.stop();
    // Whatever the model wrote is kept, so nothing the user paid for is lost.
    const raw = error instanceof InvalidAnswerError || error instanceof ProviderError ? error.raw : undefined;
    if (raw && error instanceof UserError) {
      throw new UserError(error.summary, `${keepRaw(raw, error)} ${error.hint ?? ''}`.trim());
    }
    throw error;
  } finally {
    process.off('SIGINT', abort);
  }
}

function positive(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive whole number, not "${value}".`);
  return n;
}

function seconds(value: unknown): number | undefined {
  const n = positive(value, '--timeout');
  return n === undefined ? undefined : n * 1000;
}
