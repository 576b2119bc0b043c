// Prompt size: the tokens of the request (system + user messages) each catalog entry sends for the example
// project, counted with gpt-tokenizer (o200k_base, the encoding of current OpenAI models).
import { countTokens } from 'gpt-tokenizer';
import { timeProcess } from './timing.js';

/** An answer a user could give to a question that has no default, chosen by what the question asks for. */
function sampleAnswer(question) {
  if (question.default !== null && question.default !== undefined) return question.default;
  if (question.choices?.length) {
    const first = question.choices[0].value ?? question.choices[0];
    return question.type === 'checkbox' ? [first] : first;
  }
  const name = question.name;
  switch (question.type) {
    case 'number':
      return 3;
    case 'confirm':
      return true;
    case 'path':
      return 'orders/views.py';
  }
  if (name === 'app') return 'orders';
  if (name === 'brokerUrl') return 'redis://localhost:6379/0';
  if (/Time$/.test(name)) return '03:00';
  if (name === 'interval') return '30 minutes';
  if (/Path$|^view$/.test(name)) return 'orders.tasks.send_invoice';
  if (/(Task|Name|Output)$/.test(name)) return 'send_invoice';
  return 'Send the invoice of an order';
}

export function answersFor(entry) {
  return Object.fromEntries(entry.questions.map((q) => [q.name, sampleAnswer(q)]));
}

/**
 * Dry-runs every entry with `--json` (two at a time: nothing here is timed) and counts the tokens of the
 * request it would send, largest first.
 */
export async function measurePromptSizes({ entries, project, bin, env, writeAnswers }) {
  const sizes = [];
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const answersFile = writeAnswers(`answers-${entry.id.replace('/', '-')}.json`, answersFor(entry));
      const args = [
        bin,
        entry.section,
        '--prompt',
        entry.id,
        '--answers',
        answersFile,
        '--dry-run',
        '--json',
      ];
      const { stdout } = await timeProcess({ command: process.execPath, args, cwd: project, env });
      const { messages } = JSON.parse(stdout);
      const text = (role) =>
        messages
          .filter((m) => m.role === role)
          .map((m) => m.content)
          .join('\n');
      const system = countTokens(text('system'));
      const user = countTokens(text('user'));
      sizes.push({
        id: entry.id,
        system,
        user,
        total: system + user,
        chars: text('system').length + text('user').length,
      });
    }
  };
  await Promise.all([worker(), worker()]);
  return sizes.sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
}
