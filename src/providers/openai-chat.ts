// OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp): Chat Completions, the one
// API they all speak, with a strict json_schema response format, streamed.
import type OpenAI from 'openai';
import { ANSWER_SCHEMA } from '../lib/generate/model-answer.js';
import { toMessages } from '../lib/compose/messages.js';
import { errors, listModels, openAiClient } from './openai-client.js';
import type { Adapter, Finish } from './types.js';

const FINISH: Record<string, Finish> = { stop: 'stop', length: 'length', content_filter: 'content-filter' };

export const chatAdapter: Adapter = {
  errors,
  listModels,
  async stream(config, request, signal, onText) {
    // OpenAI's reasoning models reject the deprecated max_tokens; compatible servers know max_tokens best.
    const limit =
      config.maxOutputTokens === undefined
        ? {}
        : config.official && config.provider === 'openai'
          ? { max_completion_tokens: config.maxOutputTokens }
          : { max_tokens: config.maxOutputTokens };
    const stream = await openAiClient(config).chat.completions.create(
      {
        model: config.model,
        messages: toMessages(request),
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'celery_django_files', strict: true, schema: ANSWER_SCHEMA },
        },
        stream: true,
        stream_options: { include_usage: true },
        ...limit,
      },
      { signal },
    );
    let text = '';
    let refusal = '';
    let finish: string | null = null;
    let model = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const content = choice?.delta.content ?? '';
      const refused = choice?.delta.refusal ?? '';
      text += content;
      refusal += refused;
      if (content || refused) onText(content + refused);
      finish = choice?.finish_reason ?? finish;
      model ||= chunk.model;
      usage = chunk.usage ?? usage;
    }
    return {
      text,
      refusal,
      finish: refusal ? 'refusal' : (FINISH[finish ?? 'stop'] ?? 'stop'),
      rawFinish: finish ?? '',
      model,
      usage: {
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
        cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      },
    };
  },
};
