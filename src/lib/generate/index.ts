// Stage 5 as a run sees it: call the chosen model with a progress line, Ctrl-C support and a usage line after.
import { UserError } from '../errors.js';
import { chooseSettings, type ModelFlags, type StoredSettings } from '../../providers/choose.js';
import type { ModelSettings } from '../../providers/types.js';
import type { LlmAnswer, LlmRequest } from '../types.js';
import { startProgress } from './progress.js';

/**
 * The model a run uses, settled before any question: a missing key or an unknown provider stops the run here,
 * and a local server named without a model is asked which one it serves.
 */
export async function settleModel(flags: ModelFlags, stored: StoredSettings): Promise<ModelSettings> {
  const settings = chooseSettings(flags, stored);
  if (settings.model) return settings;
  const { completeModel } = await import('../../providers/index.js');
  return completeModel(settings);
}

export async function askModel(
  settings: ModelSettings,
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
  const provider = createProvider(settings);
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
