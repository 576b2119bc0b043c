// Estimated cost of a call, from list prices in USD per million tokens. Prices change: this is a hint for the
// user, never a bill, and unknown models (local ones included) have no price rather than a guessed one.
import type { LlmAnswer, Usage } from '../lib/types.js';
import { formatDuration } from './errors.js';
import { forTerminal } from '../lib/report/terminal-text.js';

interface Price {
  input: number;
  cachedInput: number;
  output: number;
  /** Above this many input tokens the whole request costs `longContext` times the input and output prices. */
  longContextAbove?: number;
  longContext?: { input: number; output: number };
}

// Standard tier list prices seen in November 2026. Anthropic cache writes cost more than plain input;
// Usage does not count them apart, so they are priced as plain input (a slight underestimate).
const PRICES: Record<string, Price> = {
  'gpt-6.1-sol': {
    input: 2,
    cachedInput: 0.1,
    output: 10,
    longContextAbove: 272_000,
    longContext: { input: 2, output: 1.5 },
  },
  'gpt-6-sol': {
    input: 2,
    cachedInput: 0.2,
    output: 10,
    longContextAbove: 272_000,
    longContext: { input: 2, output: 1.5 },
  },
  'gpt-6-luna': { input: 0.1, cachedInput: 0.01, output: 0.5 },
  'claude-sonnet-5-5': { input: 2, cachedInput: 0.1, output: 10 },
  'claude-sonnet-5': { input: 2, cachedInput: 0.2, output: 10 },
  'claude-opus-5-5': { input: 4, cachedInput: 0.2, output: 20 },
  'claude-opus-5': { input: 5, cachedInput: 0.5, output: 25 },
  'claude-haiku-5-5': { input: 0.1, cachedInput: 0.01, output: 0.5 },
};

/** The price entry for a model id, also when it carries a vendor prefix or a date suffix. */
function priceOf(model: string): Price | undefined {
  const id = model
    .trim()
    .toLowerCase()
    .replace(/^(openai|anthropic)\//, '');
  const base = id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '');
  return PRICES[base];
}

/** USD, or null when the model's price is not known. */
export function estimateCost(model: string, usage: Usage): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const long = price.longContextAbove !== undefined && usage.inputTokens > price.longContextAbove;
  const inputFactor = long ? (price.longContext?.input ?? 1) : 1;
  const outputFactor = long ? (price.longContext?.output ?? 1) : 1;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const dollars =
    (usage.inputTokens - cached) * price.input * inputFactor +
    cached * price.cachedInput * inputFactor +
    usage.outputTokens * price.output * outputFactor;
  return dollars / 1_000_000;
}

/** One line for the terminal: `gpt-6.1-sol: 1,234 tokens in (1,000 cached), 567 out, 12 s, about $0.0081`. */
export function formatUsage(answer: Pick<LlmAnswer, 'model' | 'usage'>, elapsedMs: number): string {
  const { inputTokens, outputTokens, cachedInputTokens } = answer.usage;
  const count = (n: number): string => n.toLocaleString('en-US');
  const cached = cachedInputTokens > 0 ? ` (${count(cachedInputTokens)} cached)` : '';
  const cost = estimateCost(answer.model, answer.usage);
  const price = cost === null ? 'cost unknown' : `about $${cost < 0.1 ? cost.toFixed(4) : cost.toFixed(2)}`;
  return `${forTerminal(answer.model)}: ${count(inputTokens)} tokens in${cached}, ${count(outputTokens)} out, ${formatDuration(elapsedMs)}, ${price}`;
}
