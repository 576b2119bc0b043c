// `celery-django models`: the models the configured server offers, the one a run would use marked.
import { chooseSettings, type ModelFlags } from '../../providers/choose.js';

export async function formatModels(flags: ModelFlags, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const settings = chooseSettings(flags, {}, env);
  const { listModels, PROVIDERS } = await import('../../providers/index.js');
  const ids = (await listModels(settings)).sort();
  const server = settings.baseUrl ?? PROVIDERS[settings.provider].defaultBaseUrl;
  if (ids.length === 0) return `${server} offers no model yet.\n`;
  // A local server without a named model uses the one model it offers.
  const used = settings.model ?? (ids.length === 1 ? ids[0] : undefined);
  const lines = ids.map((id) => `  ${id}${id === used ? '  (used by default)' : ''}`);
  return `Models at ${server}:\n${lines.join('\n')}\n`;
}
