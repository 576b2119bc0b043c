// The Yeoman face of one run. Each queue method calls the stages of DESIGN.md in order and holds no logic of its
// own beyond "flag, else prompt if interactive, else default". Every generator is this class bound to a section.
import fs from 'node:fs';
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { collectAnswers, flagName, readAnswersFile, toPromptQuestion } from '../lib/answers/user-answers.js';
import { entriesOf, findEntry, loadCatalog, SECTIONS } from '../lib/catalog/index.js';
import {
  composeRepair,
  composeRequest,
  formatDryRun,
  formatHidden,
  recoverSecrets,
} from '../lib/compose/index.js';
import { learnEnvSecrets } from '../lib/compose/context.js';
import { isLocalBaseUrl } from '../providers/choose.js';
import { UsageError, UserError } from '../lib/errors.js';
import { formatPlan, planWrites } from '../lib/plan/index.js';
import { detectProject } from '../lib/project/index.js';
import { createVault, holdsSecret, restoreAnswer } from '../lib/compose/redact/index.js';
import { summarize } from '../lib/report/index.js';
import { loadRun, saveRun, type RunRecord } from '../lib/runs/index.js';
import type {
  Answers,
  CatalogEntry,
  LintReport,
  LlmAnswer,
  LlmRequest,
  ModelAnswer,
  PlannedWrite,
  Project,
  SecretMap,
} from '../lib/types.js';
import { commitWrites, decideWrites, type WriteDecision } from '../lib/write/decide.js';
import { callModel, chooseModel, type ModelChoice, type StoredChoice } from '../lib/generate/index.js';
import { questionOptions, RUN_OPTIONS } from './options.js';

export interface Scope {
  /** The section whose prompts this generator offers; null offers the whole catalog. */
  section: string | null;
  /** A generator bound to one prompt (docker = production/docker). */
  prompt?: string;
}

/** The model may repair what the check found at most this many times. */
const REPAIR_ROUNDS = 2;

type Options = BaseOptions & Record<string, unknown>;
type Config = StoredChoice & { answers?: Record<string, Answers> };

export class CeleryDjangoGenerator extends Generator<Config, Options> {
  private readonly scope: Scope;
  private project: Project | null = null;
  private entry!: CatalogEntry;
  private answers: Answers = {};
  private secrets: SecretMap = createVault();
  private record!: RunRecord;
  private recordPath = '';
  private model: ModelChoice | null = null;
  private decision: WriteDecision | null = null;
  private finished = false;

  constructor(args: string[], options: Options, scope: Scope) {
    super(args, options, { customInstallTask: true, inheritTasks: true } as never);
    this.scope = scope;
    const offered = scope.prompt
      ? [findEntry(scope.prompt)]
      : scope.section
        ? entriesOf(scope.section)
        : loadCatalog();
    for (const [name, spec] of Object.entries({
      ...RUN_OPTIONS,
      ...questionOptions(offered, scope.section === null),
    })) {
      this.option(name, spec as never);
    }
  }

  /** Reads a flag whichever way it was parsed: yo and commander camelCase it, some paths keep the dashes. */
  private flag<T = unknown>(name: string): T | undefined {
    const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    return (this.options[camel] ?? this.options[name]) as T | undefined;
  }

  private get interactive(): boolean {
    return this.flag<boolean>('interactive') ?? Boolean(process.stdin.isTTY && process.stdout.isTTY);
  }

  private get lintOn(): boolean {
    return this.flag('lint') !== false;
  }

  private get dryRun(): boolean {
    return Boolean(this.flag('dry-run'));
  }

  // 1. Locate the Django project; settle the provider before any question is asked.
  async initializing(): Promise<void> {
    this.project = detectProject(this.destinationRoot());
    if (this.project) this.destinationRoot(this.project.root);
    const applying = this.flag<string>('apply');
    if (applying) {
      const record = await loadRun(path.resolve(applying));
      this.entry = findEntry(record.promptId);
      this.requireProject();
      this.answers = record.answers;
      this.record = { ...record, createdAt: new Date().toISOString(), projectRoot: this.root };
      return;
    }
    if (!this.dryRun) this.model = chooseModel((name) => this.flag(name), this.config.getAll());
  }

