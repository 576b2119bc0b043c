import { describe, expect, it } from 'vitest';
import { UsageError, UserError } from '../../src/lib/errors.js';
import { chooseModel, chooseProvider, createProvider, isLocalBaseUrl } from '../../src/providers/index.js';
import { TEST_KEY } from './helpers.js';

const thrown = (run: () => unknown): UserError => {
  try {
    run();
  } catch (error) {
    return error as UserError;
  }
  throw new Error('expected an error');
};

describe('chooseProvider', () => {
  const keys = { OPENAI_API_KEY: TEST_KEY, ANTHROPIC_API_KEY: `${TEST_KEY}-a` };

  it('takes --provider first, then the stored choice, then the vendor whose key is set', () => {
    expect(chooseProvider({ flag: 'anthropic', stored: 'openai', env: keys })).toEqual({
      provider: 'anthropic',
      apiKey: `${TEST_KEY}-a`,
    });
    expect(chooseProvider({ stored: 'anthropic', env: keys }).provider).toBe('anthropic');
    expect(chooseProvider({ env: { ANTHROPIC_API_KEY: TEST_KEY } }).provider).toBe('anthropic');
    expect(chooseProvider({ env: { OPENAI_API_KEY: TEST_KEY } }).provider).toBe('openai');
  });

  it('takes the base URL from --base-url, else the provider environment variable', () => {
    const env = { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: 'https://gateway.example/v1' };
    expect(chooseProvider({ env }).baseUrl).toBe('https://gateway.example/v1');
    expect(chooseProvider({ env, baseUrl: 'https://other.example/v1' }).baseUrl).toBe(
      'https://other.example/v1',
    );
  });

  it('needs no key for a local server, and guesses OpenAI-compatible for it', () => {
    expect(chooseProvider({ env: {}, baseUrl: 'http://localhost:11434/v1' })).toEqual({
      provider: 'openai',
      baseUrl: 'http://localhost:11434/v1',
    });
    expect(
      chooseProvider({ flag: 'openai', env: { OPENAI_BASE_URL: 'http://192.168.1.20:8000/v1' } }).apiKey,
    ).toBeUndefined();
  });

  it('with no key at all, says how to set one or use --dry-run', () => {
    const error = thrown(() => chooseProvider({ env: {} }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('neither OPENAI_API_KEY nor ANTHROPIC_API_KEY is set');
    expect(error.hint).toContain('--dry-run');
  });

  it('with the chosen provider lacking a key, names its variable', () => {
    const error = thrown(() => chooseProvider({ flag: 'anthropic', env: { OPENAI_API_KEY: TEST_KEY } }));
    expect(error.summary).toBe('No API key for Anthropic: ANTHROPIC_API_KEY is not set.');
    expect(error.hint).toContain('export ANTHROPIC_API_KEY=');
    expect(error.message).not.toContain(TEST_KEY);
  });

  it('rejects an unknown provider name or base URL as a usage error (exit 2)', () => {
    const provider = thrown(() => chooseProvider({ flag: 'gemini', env: { OPENAI_API_KEY: TEST_KEY } }));
    expect(provider).toBeInstanceOf(UsageError);
    expect(provider.summary).toBe('Unknown provider "gemini" (--provider).');
    expect(provider.hint).toContain('openai, anthropic');
    expect(thrown(() => chooseProvider({ stored: 'bard', env: {} })).message).toContain('.yo-rc.json');
    expect(
      thrown(() => chooseProvider({ env: { OPENAI_API_KEY: TEST_KEY }, baseUrl: 'localhost:11434' })),
    ).toBeInstanceOf(UsageError);
  });
});

it('refuses a base URL that holds credentials, without printing them', () => {
  const error = thrown(() =>
    chooseProvider({
      env: { OPENAI_API_KEY: TEST_KEY },
      baseUrl: 'https://bob:hunter2-secret@llm.example/v1',
    }),
  );
  expect(error).toBeInstanceOf(UsageError);
  expect(error.summary).toBe(
    'The base URL https://***:***@llm.example/v1 holds credentials; they are not sent from a URL.',
  );
  expect(error.message).not.toContain('hunter2');
  expect(error.message).not.toContain('bob');
});

describe('chooseModel', () => {
  it('takes --model, else LLM_MODEL, else the stored model, else the default', () => {
    expect(chooseModel({ provider: 'openai', flag: 'a', stored: 'c', env: { LLM_MODEL: 'b' } })).toBe('a');
    expect(chooseModel({ provider: 'openai', stored: 'c', env: { LLM_MODEL: 'b' } })).toBe('b');
    expect(chooseModel({ provider: 'openai', stored: 'c', env: {} })).toBe('c');
    expect(chooseModel({ provider: 'anthropic', env: {} })).toBe('claude-sonnet-5-5');
    expect(chooseModel({ provider: 'openai', env: {} })).toBe('gpt-6.1-sol');
  });
});

describe('isLocalBaseUrl', () => {
  it.each([
    'http://localhost:11434/v1',
    'http://127.0.0.1:8000/v1',
    'http://[::1]:1234/v1',
    'http://10.0.0.5/v1',
    'http://172.20.1.1/v1',
    'http://192.168.1.20:8000/v1',
    'http://gpu-box.local:8080/v1',
  ])('%s is local', (url) => expect(isLocalBaseUrl(url)).toBe(true));

  it.each(['https://api.openai.com/v1', 'http://172.32.0.1/v1', 'http://8.8.8.8/v1', 'not a url'])(
    '%s is not local',
    (url) => expect(isLocalBaseUrl(url)).toBe(false),
  );
});

describe('createProvider', () => {
  it('refuses to talk to a remote server without a key', () => {
    const error = thrown(() => createProvider({ provider: 'openai', baseUrl: 'https://api.openai.com/v1' }));
    expect(error.message).toContain('OPENAI_API_KEY is not set');
  });
});
