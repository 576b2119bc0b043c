// The loopback server itself, as other tests use it: non-streaming answers through the real SDKs, and
// scripting over HTTP from another process.
import Anthropic from '@anthropic-ai/sdk';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer, type RecordedRequest } from '../support/llm-server.js';
import { ANSWER, REQUEST, TEST_KEY, providerFor } from './helpers.js';

let server: LlmServer;
beforeAll(async () => (server = await startLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('startLlmServer', () => {
  it('answers non-streaming OpenAI and Anthropic requests', async () => {
    server.script([
      { kind: 'answer', answer: ANSWER },
      { kind: 'answer', answer: ANSWER },
    ]);
    const openai = new OpenAI({ apiKey: TEST_KEY, baseURL: server.openaiBaseUrl });
    const chat = await openai.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(JSON.parse(chat.choices[0]?.message.content ?? '')).toEqual(ANSWER);

    const anthropic = new Anthropic({ apiKey: TEST_KEY, baseURL: server.anthropicBaseUrl });
    const message = await anthropic.messages.create({
      model: 'm',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: JSON.stringify(ANSWER) }]);
  });

  it('fails a request it has no reply for, loudly', async () => {
    const error = await providerFor(server, 'openai', { maxRetries: 0 })
      .generate(REQUEST)
      .catch((caught: Error) => caught);
    expect(String(error)).toContain('no scripted reply left');
  });

  it('can be scripted and read over HTTP from another process', async () => {
    const child = `
      const url = process.argv[1];
      await fetch(url + '/__script', { method: 'POST', body: JSON.stringify([{ kind: 'text', text: 'a.py\\n\\n\`\`\`\\nx\\n\`\`\`' }]) });
      const answer = await fetch(url + '/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'm' }) });
      console.log((await answer.json()).choices[0].message.content);`;
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      child,
      server.url,
    ]);
    expect(stdout.trim()).toBe('a.py\n\n```\nx\n```');
    const recorded = (await (await fetch(`${server.url}/__requests`)).json()) as RecordedRequest[];
    expect(recorded.map((request) => request.path)).toEqual(['/v1/chat/completions']);
  });
});
