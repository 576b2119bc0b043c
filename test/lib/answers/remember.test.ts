// .yo-rc.json comes with the repository: what is read back is checked, and what is stored never holds a secret
// or a remote server.
import { describe, expect, it } from 'vitest';
import { readRemembered, toRemember } from '../../../src/lib/answers/remember.js';
import { PROVIDER_NAMES } from '../../../src/providers/table.js';

describe('readRemembered', () => {
  it('keeps well-formed settings and answers', () => {
    const stored = {
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      baseUrl: 'http://127.0.0.1:11434/v1',
      answers: { 'task/basic-retry': { taskName: 'send_invoice' } },
    };
    expect(readRemembered(stored)).toEqual({ remembered: stored, ignored: [] });
  });

  it('ignores each malformed value with a note naming what it must be, and keeps the rest', () => {
    const { remembered, ignored } = readRemembered({
      provider: 5,
      model: 'gpt\u001b[2J',
      baseUrl: 'https://attacker.example/v1',
      answers: { 'task/basic-retry': ['x'], 'config/setup': { appName: 'shopsite' } },
    });
    expect(remembered).toEqual({ answers: { 'config/setup': { appName: 'shopsite' } } });
    expect(ignored).toEqual([
      `provider must be one of ${PROVIDER_NAMES.join(', ')}`,
      'model must be a model id',
      'baseUrl must be the URL of a local server',
      'answers of task/basic-retry must be an object',
    ]);
  });

  it('reads nothing from settings that are not an object', () => {
    expect(readRemembered([1, 2])).toEqual({
      remembered: { answers: {} },
      ignored: ['the settings are not a JSON object'],
    });
    expect(readRemembered(undefined)).toEqual({ remembered: { answers: {} }, ignored: [] });
  });
});

describe('toRemember', () => {
  const before = { answers: { 'config/setup': { appName: 'shopsite' } } };
  const holdsSecret = (value: string) => value.includes('hunter2');

  it('stores the answers without any that holds a secret, next to those of other prompts', () => {
    const patch = toRemember(
      {
        promptId: 'task/basic-retry',
        answers: { taskName: 'send_invoice', brokerUrl: 'redis://:hunter2@localhost:6379/0' },
        holdsSecret,
        model: null,
        flags: {},
      },
      before,
    );
    expect(patch).toEqual({
      answers: { 'config/setup': { appName: 'shopsite' }, 'task/basic-retry': { taskName: 'send_invoice' } },
    });
  });

  it('stores the provider, the model only when named by flag, and a base URL only when it is local', () => {
    const input = { promptId: 'task/basic-retry', answers: {}, holdsSecret };
    const local = { provider: 'openai' as const, model: 'qwen3', baseUrl: 'http://127.0.0.1:11434/v1' };
    expect(
      toRemember({ ...input, model: local, flags: { model: 'qwen3', baseUrl: local.baseUrl } }, before),
    ).toMatchObject({ provider: 'openai', model: 'qwen3', baseUrl: 'http://127.0.0.1:11434/v1' });
    const remote = { ...local, baseUrl: 'https://gateway.example/v1' };
    const patch = toRemember({ ...input, model: remote, flags: { baseUrl: remote.baseUrl } }, before);
    expect(patch).toEqual({ answers: expect.any(Object), provider: 'openai' });
  });
});
