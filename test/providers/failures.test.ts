// Every way a call fails, through both real SDKs and both wire protocols: each ends in a UserError that says
// what happened and what to do, never shows the key, and never sleeps as long as a server asks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidAnswerError } from '../../src/lib/generate/model-answer.js';
import { UserError } from '../../src/lib/errors.js';
import { ProviderError } from '../../src/providers/index.js';
import { MAX_RAW_ANSWER_CHARS } from '../../src/providers/reply.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { ANSWER, REQUEST, TEST_KEY, providerFor, rejectionOf } from './helpers.js';

let server: LlmServer;
beforeAll(async () => (server = await startLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

describe.each(['openai', 'anthropic'] as const)('%s', (name) => {
  const provider = (options = {}) => providerFor(server, name, options);
  const failure = async (options = {}, generateOptions = {}) => {
    const error = await rejectionOf(provider(options).generate(REQUEST, generateOptions));
    expect(error).toBeInstanceOf(UserError);
    const shown = (error as unknown as UserError).message;
    expect(shown).not.toContain(TEST_KEY);
    return error as unknown as ProviderError;
  };

  it('retries a rate limit and succeeds (429 then 200)', async () => {
    server.script([
      { kind: 'error', status: 429 },
      { kind: 'answer', answer: ANSWER },
    ]);
    expect((await provider().generate(REQUEST)).files).toEqual(ANSWER.files);
    expect(server.requests.map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('gives up on a rate limit after the retries, saying how many attempts were made', async () => {
    server.script({ kind: 'error', status: 429, forever: true });
    const error = await failure({ maxRetries: 2 });
    expect(error.failure).toBe('rate-limited');
    expect(error.message).toMatch(/still rate-limiting \(429\) after 3 attempts/);
    expect(error.hint).toMatch(/run again/i);
    expect(server.requests).toHaveLength(3);
  });

  it('does not sleep for a retry-after longer than the cap: it gives up at once and says when to retry', async () => {
    server.script({ kind: 'error', status: 429, headers: { 'retry-after': '600' }, forever: true });
    const error = await failure({ maxRetryWaitMs: 30_000 });
    expect(error.failure).toBe('rate-limited');
    expect(error.message).toContain('asks to wait 10 min before retrying, longer than this run waits (30 s)');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a server error and an overload, then reports the overload', async () => {
    const overloaded = name === 'anthropic' ? 529 : 503;
    server.script([
      { kind: 'error', status: 500 },
      { kind: 'error', status: overloaded, forever: true },
    ]);
    const error = await failure({ maxRetries: 1 });
    expect(server.requests).toHaveLength(2);
    if (name === 'anthropic') {
      expect(error.failure).toBe('overloaded');
      expect(error.message).toMatch(/is overloaded \(529\), still after 2 attempts/);
    } else {
      expect(error.failure).toBe('server');
      expect(error.message).toMatch(/failed \(503: scripted 503\), still after 2 attempts/);
    }
  });

  it('reports a rejected key (401) once, naming the variable to check and never the key', async () => {
    server.script({ kind: 'error', status: 401, message: `Incorrect API key provided: ${TEST_KEY}` });
    const error = await failure();
    expect(error.failure).toBe('auth');
    expect(error.message).toContain('rejected the API key (401');
    expect(error.hint).toContain(name === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a cut-off answer with the limit and how to raise it, keeping the partial text', async () => {
    server.script({ kind: 'cut-off' });
    const error = await failure({ maxOutputTokens: 1000 });
    expect(error.failure).toBe('cut-off');
    expect(error.message).toContain('cut off at the output limit (1000 tokens)');
    expect(error.hint).toContain('--max-output-tokens 2000');
    expect(error.raw).toMatch(/^\{"files"/);
  });

  it('stops an answer that grows past 8 MB instead of filling memory, and says so', async () => {
    server.script({ kind: 'text', text: 'x'.repeat(MAX_RAW_ANSWER_CHARS + 1) });
    const error = await failure();
    expect(error.failure).toBe('too-large');
    expect(error.message).toContain('grew past 8 MB');
    expect(error.message).toContain('nothing was written');
  });

  it("shows the model's words when it refuses", async () => {
    server.script({ kind: 'refusal', message: 'I cannot help with that request.' });
    const error = await failure();
    expect(error.failure).toBe('refused');
    expect(error.summary).toBe('The model declined to answer: "I cannot help with that request.".');
  });

  it('names the base URL when nothing listens there', async () => {
    const closed = await startLlmServer();
    await closed.close();
    const baseUrl = name === 'openai' ? closed.openaiBaseUrl : closed.anthropicBaseUrl;
    const error = await failure({ baseUrl, maxRetries: 0 });
    expect(error.failure).toBe('connection');
    expect(error.summary).toBe(`Could not reach ${baseUrl} (connection refused).`);
    expect(error.hint).toContain('--base-url');
  });

  it('times out when the server says nothing', async () => {
    server.script({ kind: 'hang', forever: true });
    const error = await failure({ timeoutMs: 300, maxRetries: 0 });
    expect(error.failure).toBe('timeout');
    expect(error.hint).toContain('--timeout');
  });

  it('times out when the stream stalls halfway (past the SDK timeout, which ends at the headers)', async () => {
    server.script({ kind: 'hang', afterHeaders: true });
    const error = await failure({ timeoutMs: 300, maxRetries: 0 });
    expect(error.failure).toBe('timeout');
  });

  it('stops at once when the caller aborts (Ctrl-C)', async () => {
    server.script({ kind: 'hang' });
    const controller = new AbortController();
    const pending = failure({}, { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    const error = await pending;
    expect(error.failure).toBe('aborted');
    expect(error.summary).toBe('Request aborted; nothing was written.');
  });

  it('stops during a retry wait when the caller aborts', async () => {
    server.script({ kind: 'error', status: 429, headers: { 'retry-after': '20' }, forever: true });
    const controller = new AbortController();
    const pending = failure({}, { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    expect((await pending).failure).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the raw text of an answer that fails validation', async () => {
    const text = JSON.stringify({ files: [{ path: 'x.py', action: 'overwrite', content: '' }], notes: '' });
    server.script({ kind: 'text', text });
    const error = await rejectionOf(provider().generate(REQUEST));
    expect(error).toBeInstanceOf(InvalidAnswerError);
    expect(error.raw).toBe(text);
    expect(error.message).toContain('/files/0/action must be one of create, replace, append');
  });

  it('reports a request the server rejects (400) with its message', async () => {
    server.script({ kind: 'error', status: 400, message: 'max_tokens: must be at most 128000' });
    const error = await failure();
    expect(error.failure).toBe('rejected');
    expect(error.message).toContain('rejected the request (400: max_tokens: must be at most 128000)');
  });
});