  // 2-3. Choose the prompt, then collect its answers.
  async prompting(): Promise<void> {
    if (this.flag('apply')) return;
    this.entry = await this.chooseEntry();
    this.requireProject();
    const file = this.flag<string>('answers');
    const flags = Object.fromEntries(this.entry.questions.map((q) => [q.name, this.flag(flagName(q.name))]));
    this.answers = await collectAnswers(this.entry.questions, this.project, {
      flags,
      file: file ? readAnswersFile(path.resolve(file)) : {},
      remembered: this.config.get('answers')?.[this.entry.id] ?? {},
      yes: Boolean(this.flag('yes')),
      interactive: this.interactive,
      ask: (questions) => this.prompt(questions.map((q) => toPromptQuestion(q, this.project)) as never),
    });
  }

  // 4. Compose the request; a dry run prints it and stops here.
  async configuring(): Promise<void> {
    if (this.flag('apply')) return;
    const { request, secrets, hidden, answers } = await composeRequest(
      this.entry,
      this.answers,
      this.project,
    );
    this.secrets = secrets;
    this.record = {
      version: 1,
      promptId: this.entry.id,
      createdAt: new Date().toISOString(),
      projectRoot: this.root,
      answers,
      request,
    };
    if (this.dryRun) {
      process.stdout.write(
        formatDryRun(this.entry, this.record.request!, this.project, Boolean(this.flag('json')), hidden),
      );
      this.log.info(formatHidden(hidden));
      this.log.info(
        `Dry run: nothing was sent or written. Record: ${saveRun({ ...this.record, dryRun: true })}`,
      );
      this.finished = true;
      return;
    }
    this.remember();
  }

  // 5-7. Ask the model, check the whole answer, decide each change, then stage the accepted files.
  async writing(): Promise<void> {
    if (this.finished) return;
    if (this.lintOn) {
      // Get the check ready while the model writes (a failure here only means lint loads it later).
      import('../lib/lint/index.js').then(
        ({ prepareLint }) => prepareLint(this.root),
        () => {},
      );
    }
    const answer = this.flag('apply') ? await this.recorded() : await this.generate();
    const plan = planWrites(answer, this.root, { kind: this.entry.kind });
    this.log.writeln(['Plan:', ...formatPlan(plan).map((line) => `  ${line}`)].join('\n'));
    if (this.dryRun) {
      // --apply --dry-run: the plan of a saved answer, checked, and nothing written.
      this.log.info('Dry run: nothing was written.');
      this.finished = true;
      return;
    }
    this.decision = await decideWrites(plan, this.conflictOptions);
    for (const write of this.decision.accepted) {
      const file = path.join(this.root, write.path);
      this.fs.write(file, write.content);
      // Every accepted change was decided above: the commit must not ask again.
      Object.assign(this.fs.store.get(file), { conflicter: write.action === 'create' ? 'create' : 'force' });
    }
  }

  // 8-9. Files are on disk now: check them (and let the model repair what the check found), then tell the user
  // what happened and what to run next.
  async end(): Promise<void> {
    if (this.finished || !this.decision) return;
    const { accepted, kept, identical } = this.decision;
    const written = new Map(accepted.map((w) => [w.path, w]));
    const created = new Set(accepted.filter((w) => w.action === 'create').map((w) => w.path));
    let report: LintReport | null = null;
    try {
      report = await this.check([...written.keys()]);
      for (let round = 1; report && report.findings.length > 0 && round <= REPAIR_ROUNDS; round++) {
        if (!(await this.wantsRepair(report, round))) break;
        const repaired = await this.repair(report, created);
        if (repaired.length === 0) break;
        for (const write of repaired) written.set(write.path, write);
        report = await this.check([...written.keys()]);
      }
    } finally {
      // The files are on disk whatever happens next: the record and the summary say which.
      this.record = { ...this.record, written: [...written.keys()], kept: kept.map((w) => w.path) };
      this.recordPath = saveRun(this.record, this.recordPath || undefined);
      const notes = this.record.answer?.notes ?? '';
      this.log.writeln(
        summarize({ written: [...written.values()], kept, identical, notes, project: this.project }),
      );
      if (this.flag('apply')) this.log.writeln(`Run record: ${this.recordPath}`);
    }
    if (report && report.findings.length > 0 && this.flag('strict')) {
      throw new UserError(
        `The check found ${report.findings.length} problem(s) in the written files (--strict).`,
        'Fix them, or run again with --repair to send them back to the model.',
      );
    }
  }

