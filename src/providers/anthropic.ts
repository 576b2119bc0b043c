// Anthropic: the Messages API with structured outputs (`output_config.format`, a JSON schema), streamed, the
// shared system prompt marked for prompt caching. Not a forced tool call: claude-sonnet-5-5, the default
// model, answers a forced tool_choice with a 400. Never temperature/top_p/top_k: API 2026-10-21 rejects them.
import Anthropic from '@anthropic-ai/sdk';
import * as errors from '@anthropic-ai/sdk/error';
import { ANSWER_SCHEMA } from '../lib/generate/model-answer.js';
import { toMessages } from '../lib/compose/messages.js';
import type { Usage } from '../lib/types.js';
import { capRetryWait } from './retry-wait.js';
import type { Adapter, Finish, ProviderConfig } from './types.js';

/** Anthropic requires a limit; thinking counts against it, so leave room beyond the files themselves. */
export const ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS = 32_000;

const FINISH: Record<string, Finish> = {
  end_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'context-window',
  refusal: 'refusal',
};

const client = (config: ProviderConfig): Anthropic =>
  new Anthropic({
    apiKey: config.apiKey,
    // The SDK adds /v1 itself; a base URL copied from OpenAI-style docs often ends in it.
    baseURL: config.baseUrl.replace(/\/v1\/?$/, ''),
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
    fetch: capRetryWait({ maxRetries: config.maxRetries, maxWaitMs: config.maxRetryWaitMs }),
  });

export const anthropicAdapter: Adapter = {
  errors,
  async listModels(config, signal) {
    const ids: string[] = [];
    for await (const model of client(config).models.list({}, { signal })) ids.push(model.id);
    return ids;
  },
  async stream(config, request, signal, onText) {
    const [system, ...messages] = toMessages(request);
    const stream = await client(config).messages.create(
      {
        model: config.model,
        max_tokens: config.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS,
        system: [{ type: 'text', text: system!.content, cache_control: { type: 'ephemeral' } }],
        messages: messages.map(({ content }) => ({ role: 'user' as const, content })),
        output_config: { format: { type: 'json_schema', schema: ANSWER_SCHEMA } },
        stream: true,
      },
      { signal },
    );
    let text = '';
    let stopReason = '';
    let explanation = '';
    let model = '';
    const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
    for await (const event of stream) {
      if (event.type === 'message_start') {
        model = event.message.model;
        readUsage(usage, event.message.usage);
      } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
        onText(event.delta.text);
      } else if (event.type === 'message_delta') {
        stopReason = event.delta.stop_reason ?? stopReason;
        explanation = event.delta.stop_details?.explanation ?? explanation;
        readUsage(usage, event.usage);
      }
    }
    const finish = FINISH[stopReason] ?? 'stop';
    return {
      text,
      finish,
      rawFinish: stopReason,
      refusal: finish === 'refusal' ? explanation || text : '',
      model,
      usage,
    };
  },
};

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
