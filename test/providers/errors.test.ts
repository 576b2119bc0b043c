// The mapping of SDK errors that the loopback server cannot produce without leaving 127.0.0.1.
import { APIConnectionError } from 'openai';
import * as openAiErrors from 'openai/error';
import { describe, expect, it } from 'vitest';
import { fromSdkError } from '../../src/providers/errors.js';
import { resolveConfig } from '../../src/providers/index.js';
import { TEST_KEY } from './helpers.js';

const ctx = resolveConfig({ provider: 'openai', baseUrl: 'https://llm.example.com/v1', apiKey: TEST_KEY });
const networkError = (code: string) =>
  new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: { code } }) });

describe('fromSdkError', () => {
  it('names an unknown host with the base URL to check', () => {
    const error = fromSdkError(networkError('ENOTFOUND'), ctx, openAiErrors);
    expect(error.summary).toBe('Could not reach https://llm.example.com/v1 (unknown host).');
    expect(error.hint).toContain('OPENAI_BASE_URL');
  });

  it('never repeats the key, even when an error message carries it', () => {
    const error = fromSdkError(new TypeError(`socket closed while sending ${TEST_KEY}`), ctx, openAiErrors);
    expect(error.message).not.toContain(TEST_KEY);
    expect(error.message).toContain('***');
  });
});