  private async check(paths: string[]): Promise<LintReport | null> {
    if (!this.lintOn || paths.length === 0) return null;
    const { formatReport, lint } = await import('../lib/lint/index.js');
    const report = await lint(paths, { root: this.root, fix: Boolean(this.flag('fix')) });
    this.log.writeln(formatReport(report));
    return report;
  }

  /** --repair says yes to every round; otherwise a person is asked once. */
  private async wantsRepair(report: LintReport, round: number): Promise<boolean> {
    if (this.flag('repair')) return true;
    if (!this.interactive || round > 1) return false;
    const { repair } = await this.prompt<{ repair: boolean }>({
      type: 'confirm',
      name: 'repair',
      message: `Send the ${report.findings.length} finding(s) back to the model to fix them?`,
      default: false,
    });
    return repair;
  }

  /** One repair round, through the same plan and conflict checks as the first answer. */
  private async repair(report: LintReport, created: ReadonlySet<string>): Promise<PlannedWrite[]> {
    this.model ??= chooseModel((name) => this.flag(name), this.config.getAll());
    if (!this.record.request) {
      // A replayed record may hold no request: compose the one this prompt would send.
      ({ request: this.record.request, secrets: this.secrets } = await composeRequest(
        this.entry,
        this.answers,
        this.project,
      ));
    }
    learnEnvSecrets(this.root, this.secrets);
    const paths = [...new Set(report.findings.map((f) => f.file))];
    const files = paths.map((p) => ({ path: p, content: fs.readFileSync(path.join(this.root, p), 'utf8') }));
    const request = await composeRepair(this.record.request!, files, report.findings, this.secrets);
    const { answer, result } = await this.askModel(request);
    const { model, usage, raw } = result;
    this.record.repairs = [...(this.record.repairs ?? []), { model, usage, raw }];
    const plan = planWrites(answer, this.root, { kind: this.entry.kind });
    this.log.writeln(['Repair plan:', ...formatPlan(plan).map((line) => `  ${line}`)].join('\n'));
    const decision = await decideWrites(plan, { ...this.conflictOptions, created });
    commitWrites(this.root, decision.accepted);
    return decision.accepted;
  }

  private get conflictOptions() {
    return {
      adapter: this.env.adapter,
      force: Boolean(this.flag('force')),
      bail: Boolean(this.flag('bail')),
      ignoreWhitespace: Boolean(this.flag('whitespace')),
      interactive: this.interactive,
    };
  }

  /** Code prompts write into a Django project; only guides make sense without one. */
  private requireProject(): void {
    if (this.entry.kind === 'code' && !this.project) {
      throw new UserError(
        `No Django project found from ${this.destinationRoot()} (no manage.py here, above, or in src/).`,
        'Run this inside your Django project, or choose a guide prompt such as debug/not-running.',
      );
    }
  }

  private get root(): string {
    return this.project?.root ?? this.destinationRoot();
  }

  private async generate(): Promise<ModelAnswer> {
    const { answer, sent, result } = await this.askModel(this.record.request!);
    const { provider, model, usage, raw } = result;
    // The record keeps the answer as the model wrote it, placeholders and all: no secret value on disk.
    this.record = { ...this.record, provider, model, usage, raw, answer: sent };
    this.recordPath = saveRun(this.record);
    // Said now, before any question about the files: an abort still leaves the answer at hand for --apply.
    this.log.writeln(`Run record: ${this.recordPath}`);
    return answer;
  }

