// The Yeoman face of one run: each queue method calls the stages of ARCHITECTURE.md in order, and the run's
// state is one typed value (run-state.ts). Every generator is this class bound to a scope (lib/catalog/sections).
import path from 'node:path';
import { collectAnswers, readAnswersFile, toPromptQuestion } from '../lib/answers/index.js';
import { readRemembered, toRemember } from '../lib/answers/index.js';
import { findEntry } from '../lib/catalog/index.js';
import { chooseEntry, offeredBy, requireProjectFor } from '../lib/catalog/menu.js';
import { generatorNamed, type Scope } from '../lib/catalog/sections.js';
import { composeRequest, formatDryRun, formatHidden, recoverSecrets } from '../lib/compose/index.js';
import { createVault, holdsSecret, restoreFor } from '../lib/compose/redact/index.js';
import { askModel, settleModel } from '../lib/generate/index.js';
import { checkAndRepair, repairRequest, strictFailure, wantsRepair } from '../lib/generate/repair.js';
import { checkFiles, prepareLintSoon } from '../lib/lint/on-demand.js';
import { formatPlan, planWrites } from '../lib/plan/index.js';
import { detectProject } from '../lib/project/index.js';
import { summarize } from '../lib/report/index.js';
import { parseRunOptions, questionOptions, RUN_OPTIONS } from '../lib/run-options.js';
import { loadRun } from '../lib/runs/index.js';
import { RunRecorder } from '../lib/runs/recorder.js';
import type { LintReport, LlmRequest, ModelAnswer, WritePlan } from '../lib/types.js';
import { commitWrites, decideWrites, type WriteDecision } from '../lib/write/index.js';
import { ConfigReadingGenerator, type Options } from './config-reading.js';
import type { RunState } from './run-state.js';

export class CeleryDjangoGenerator extends ConfigReadingGenerator {
  private readonly scope: Scope;
  private state = {} as RunState;

  constructor(args: string[], options: Options, scope: Scope) {
    super(args, options, { customInstallTask: true, inheritTasks: true } as never);
    this.scope = scope;
    const flags = { ...RUN_OPTIONS, ...questionOptions(offeredBy(scope), scope.section === null) };
    for (const [name, spec] of Object.entries(flags)) this.option(name, spec as never);
  }

  // 1. Flags, project, what it remembers, and the model, settled before any question (or the record of --apply).
  async initializing(): Promise<void> {
    const names = offeredBy(this.scope).flatMap((entry) => entry.questions.map((q) => q.name));
    const options = parseRunOptions(this.options, names);
    const project = detectProject(this.destinationRoot());
    if (project) this.destinationRoot(project.root);
    const root = project?.root ?? this.destinationRoot();
    const { remembered, ignored } = readRemembered(this.config.getAll(), this.unreadableConfig);
    options.skipCache ||= Boolean(this.unreadableConfig); // a broken file is left as it is
    for (const note of ignored) this.log.info(`.yo-rc.json: ignored: ${note}`);
    const model = options.apply || options.dryRun ? null : await settleModel(options, remembered);
    const secrets = createVault();
    const known: Partial<RunState> = { options, remembered, project, root, model, secrets, warnings: [] };
    this.state = { ...known, done: false } as RunState; // entry, answers and the record come next
    if (options.apply) {
      const record = await loadRun(path.resolve(options.apply));
      this.state.entry = requireProjectFor(findEntry(record.promptId), project, this.destinationRoot());
      this.state.answers = record.answers;
      this.state.recorder = new RunRecorder({ ...record, projectRoot: root });
      // The record holds placeholders only: the values come from the project as it is now.
      Object.assign(
        this.state,
        await recoverSecrets(record.request, this.state.entry, record.answers, project),
      );
    }
  }

  // 2-3. Choose the prompt, then collect its answers. A replayed answer needs neither.
  async prompting(): Promise<void> {
    const { options, project, remembered } = this.state;
    if (options.apply) return;
    const ask = (question: object) => this.prompt<{ id: string }>(question as never);
    const entry = await chooseEntry(this.scope, options, ask);
    this.state.entry = requireProjectFor(entry, project, this.destinationRoot());
    this.state.answers = await collectAnswers(entry.questions, project, {
      ...options, // yes, interactive
      flags: options.questionFlags,
      file: options.answersFile ? readAnswersFile(path.resolve(options.answersFile)) : {},
      remembered: remembered.answers[entry.id] ?? {},
      ask: (questions) => this.prompt(questions.map((q) => toPromptQuestion(q, project)) as never),
    });
  }

  // 4. Compose the request; a dry run prints it and stops here. A live run remembers its answers for next time.
  async configuring(): Promise<void> {
    const { options, entry, answers, project, root, model } = this.state;
    if (options.apply) return;
    const { request, secrets, hidden, answers: redacted } = await composeRequest(entry, answers, project);
    // The record keeps the answers as sent: placeholders, never a secret value.
    const record = { version: 1 as const, promptId: entry.id, projectRoot: root, answers: redacted, request };
    this.state.secrets = secrets;
    this.state.recorder = new RunRecorder(record);
    if (options.dryRun) {
      process.stdout.write(formatDryRun(entry, request, project, options.json, hidden));
      const saved = this.state.recorder.save({ dryRun: true });
      this.log.info(`${formatHidden(hidden)}\nDry run: nothing was sent or written. Record: ${saved}`);
      this.state.done = true;
    } else if (!options.skipCache) {
      const remember = { promptId: entry.id, answers, model, flags: options };
      const secret = (value: string) => holdsSecret(value, secrets);
      this.config.set(toRemember({ ...remember, holdsSecret: secret }, this.state.remembered));
    }
  }

