// The sections of the prompt library, declared once: the catalog's folders, the menu's groups, the generators
// (`yo celery-django:<name>`, `celery-django <name>`) and their descriptions all come from this list.

export interface Section {
  name: string;
  label: string;
  /** What its generator offers, for `--help`. */
  description: string;
}

/** The sections in the order of the prompt library. */
export const SECTIONS: readonly Section[] = [
  {
    name: 'task',
    label: 'Task generation',
    description: 'retries, idempotency, progress, long-running tasks',
  },
  {
    name: 'config',
    label: 'Configuration',
    description: 'initial setup, routing, beat schedule, production settings',
  },
  {
    name: 'errors',
    label: 'Error handling',
    description: 'retry strategy, dead letter queue, circuit breaker',
  },
  { name: 'tests', label: 'Testing', description: 'unit, integration, view tests' },
  { name: 'workflow', label: 'Workflows', description: 'chain, group, chord, fan-out' },
  {
    name: 'debug',
    label: 'Debugging',
    description: 'guides for a task not running, stuck tasks, memory leaks',
  },
  { name: 'performance', label: 'Performance', description: 'optimize a task, scaling, rate limiting' },
  {
    name: 'production',
    label: 'Production',
    description: 'deploy checklist, Docker, monitoring, incident runbook',
  },
  { name: 'custom', label: 'Custom prompt', description: 'your own request in the template structure' },
];

/** What one generator offers: a section, the whole catalog (section null), or one prompt. */
export interface Scope {
  name: string;
  description: string;
  section: string | null;
  prompt?: string;
}

/** Every generator: the menu of all prompts (the default), one per section, and docker for one prompt. */
export const GENERATORS: readonly Scope[] = [
  { name: 'app', description: 'Menu of every prompt, grouped by section (the default)', section: null },
  ...SECTIONS.map(({ name, label, description }) => ({
    name,
    description: `${label}: ${description}`,
    section: name,
  })),
  {
    name: 'docker',
    description: 'Production Docker setup (production/docker)',
    section: 'production',
    prompt: 'production/docker',
  },
];

export function generatorNamed(name: string): Scope {
  const scope = GENERATORS.find((generator) => generator.name === name);
  if (!scope) throw new Error(`No generator is declared for "${name}" in catalog/sections.ts.`);
  return scope;
}
