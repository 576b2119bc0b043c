import { describe, expect, it } from 'vitest';
import { estimateCost, formatUsage } from '../../src/providers/index.js';

const usage = (inputTokens: number, cachedInputTokens: number, outputTokens: number) => ({
  inputTokens,
  cachedInputTokens,
  outputTokens,
});

describe('estimateCost', () => {
  it('prices the default models from input, cached input and output tokens', () => {
    // gpt-6.1-sol: $2 in, $0.10 cached, $10 out per million; claude-sonnet-5-5: $2 in, $10 out
    expect(estimateCost('gpt-6.1-sol', usage(100_000, 0, 0))).toBeCloseTo(0.2);
    expect(estimateCost('gpt-6.1-sol', usage(100_000, 100_000, 0))).toBeCloseTo(0.01);
    expect(estimateCost('claude-sonnet-5-5', usage(0, 0, 1_000_000))).toBeCloseTo(10);
  });

  it('charges the long-context rate for the whole request above 272K input tokens', () => {
    expect(estimateCost('gpt-6.1-sol', usage(300_000, 0, 100_000))).toBeCloseTo(
      300_000 * 4e-6 + 100_000 * 15e-6,
    );
  });

  it('knows a model by its dated or prefixed id', () => {
    expect(estimateCost('gpt-6.1-sol-2026-09-29', usage(100_000, 0, 0))).toBeCloseTo(0.2);
    expect(estimateCost('anthropic/claude-opus-5-5', usage(0, 0, 1_000_000))).toBeCloseTo(20);
  });

  it('returns null for a model without a known price (e.g. a local one)', () => {
    expect(estimateCost('llama3.3:70b', usage(10, 0, 10))).toBeNull();
  });
});

describe('formatUsage', () => {
  it('says model, tokens, time and cost on one line', () => {
    const answer = { model: 'gpt-6.1-sol', usage: usage(12_345, 10_000, 2_000) };
    expect(formatUsage({ ...answer, costUsd: estimateCost(answer.model, answer.usage) }, 12_400)).toBe(
      'gpt-6.1-sol: 12,345 tokens in (10,000 cached), 2,000 out, 12 s, about $0.0257',
    );
  });

  it('shows no cost where none is known (a local model, or a proxy whose prices are its own)', () => {
    expect(formatUsage({ model: 'qwen3-coder', usage: usage(10, 0, 5), costUsd: null }, 800)).toBe(
      'qwen3-coder: 10 tokens in, 5 out, 800 ms',
    );
  });
});
