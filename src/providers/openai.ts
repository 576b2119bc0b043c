// OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp): Chat Completions, the one
// API they all speak, with a strict json_schema response format, streamed.
import OpenAI from 'openai';
import { ANSWER_SCHEMA, parseAnswer } from '../lib/generate/model-answer.js';
import type { GenerateOptions, LlmAnswer, LlmRequest, Provider } from '../lib/types.js';
import { callModel } from './call.js';
import { DEFAULT_BASE_URLS } from './choose.js';
import { cutOff, refused } from './errors.js';
import { capRetryWait } from './retry-wait.js';
import type { ResolvedProviderOptions } from './types.js';

export function createOpenAiProvider(options: ResolvedProviderOptions): Provider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    fetch: capRetryWait({ maxRetries: options.maxRetries, maxWaitMs: options.maxRetryWaitMs }),
  });
  // OpenAI's reasoning models reject the deprecated max_tokens; compatible servers know max_tokens best.
  const isOpenAi = options.baseUrl.replace(/\/+$/, '') === DEFAULT_BASE_URLS.openai;
  const limit =
    options.maxOutputTokens === undefined
      ? {}
      : isOpenAi
        ? { max_completion_tokens: options.maxOutputTokens }
        : { max_tokens: options.maxOutputTokens };

  async function generate(
    request: LlmRequest,
    { signal, onProgress }: GenerateOptions = {},
  ): Promise<LlmAnswer> {
    const reply = await callModel(options, signal, async (callSignal) => {
      const stream = await client.chat.completions.create(
        {
          model: options.model,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.user },
          ],
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'celery_django_files', strict: true, schema: ANSWER_SCHEMA },
          },
          stream: true,
          stream_options: { include_usage: true },
          ...limit,
        },
        { signal: callSignal },
      );
      const out = {
        text: '',
        refusal: '',
        finish: null as string | null,
        model: '',
        usage: undefined as OpenAI.CompletionUsage | undefined,
      };
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        out.text += choice?.delta.content ?? '';
        out.refusal += choice?.delta.refusal ?? '';
        out.finish = choice?.finish_reason ?? out.finish;
        out.model ||= chunk.model;
        out.usage = chunk.usage ?? out.usage;
        if (choice?.delta.content || choice?.delta.refusal)
          onProgress?.({ outputChars: out.text.length + out.refusal.length });
      }
      return out;
    });

    const raw = reply.refusal || reply.text;
    if (reply.refusal) throw refused(options, reply.refusal, raw);
    if (reply.finish === 'content_filter')
      throw refused(options, 'the content filter stopped the answer', raw);
    if (reply.finish === 'length') throw cutOff(options, raw);
    const answer = parseAnswer(reply.text);
    return {
      ...answer,
      usage: {
        inputTokens: reply.usage?.prompt_tokens ?? 0,
        outputTokens: reply.usage?.completion_tokens ?? 0,
        cachedInputTokens: reply.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      },
      model: reply.model || options.model,
      provider: 'openai',
      raw,
    };
  }

  return { name: 'openai', model: options.model, generate };
}
