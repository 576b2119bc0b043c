// OpenAI's own API: the Responses API, streamed, the answer schema as a strict `text.format`. The system prompt
// travels as `instructions`, the user message as `input`; nothing is stored on OpenAI's side (`store: false`).
import { ANSWER_SCHEMA } from '../lib/generate/model-answer.js';
import { toMessages } from '../lib/compose/messages.js';
import { errors, listModels, openAiClient } from './openai-client.js';
import type { Adapter, Finish } from './types.js';

const INCOMPLETE: Record<string, Finish> = { max_output_tokens: 'length', content_filter: 'content-filter' };

export const responsesAdapter: Adapter = {
  errors,
  listModels,
  async stream(config, request, signal, onText) {
    const [system, ...messages] = toMessages(request);
    const stream = await openAiClient(config).responses.create(
      {
        model: config.model,
        instructions: system!.content,
        input: messages.map(({ content }) => ({ role: 'user' as const, content })),
        text: {
          format: { type: 'json_schema', name: 'celery_django_files', strict: true, schema: ANSWER_SCHEMA },
        },
        store: false,
        stream: true,
        ...(config.maxOutputTokens === undefined ? {} : { max_output_tokens: config.maxOutputTokens }),
      },
      { signal },
    );
    let text = '';
    let refusal = '';
    let status = '';
    let reason = '';
    let model = '';
    let usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') {
        text += event.delta;
        onText(event.delta);
      } else if (event.type === 'response.refusal.delta') {
        refusal += event.delta;
        onText(event.delta);
      } else if (event.type === 'response.completed' || event.type === 'response.incomplete') {
        const { response } = event;
        status = response.status ?? '';
        reason = response.incomplete_details?.reason ?? '';
        model = response.model;
        usage = {
          inputTokens: response.usage?.input_tokens ?? 0,
          outputTokens: response.usage?.output_tokens ?? 0,
          cachedInputTokens: response.usage?.input_tokens_details?.cached_tokens ?? 0,
        };
      }
    }
    const finish: Finish = refusal
      ? 'refusal'
      : status === 'incomplete'
        ? (INCOMPLETE[reason] ?? 'length')
        : 'stop';
    return { text, refusal, finish, rawFinish: reason || status, model, usage };
  },
};