  /** Calls the model; secrets travel as placeholders, and what gets written carries the real values again. */
  private async askModel(
    request: LlmRequest,
  ): Promise<{ answer: ModelAnswer; sent: ModelAnswer; result: LlmAnswer }> {
    const result = await callModel(
      this.model!,
      request,
      (line) => this.log.writeln(line),
      (raw, error) => `The answer was saved to ${saveRun({ ...this.record, raw, error: error.message })}.`,
    );
    const sent = { files: result.files, notes: result.notes };
    return { answer: this.restore(sent, []), sent, result };
  }

  /** Code gets the real values back, each only into its own file; a guide is a document people share, so it
   *  keeps the placeholders. */
  private restore(answer: ModelAnswer, warnings: string[]): ModelAnswer {
    if (this.entry.kind !== 'code') return answer;
    const restored = restoreAnswer(answer, this.secrets);
    for (const warning of [...warnings, ...restored.warnings]) this.log.info(warning);
    return restored.answer;
  }

  /** --apply: the record holds placeholders only; the values come from the project as it is now. */
  private async recorded(): Promise<ModelAnswer> {
    const { secrets, warnings } = await recoverSecrets(
      this.record.request,
      this.entry,
      this.answers,
      this.project,
    );
    this.secrets = secrets;
    return this.restore(this.record.answer!, warnings);
  }

  private async chooseEntry(): Promise<CatalogEntry> {
    const chosen = this.flag<string>('prompt') ?? this.scope.prompt;
    const { section } = this.scope;
    if (chosen) {
      const entry = findEntry(chosen);
      if (section && entry.section !== section) {
        throw new UsageError(
          `${chosen} is not a ${section} prompt.`,
          `Run it with the ${entry.section} generator.`,
        );
      }
      return entry;
    }
    const offered = section ? entriesOf(section) : loadCatalog();
    if (offered.length === 1) return offered[0]!;
    if (!this.interactive) {
      throw new UsageError(
        'Which prompt? There is no terminal to ask.',
        `Pass --prompt with one of: ${offered.map((e) => e.id).join(', ')}.`,
      );
    }
    const { prompt } = await this.prompt<{ prompt: string }>({
      type: 'select',
      name: 'prompt',
      message: 'Which prompt?',
      choices: SECTIONS.filter((s) => !section || s.name === section).flatMap((s) => [
        ...(section ? [] : [{ type: 'separator', separator: `── ${s.label}` }]),
        ...entriesOf(s.name).map((e) => ({ name: `${e.title}: ${e.summary}`, value: e.id })),
      ]) as never,
    });
    return findEntry(prompt);
  }

  /** Remembers the answers (except any holding a secret) and the provider choice for the next run. */
  private remember(): void {
    if (this.flag('skip-cache')) return;
    const safe = Object.fromEntries(
      Object.entries(this.answers).filter(([, value]) => !holdsSecret(String(value), this.secrets)),
    );
    const stored = this.config.get('answers') ?? {};
    this.config.set('answers', { ...stored, [this.entry.id]: safe });
    if (!this.model) return;
    this.config.set('provider', this.model.provider);
    if (this.flag('model')) this.config.set('model', this.model.model);
    // Only a local server is remembered: a stored URL never receives a key (see chooseModel).
    if (this.flag('base-url') && this.model.baseUrl && isLocalBaseUrl(this.model.baseUrl)) {
      this.config.set('baseUrl', this.model.baseUrl);
    }
  }
}

/** A generator class for one section (or the whole catalog), as each generators/<name>/index.ts exports. */
export function generatorFor(scope: Scope) {
  return class extends CeleryDjangoGenerator {
    constructor(args: string[], options: Options) {
      super(args, options, scope);
    }
  };
}
