// What both OpenAI wire APIs share: the client, its error classes and the model list.
import OpenAI from 'openai';
import * as errors from 'openai/error';
import { capRetryWait } from './retry-wait.js';
import type { ProviderConfig } from './types.js';

export { errors };

export function openAiClient(config: ProviderConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
    fetch: capRetryWait({ maxRetries: config.maxRetries, maxWaitMs: config.maxRetryWaitMs }),
  });
}

/** `GET /v1/models`: what OpenAI or a compatible server offers. */
export async function listModels(config: ProviderConfig, signal: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for await (const model of openAiClient(config).models.list({ signal })) ids.push(model.id);
  return ids;
}
