// Estimated cost of a call, from list prices in USD per million tokens. Prices change: this is a hint for the
// user, never a bill, and unknown models (local ones included) have no price rather than a guessed one.
import type { LlmAnswer, Usage } from '../lib/types.js';
import { formatDuration } from './errors.js';
import { PROVIDERS, type Price } from './table.js';
import { forTerminal } from '../lib/report/terminal-text.js';

const PRICES: Record<string, Price> = Object.assign({}, ...Object.values(PROVIDERS).map((row) => row.prices));

/** The price entry for a model id, also when it carries a vendor prefix or a date suffix. */
function priceOf(model: string): Price | undefined {
  const id = model
    .trim()
    .toLowerCase()
    .replace(new RegExp(`^(${Object.keys(PROVIDERS).join('|')})/`), '');
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

/**
 * One line for the terminal: `gpt-6.1-sol: 1,234 tokens in (1,000 cached), 567 out, 12 s, about $0.0081`, the
 * model as the server named it; a cost only where one is known (LlmAnswer.costUsd).
 */
export function formatUsage(
  answer: Pick<LlmAnswer, 'model' | 'usage' | 'costUsd'>,
  elapsedMs: number,
): string {
  const { inputTokens, outputTokens, cachedInputTokens } = answer.usage;
  const count = (n: number): string => n.toLocaleString('en-US');
  const cached = cachedInputTokens > 0 ? ` (${count(cachedInputTokens)} cached)` : '';
  const cost = answer.costUsd;
  const price = cost === null ? '' : `, about $${cost < 0.1 ? cost.toFixed(4) : cost.toFixed(2)}`;
  return `${forTerminal(answer.model)}: ${count(inputTokens)} tokens in${cached}, ${count(outputTokens)} out, ${formatDuration(elapsedMs)}${price}`;
}
