// The one step every adapter's reply goes through: a cut-off, refused or filtered answer never reaches the plan,
// and the rest is parsed and checked against the answer schema.
import { parseAnswer } from '../lib/generate/model-answer.js';
import type { LlmAnswer } from '../lib/types.js';
import { cutOff, refused, tooLarge } from './errors.js';
import { estimateCost } from './pricing.js';
import type { ProviderConfig, WireReply } from './types.js';

/** A larger answer is not a set of project files; the stream stops here rather than fill memory. */
export const MAX_RAW_ANSWER_CHARS = 8 * 1024 * 1024;

export function readReply(reply: WireReply, config: ProviderConfig): LlmAnswer {
  const raw = reply.text || reply.refusal;
  switch (reply.finish) {
    case 'refusal':
      throw refused(config, reply.refusal, raw);
    case 'content-filter':
      throw refused(config, 'the content filter stopped the answer', raw);
    case 'length':
      throw cutOff(config, raw);
    case 'context-window':
      throw cutOff({ ...config, maxOutputTokens: undefined }, raw, "the model's context window");
  }
  const model = reply.model || config.model;
  return {
    ...parseAnswer(reply.text),
    usage: reply.usage,
    model,
    provider: config.provider,
    costUsd: config.official ? estimateCost(model, reply.usage) : null,
    raw,
  };
}

/** Counts streamed text against MAX_RAW_ANSWER_CHARS; past it, the stream is stopped with a clear error. */
export function capStream(config: ProviderConfig, onProgress?: (outputChars: number) => void) {
  let chars = 0;
  return (delta: string): void => {
    chars += delta.length;
    if (chars > MAX_RAW_ANSWER_CHARS) throw tooLarge(config, MAX_RAW_ANSWER_CHARS);
    onProgress?.(chars);
  };
}