  // 5-7. Ask the model (or take the replayed answer), plan the whole answer, decide each change, commit at once.
  async writing(): Promise<void> {
    const { options, root, recorder } = this.state;
    if (this.state.done) return;
    if (options.lint) prepareLintSoon(root); // ready by the time the model has written
    let answer = recorder.record.answer && this.restore(recorder.record.answer); // --apply
    if (!answer) {
      const { provider, model, usage, raw, sent, ...result } = await this.ask(recorder.record.request!);
      answer = result.answer;
      // Said now, before any question about the files: an abort still leaves the answer at hand for --apply.
      this.log.writeln(`Run record: ${recorder.save({ provider, model, usage, raw, answer: sent })}`);
    }
    const plan = this.plan(answer, 'Plan');
    // --apply --dry-run: the plan of a saved answer, checked, and nothing written.
    if (options.dryRun) this.log.info('Dry run: nothing was written.');
    else this.state.decision = await this.commit(plan);
  }

  // 8-9. Check what was written (the model may repair what the check found), then say what happened and what next.
  async end(): Promise<void> {
    const { options, decision, project, root, recorder } = this.state;
    if (!decision) return;
    const { accepted, kept } = decision;
    const written = new Map(accepted.map((w) => [w.path, w]));
    const created = new Set(accepted.filter((w) => w.action === 'create').map((w) => w.path));
    let report: LintReport | null = null;
    try {
      report = await checkAndRepair(written, {
        check: (paths) => checkFiles(paths, { ...options, root }, (text) => this.log.writeln(text)),
        wants: (found, round) => wantsRepair(options, found, round, (question) => this.prompt(question)),
        repair: async (found) =>
          (await this.commit(this.plan(await this.fixes(found), 'Repair plan'), created)).accepted,
      });
    } finally {
      // The files are on disk whatever happens next: the record and the summary say which.
      recorder.save({ written: [...written.keys()], kept: kept.map((w) => w.path) });
      const notes = recorder.record.answer?.notes ?? '';
      const outcome = { ...decision, written: [...written.values()], notes, project };
      this.log.writeln(summarize({ ...outcome, warnings: this.state.warnings }));
      if (options.apply) this.log.writeln(`Run record: ${recorder.path}`);
    }
    if (options.strict && report) strictFailure(report);
  }

  /** Stage 5. Secrets travel as placeholders (`sent`); what gets written carries the real values again. */
  private async ask(request: LlmRequest) {
    const { recorder } = this.state;
    const keepRaw = (raw: string, error: Error) => recorder.keepUnusable(raw, error);
    const result = await askModel(this.state.model!, request, (line) => this.log.writeln(line), keepRaw);
    const sent = { files: result.files, notes: result.notes };
    return { ...result, sent, answer: this.restore(sent) };
  }

  private restore(answer: ModelAnswer): ModelAnswer {
    const restored = restoreFor(this.state.entry.kind, answer, this.state.secrets);
    this.state.warnings.push(...restored.warnings);
    return restored.answer;
  }

  /** Stage 6: every file of the answer checked before anything is written, then shown. */
  private plan(answer: ModelAnswer, title: string): WritePlan {
    const { root, entry, options } = this.state;
    const plan = planWrites(answer, root, { ...options, kind: entry.kind });
    this.log.writeln([`${title}:`, ...formatPlan(plan).map((line) => `  ${line}`)].join('\n'));
    return plan;
  }

  /** Stage 7: each change decided, then one commit of everything accepted. */
  private async commit(plan: WritePlan, created?: ReadonlySet<string>): Promise<WriteDecision> {
    const { options } = this.state;
    const asking = { adapter: this.env.adapter, ignoreWhitespace: options.whitespace, created };
    const decision = await decideWrites(plan, { ...options, ...asking });
    await commitWrites(this.state.root, decision.accepted);
    return decision;
  }

  /** The model's corrections for what the check found, kept in the run record. */
  private async fixes(report: LintReport): Promise<ModelAnswer> {
    const { options, root, entry, answers, project, recorder } = this.state;
    this.state.model ??= await settleModel(options, this.state.remembered);
    const { repairs = [] } = recorder.record;
    let { request } = recorder.record;
    // A replayed record may hold no request: compose the one this prompt would send.
    if (!request) ({ request, secrets: this.state.secrets } = await composeRequest(entry, answers, project));
    const { answer, model, usage, raw } = await this.ask(
      await repairRequest(root, report, request, this.state.secrets),
    );
    recorder.save({ request, repairs: [...repairs, { model, usage, raw }] });
    return answer;
  }
}

/** The generator class a generators/<name>/index.ts exports. */
export function generatorFor(name: string) {
  const scope = generatorNamed(name);
  return class extends CeleryDjangoGenerator {
    constructor(args: string[], options: Options) {
      super(args, options, scope);
    }
  };
}
