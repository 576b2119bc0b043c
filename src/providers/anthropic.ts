// Anthropic: the Messages API with structured outputs (`output_config.format`, a JSON schema), streamed, the
// shared system prompt marked for prompt caching. Not a forced tool call: claude-sonnet-5-5, the default
// model, answers a forced tool_choice with a 400. Never temperature/top_p/top_k: API 2026-10-21 rejects them.
import Anthropic from '@anthropic-ai/sdk';
import { ANSWER_SCHEMA, parseAnswer } from '../lib/generate/model-answer.js';
import type { GenerateOptions, LlmAnswer, LlmRequest, Provider, Usage } from '../lib/types.js';
import { callModel } from './call.js';
import { cutOff, refused } from './errors.js';
import { capRetryWait } from './retry-wait.js';
import type { ResolvedProviderOptions } from './types.js';

/** Anthropic requires a limit; thinking counts against it, so leave room beyond the files themselves. */
export const ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS = 32_000;

export function createAnthropicProvider(options: ResolvedProviderOptions): Provider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    // The SDK adds /v1 itself; a base URL copied from OpenAI-style docs often ends in it.
    baseURL: options.baseUrl.replace(/\/v1\/?$/, ''),
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    fetch: capRetryWait({ maxRetries: options.maxRetries, maxWaitMs: options.maxRetryWaitMs }),
  });
  const maxTokens = options.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS;

  async function generate(
    request: LlmRequest,
    { signal, onProgress }: GenerateOptions = {},
  ): Promise<LlmAnswer> {
    const reply = await callModel(options, signal, async (callSignal) => {
      const stream = await client.messages.create(
        {
          model: options.model,
          max_tokens: maxTokens,
          system: [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: request.user }],
          output_config: { format: { type: 'json_schema', schema: ANSWER_SCHEMA } },
          stream: true,
        },
        { signal: callSignal },
      );
      const out = { text: '', stopReason: '', explanation: '', model: '', usage: emptyUsage() };
      for await (const event of stream) {
        if (event.type === 'message_start') {
          out.model = event.message.model;
          readUsage(out.usage, event.message.usage);
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          out.text += event.delta.text;
          onProgress?.({ outputChars: out.text.length });
        } else if (event.type === 'message_delta') {
          out.stopReason = event.delta.stop_reason ?? out.stopReason;
          out.explanation = event.delta.stop_details?.explanation ?? out.explanation;
          readUsage(out.usage, event.usage);
        }
      }
      return out;
    });

    if (reply.stopReason === 'refusal') throw refused(options, reply.explanation || reply.text, reply.text);
    if (reply.stopReason === 'max_tokens') throw cutOff(options, reply.text);
    if (reply.stopReason === 'model_context_window_exceeded') {
      throw cutOff({ ...options, maxOutputTokens: undefined }, reply.text, "the model's context window");
    }
    const answer = parseAnswer(reply.text);
    return {
      ...answer,
      usage: reply.usage,
      model: reply.model || options.model,
      provider: 'anthropic',
      raw: reply.text,
    };
  }

  return { name: 'anthropic', model: options.model, generate };
}

function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
}

interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/**
 * Anthropic counts uncached, cache-written and cache-read input apart; Usage.inputTokens is all of them
 * (as OpenAI counts it), cachedInputTokens the part read from the cache. Later events overwrite earlier ones.
 */
function readUsage(usage: Usage, wire: WireUsage): void {
  const read = wire.cache_read_input_tokens;
  if (wire.input_tokens != null) {
    usage.inputTokens = wire.input_tokens + (wire.cache_creation_input_tokens ?? 0) + (read ?? 0);
  }
  if (read != null) usage.cachedInputTokens = read;
  if (wire.output_tokens != null) usage.outputTokens = wire.output_tokens;
}
