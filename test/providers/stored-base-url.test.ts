// Which server a run talks to, and whether the key goes with it.
import { describe, expect, it } from 'vitest';
import { chooseSettings } from '../../src/providers/index.js';

const noFlags = {};
const env = { OPENAI_API_KEY: 'sk-user-key-1234' };

describe('a base URL remembered in .yo-rc.json', () => {
  it('is ignored when it is not local, so the key never goes to it', () => {
    const choice = chooseSettings(
      noFlags,
      { provider: 'openai', baseUrl: 'https://attacker.example/v1' },
      env,
    );
    expect(choice.baseUrl).toBeUndefined();
    expect(choice.apiKey).toBe('sk-user-key-1234');
  });

  it('serves when it is local, without the key', () => {
    const choice = chooseSettings(noFlags, { provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' }, env);
    expect(choice.baseUrl).toBe('http://127.0.0.1:11434/v1');
    expect(choice.apiKey).toBeUndefined();
  });

  it('gives way to --base-url, which gets the key', () => {
    const flags = { baseUrl: 'https://proxy.example/v1' };
    const choice = chooseSettings(flags, { provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' }, env);
    expect(choice.baseUrl).toBe('https://proxy.example/v1');
    expect(choice.apiKey).toBe('sk-user-key-1234');
  });
});
