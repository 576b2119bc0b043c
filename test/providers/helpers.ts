// Shared by the provider tests: a provider of either kind pointed at the loopback server.
import { createProvider, type ModelSettings } from '../../src/providers/index.js';
import type { LlmRequest, ModelAnswer, ProviderName } from '../../src/lib/types.js';
import type { LlmServer } from '../support/llm-server.js';

/** Looks like a real key so a leak would be visible; it is not one. */
export const TEST_KEY = 'sk-test-0123456789abcdef';

export const REQUEST: LlmRequest = {
  system: 'You write Celery code for Django projects. Answer with the files to write.',
  user: 'Add a task that retries on ConnectionError to orders/tasks.py.',
};

export const ANSWER: ModelAnswer = {
  files: [
    {
      path: 'orders/tasks.py',
      action: 'create',
      content:
        'from celery import shared_task\n\n\n@shared_task(autoretry_for=(ConnectionError,))\ndef sync():\n    pass\n',
    },
  ],
  notes: 'Restart the worker.',
};

export function baseUrlFor(server: LlmServer, provider: ProviderName): string {
  return provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl;
}

export function providerFor(server: LlmServer, provider: ProviderName, options: Partial<ModelSettings> = {}) {
  return createProvider({ provider, baseUrl: baseUrlFor(server, provider), apiKey: TEST_KEY, ...options });
}

/** The rejection of a promise, for assertions on its fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
