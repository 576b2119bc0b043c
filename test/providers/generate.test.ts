// Both adapters through the real SDKs against the loopback server: the answer, the usage, and what was sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANSWER_SCHEMA } from '../../src/lib/generate/model-answer.js';
import { createProvider, PROVIDERS } from '../../src/providers/index.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { ANSWER, REQUEST, TEST_KEY, providerFor } from './helpers.js';

let server: LlmServer;
beforeAll(async () => (server = await startLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

describe.each(['openai', 'anthropic'] as const)('%s: a successful call', (name) => {
  it('returns the validated files, usage, model and raw text, streaming progress as it comes', async () => {
    server.script({ kind: 'answer', answer: ANSWER, usage: { input: 1500, output: 300, cached: 1024 } });
    const progress: number[] = [];
    const answer = await providerFor(server, name, { model: 'test-model' }).generate(REQUEST, {
      onProgress: ({ outputChars }) => progress.push(outputChars),
    });
    expect(answer).toEqual({
      ...ANSWER,
      usage: { inputTokens: 1500, outputTokens: 300, cachedInputTokens: 1024 },
      model: 'test-model',
      provider: name,
      // A loopback server is not the provider's own endpoint: no cost is claimed.
      costUsd: null,
      raw: JSON.stringify(ANSWER),
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(JSON.stringify(ANSWER).length);
  });

  it('sends a streamed request for the default model, the key only in the Authorization header', async () => {
    server.script({ kind: 'answer', answer: ANSWER });
    await createProvider({ provider: name, baseUrl: providerBase(name), apiKey: TEST_KEY }).generate(REQUEST);
    const [sent] = server.requests;
    expect(sent?.body.model).toBe(PROVIDERS[name].defaultModel);
    expect(sent?.body.stream).toBe(true);
    expect(sent?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    const elsewhere = { ...sent?.headers, authorization: undefined, body: sent?.body };
    expect(JSON.stringify(elsewhere)).not.toContain(TEST_KEY);
  });

  it('reads an answer given as prose with fenced files (a server that ignores the schema)', async () => {
    server.script({ kind: 'text', text: 'Here:\n\n**orders/tasks.py**\n```python\nx = 1\n```\n\nDone.' });
    const answer = await providerFor(server, name).generate(REQUEST);
    expect(answer.files).toEqual([{ path: 'orders/tasks.py', action: 'create', content: 'x = 1\n' }]);
    expect(answer.notes).toBe('Here:\n\nDone.');
  });
});

function providerBase(name: 'openai' | 'anthropic'): string {
  return name === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl;
}

describe('openai: the request', () => {
  it('asks for the strict answer schema, system then user message, and usage in the stream', async () => {
    server.script({ kind: 'answer', answer: ANSWER });
    await providerFor(server, 'openai').generate(REQUEST);
    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.body).toMatchObject({
      messages: [
        { role: 'system', content: REQUEST.system },
        { role: 'user', content: REQUEST.user },
      ],
      response_format: { type: 'json_schema', json_schema: { strict: true, schema: ANSWER_SCHEMA } },
      stream_options: { include_usage: true },
    });
  });

  it('sends max_tokens to a compatible server only when a limit is set', async () => {
    server.script([
      { kind: 'answer', answer: ANSWER },
      { kind: 'answer', answer: ANSWER },
    ]);
    await providerFor(server, 'openai').generate(REQUEST);
    await providerFor(server, 'openai', { maxOutputTokens: 4000 }).generate(REQUEST);
    expect(server.requests[0]?.body).not.toHaveProperty('max_tokens');
    expect(server.requests[0]?.body).not.toHaveProperty('max_completion_tokens');
    expect(server.requests[1]?.body.max_tokens).toBe(4000);
  });

  it('talks to a local server without a key', async () => {
    server.script({ kind: 'answer', answer: ANSWER });
    const provider = createProvider({ provider: 'openai', baseUrl: server.openaiBaseUrl });
    expect((await provider.generate(REQUEST)).files).toEqual(ANSWER.files);
  });
});

describe('anthropic: the request', () => {
  it('asks for the answer schema as structured output, caches the system prompt, sends no sampling options', async () => {
    server.script({ kind: 'answer', answer: ANSWER });
    await providerFor(server, 'anthropic', { maxOutputTokens: 5000 }).generate(REQUEST);
    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.body).toMatchObject({
      max_tokens: 5000,
      system: [{ type: 'text', text: REQUEST.system, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: REQUEST.user }],
      output_config: { format: { type: 'json_schema', schema: ANSWER_SCHEMA } },
    });
    for (const sampling of ['temperature', 'top_p', 'top_k']) expect(sent?.body).not.toHaveProperty(sampling);
  });

  it('accepts a base URL that ends in /v1', async () => {
    server.script({ kind: 'answer', answer: ANSWER });
    await providerFor(server, 'anthropic', { baseUrl: server.openaiBaseUrl }).generate(REQUEST);
    expect(server.requests[0]?.path).toBe('/v1/messages');
  });
});
