// Collects what a reader finds into a TrainingPlan with provenance: every value becomes a
// Traced and a Field, every doubt a Problem. Readers say what the file says; the builder
// applies the precedence of docs/design.md#data-flow (file > directive > settings > built-in default) and
// checks that the architecture can be counted.

import {
  validateArchitecture,
  type Architecture,
  type MlaSpec,
  type MlpKind,
  type SlidingWindow,
  type MoeSpec,
  type NormKind,
  type PositionKind,
  type QkNormKind,
} from '../../core/architecture';
import { DEFAULT_GPU_COUNT, findAccelerator } from '../../core/hardware';
import type { Origin, Precision, SourceRange, Traced, TrainingPlan } from '../../core/plan';
import { formatInteger } from '../../core/units';
import type { Field, FieldRole, FormatId, HardwareHints, Problem, ProblemCode, ProblemFix, ReadContext, ReadResult } from '../types';
import { readDirectives, type Directive } from './directive';
import { applyRunHints } from './applyRun';
import type { RunHintKey, RunHints } from './runHints';
import type { ParallelDegrees, RunKind, RunSetup } from '../../core/runSetup';
import type { ModelResolution } from '../resolve/modelResolver';
import type { FileResolution } from '../resolve/referencedFiles';
import { DEFAULT_MAX } from './numbers';
import { formatExponent } from '../../format/index';

/** GPU count assumed when a token count depends on the world size and nothing states it. */
export const ASSUMED_GPU_COUNT = DEFAULT_GPU_COUNT;
/** Past this many GPUs per data-parallel rank an assumed world is not stretched to fit (the degrees are then reported). */
const MAX_ASSUMED_MULTIPLE = 1_000_000;

type Scalar = number | string | boolean | null;

/** One traced value per Architecture field; the reader fills what the file (or its defaults) say. */
export interface ArchParts {
  layers?: Traced<number>;
  dModel?: Traced<number>;
  heads?: Traced<number>;
  kvHeads?: Traced<number>;
  headDim?: Traced<number>;
  ffn?: Traced<number>;
  mlp?: Traced<MlpKind>;
  vocab?: Traced<number>;
  seqLen?: Traced<number>;
  positions?: Traced<PositionKind>;
  maxPositions?: Traced<number>;
  norm?: Traced<NormKind>;
  linearBias?: Traced<boolean>;
  qkvBias?: Traced<boolean>;
  qkNorm?: Traced<QkNormKind>;
  tiedEmbeddings?: Traced<boolean>;
  moe?: Traced<MoeSpec>;
  outBias?: Traced<boolean>;
  mlpBias?: Traced<boolean>;
  blockNorms?: Traced<number>;
  finalNorm?: Traced<boolean>;
  embeddingNorm?: Traced<boolean>;
  lmHeadBias?: Traced<boolean>;
  embedDim?: Traced<number>;
  attentionSinks?: Traced<boolean>;
  mla?: Traced<MlaSpec>;
  slidingWindow?: Traced<SlidingWindow>;
  valueEmbeddings?: Traced<{ layers: number; gateInputs: number }>;
  extraParams?: Traced<number>;
}

const REQUIRED: ReadonlyArray<keyof ArchParts> = ['layers', 'dModel', 'heads', 'ffn', 'vocab', 'seqLen'];

export class PlanBuilder {
  readonly fields: Field[] = [];
  readonly problems: Problem[] = [];
  readonly directive: Directive;

  constructor(
    readonly format: FormatId,
    readonly formatName: string,
    text: string,
    private readonly ctx: ReadContext,
    /** Formats with `#` comments read `# scaling-lens:` directives. */
    hashComments = true,
  ) {
    if (hashComments) {
      const { directive, problems } = readDirectives(text);
      this.directive = directive;
      this.addProblems(problems);
    } else {
      this.directive = {};
    }
  }

  private readonly unresolved: Array<{ id: string; range: SourceRange | null }> = [];

  /** What the host found for a model the file names (ReadContext.models), if it looked. */
  modelResolution(id: string): ModelResolution | undefined {
    return this.ctx.models?.get(id.trim());
  }

  private readonly unresolvedFiles: Array<{ path: string; range: SourceRange | null }> = [];

  /** What the host read for a file the config points at (ReadContext.files), if it looked. */
  fileResolution(path: string): FileResolution | undefined {
    return this.ctx.files?.get(path.trim());
  }

  /** A referenced file the host has not read yet: listed in ReadResult.unresolvedFiles. */
  noteUnresolvedFile(path: string, range: SourceRange | null): void {
    const key = path.trim();
    if (!this.unresolvedFiles.some((u) => u.path === key)) this.unresolvedFiles.push({ path: key, range });
  }

  /** A model neither the table nor the host knows: listed in ReadResult.unresolvedModels for the host to look up. */
  noteUnresolvedModel(id: string, range: SourceRange | null): void {
    const key = id.trim();
    if (!this.unresolved.some((u) => u.id === key)) this.unresolved.push({ id: key, range });
  }

  /** Appends without spreading: a hostile file can carry hundreds of thousands of problems. */
  addProblems(problems: readonly Problem[]): void {
    for (const p of problems) this.problems.push(p);
  }

  private record<T extends Scalar>(t: Traced<T>, key: string, role: FieldRole): Traced<T> {
    // A field shows a file's value; a non-finite one (`1e999`) is shown as unknown, never Infinity.
    const value = typeof t.value === 'number' && !Number.isFinite(t.value) ? null : t.value;
    this.fields.push({
      key,
      value,
      range: t.range ?? null,
      origin: t.origin,
      role,
      ...(t.note ? { note: t.note } : {}),
      ...(t.inherited ? { inherited: true } : {}),
    });
    return t;
  }

  /**
   * The last line of defence of "no negative or non-finite number comes out": a plan value
   * that a reader let through is reported at its range and becomes unknown.
   */
  private sane(name: string, t: Traced<number> | null | undefined, rule: 'positive' | 'non-negative' | 'fraction' | 'count'): Traced<number> | null {
    if (!t) return null;
    const v = t.value;
    const ok =
      Number.isFinite(v) &&
      (rule === 'positive' ? v > 0 : rule === 'fraction' ? v > 0 && v <= 1 : rule === 'count' ? Number.isInteger(v) && v >= 1 && v <= DEFAULT_MAX : v >= 0);
    if (ok) return t;
    const want =
      rule === 'positive'
        ? 'a finite number greater than 0'
        : rule === 'fraction'
          ? 'a finite number in (0, 1]'
          : rule === 'count'
            ? `a whole number from 1 to ${formatExponent(DEFAULT_MAX, 0)}`
            : 'a finite number, at least 0';
    this.invalid(t.source, `${name} must be ${want}, got ${String(v)}`, t.range ?? null);
    return null;
  }

  /**
   * The run setup's counts (micro-batch, accumulation, parallel degrees) must be whole numbers
   * from 1 to 1e15 whatever the reader computed them from (`rank_microbatch_size=-1 * seq` once
   * gave -1; MaxText's `ici_tensor_parallelism: 1e308` made the step time infinite): one rule
   * here, not a check per reader. A bad one is reported on its line and dropped.
   */
  private saneSetup(setup: RunSetup | undefined): SetupWithHoles | undefined {
    if (!setup) return undefined;
    const count = (name: string, t: Traced<number> | undefined) => this.sane(name, t, 'count') ?? undefined;
    const p = setup.parallel;
    return {
      ...setup,
      microBatch: count('micro-batch', setup.microBatch),
      gradAccum: count('gradient accumulation', setup.gradAccum),
      ...(p
        ? {
            parallel: {
              ...p,
              dp: count('data-parallel size', p.dp),
              shardGroup: count('sharding group size', p.shardGroup),
              tp: count('tensor-parallel size', p.tp),
              pp: count('pipeline-parallel size', p.pp),
              vp: count('virtual pipeline stages', p.vp),
              cp: count('context-parallel size', p.cp),
              ep: count('expert-parallel size', p.ep),
            },
          }
        : {}),
    };
  }

  /** A value written in the file. */
  stated<T extends Scalar>(key: string, value: T, range: SourceRange | null, role: FieldRole, note?: string): Traced<T> {
    return this.record({ value, origin: 'stated', source: key, ...(range ? { range } : {}), ...(note ? { note } : {}) }, key, role);
  }

  /**
   * Computed from other values; `formula` says how ("train_iters × batch × seq"). Pass
   * origin 'assumed' (or 'default') when an input was one: the value is then shown as such.
   */
  derived<T extends Scalar>(key: string, value: T, role: FieldRole, formula: string, range?: SourceRange | null, origin: Origin = 'derived'): Traced<T> {
    return this.record(
      { value, origin, source: formula, note: formula, ...(range ? { range } : {}), ...(origin !== 'derived' ? { inherited: true } : {}) },
      key,
      role,
    );
  }

  /** The framework's default for a key the file leaves out. */
  frameworkDefault<T extends Scalar>(key: string, value: T, role: FieldRole, note: string): Traced<T> {
    return this.record({ value, origin: 'default', source: `${this.formatName} default`, note }, key, role);
  }

  /** The framework's default for a run-setup key the file leaves out, without a field: `note` cites the framework's code. */
  setupDefault<T>(value: T, note: string): Traced<T> {
    return { value, origin: 'default', source: `${this.formatName} default`, note };
  }

  /** Not knowable from the file: a guess the user should confirm. */
  assumed<T extends Scalar>(key: string, value: T, role: FieldRole, source: string, note: string): Traced<T> {
    return this.record({ value, origin: 'assumed', source, note }, key, role);
  }

  /** Traced without a field (for values that are not a single key, such as an MoE spec). */
  trace<T>(value: T, origin: Origin, source: string, range?: SourceRange | null, note?: string): Traced<T> {
    return { value, origin, source, ...(range ? { range } : {}), ...(note ? { note } : {}) };
  }

  problem(severity: Problem['severity'], code: ProblemCode, message: string, range: SourceRange | null = null, fix?: ProblemFix): void {
    this.problems.push({ severity, code, message, range, ...(fix ? { fix } : {}) });
  }

  /** An impossible or unreadable value at its place. */
  invalid(key: string, message: string, range: SourceRange | null): void {
    this.problem('error', 'invalid-value', `${key}: ${message}`, range);
  }

  /**
   * A hardware hint with precedence: CLI override > in-file > directive > settings. Returns
   * null when nobody says; the caller decides whether to assume.
   */
  private hint<T extends string | number>(
    name: keyof HardwareHints,
    directiveKey: keyof Directive,
    inFile: Traced<T> | null | undefined,
    role: FieldRole,
  ): Traced<T> | null {
    const override = this.ctx.overrides?.[name] as T | undefined;
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (override !== undefined) return this.record(this.trace(override, 'stated', `${flag} flag`, null, `given with ${flag}`), name, role);
    if (inFile) return inFile;
    const d = this.directive[directiveKey] as { value: T; range: SourceRange; text: string } | undefined;
    if (d) return this.record(this.trace(d.value, 'assumed', `directive ${d.text}`, d.range, `from the directive comment \`${d.text}\``), name, role);
    const setting = this.ctx.defaults?.[name] as T | undefined;
    if (setting !== undefined) return this.record(this.trace(setting, 'assumed', `setting ${name}`, null, `from the ${name} setting`), name, role);
    return null;
  }

  gpuCount(inFile?: Traced<number> | null): Traced<number> | null {
    return this.hint('gpus', 'gpus', inFile, 'hardware');
  }

  /**
   * The world size when tokens depend on it: stated/directive/setting, else assumed, with a
   * diagnostic offering the directive that states it. `multipleOf`: the GPUs one data-parallel
   * rank takes (tensor × pipeline × context degrees the file states); the assumption is the
   * smallest multiple of it from one 8-GPU node up, so an assumed world never contradicts the file.
   */
  requireGpuCount(why: string, inFile?: Traced<number> | null, multipleOf = 1): Traced<number> {
    const known = this.gpuCount(inFile);
    if (known) return known;
    const step = Number.isSafeInteger(multipleOf) && multipleOf >= 1 && multipleOf <= MAX_ASSUMED_MULTIPLE ? multipleOf : 1;
    const assumed = Math.ceil(ASSUMED_GPU_COUNT / step) * step;
    const fewest = `the fewest the stated degrees fit, ${step} per data-parallel rank`;
    const what = assumed === ASSUMED_GPU_COUNT ? `one ${ASSUMED_GPU_COUNT}-GPU node` : `${assumed} GPUs (${fewest})`;
    this.problem(
      'warning',
      'assumed-gpu-count',
      `${why} The GPU count is not in the file: ${assumed} is assumed${assumed === ASSUMED_GPU_COUNT ? '' : `, ${fewest}`}. Add \`# scaling-lens: gpus=N\` to state it.`,
      null,
      this.directiveFix('gpus', `gpus=${assumed}`),
    );
    return this.record(
      this.trace(assumed, 'assumed', 'built-in assumption', null, `not in the file: ${what} assumed (${why.replace(/\.$/, '')})`),
      'gpus',
      'hardware',
    );
  }

  gpu(inFile?: Traced<string> | null): Traced<string> | null {
    const t = this.hint('gpu', 'gpu', inFile, 'hardware');
    if (t && !findAccelerator(t.value)) {
      this.problem('warning', 'unknown-gpu', `Unknown GPU "${t.value}"; run \`scaling-lens gpus\` for the catalog`, t.range ?? null);
      return null;
    }
    return t;
  }

  mfu(inFile?: Traced<number> | null): Traced<number> | null {
    return this.hint('mfu', 'mfu', inFile, 'hardware');
  }

  tokensPerSec(inFile?: Traced<number> | null): Traced<number> | null {
    return this.hint('tokensPerSec', 'tokensPerSec', inFile, 'hardware');
  }

  clusterEfficiency(): Traced<number> | null {
    return this.hint('clusterEfficiency', 'clusterEfficiency', null, 'hardware');
  }

  price(inFile?: Traced<number> | null): Traced<number> | null {
    return this.hint('price', 'price', inFile, 'hardware');
  }

  uniqueTokens(inFile?: Traced<number> | null): Traced<number> | null {
    return this.hint('uniqueTokens', 'uniqueTokens', inFile, 'data');
  }

  /** A vocabulary size from the directive (or settings/flags), when the file cannot know it (nanoGPT meta.pkl). */
  vocabHint(): Traced<number> | null {
    return this.hint('vocab', 'vocab', null, 'architecture');
  }

  /** A quick fix that adds `key=value` to the file's directive comment. */
  directiveFix(key: string, entry: string): ProblemFix | undefined {
    if (this.directive.line === undefined && !this.hashComments()) return undefined;
    return { kind: 'add-directive', text: entry, title: `Add \`# scaling-lens: ${entry}\`` };
  }

  private hashComments(): boolean {
    return this.format !== 'hf-config' && this.format !== 'deepspeed';
  }

  /**
   * Assembles and checks the architecture. Missing required parts give one
   * `missing-architecture` problem naming them (what to add); impossible values give errors at
   * their own ranges. Returns null unless the architecture can be counted.
   */
  architecture(parts: ArchParts, missingHint?: string): Traced<Architecture> | null {
    const missing = REQUIRED.filter((k) => parts[k] === undefined);
    if (missing.length > 0) {
      this.problem(
        'warning',
        'missing-architecture',
        `Cannot count parameters: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not known.${missingHint ? ` ${missingHint}` : ''}`,
      );
      return null;
    }
    const heads = parts.heads!.value;
    const dModel = parts.dModel!.value;
    const arch: Architecture = {
      layers: parts.layers!.value,
      dModel,
      heads,
      kvHeads: parts.kvHeads?.value ?? heads,
      headDim: parts.headDim?.value ?? (heads > 0 ? dModel / heads : NaN),
      ffn: parts.ffn!.value,
      mlp: parts.mlp?.value ?? 'mlp',
      vocab: parts.vocab!.value,
      seqLen: parts.seqLen!.value,
      positions: parts.positions?.value ?? 'rotary',
      ...(parts.maxPositions ? { maxPositions: parts.maxPositions.value } : {}),
      norm: parts.norm?.value ?? 'layernorm',
      linearBias: parts.linearBias?.value ?? false,
      ...(parts.qkvBias ? { qkvBias: parts.qkvBias.value } : {}),
      ...(parts.qkNorm ? { qkNorm: parts.qkNorm.value } : {}),
      tiedEmbeddings: parts.tiedEmbeddings?.value ?? false,
      ...(parts.moe ? { moe: parts.moe.value } : {}),
      // Layout details beyond the common decoder (HF families in hfArchitecture.ts); absent = the common default.
      ...(parts.outBias ? { outBias: parts.outBias.value } : {}),
      ...(parts.mlpBias ? { mlpBias: parts.mlpBias.value } : {}),
      ...(parts.blockNorms ? { blockNorms: parts.blockNorms.value } : {}),
      ...(parts.finalNorm ? { finalNorm: parts.finalNorm.value } : {}),
      ...(parts.embeddingNorm ? { embeddingNorm: parts.embeddingNorm.value } : {}),
      ...(parts.lmHeadBias ? { lmHeadBias: parts.lmHeadBias.value } : {}),
      ...(parts.embedDim ? { embedDim: parts.embedDim.value } : {}),
      ...(parts.attentionSinks ? { attentionSinks: parts.attentionSinks.value } : {}),
      ...(parts.mla ? { mla: parts.mla.value } : {}),
      ...(parts.slidingWindow ? { slidingWindow: parts.slidingWindow.value } : {}),
      ...(parts.valueEmbeddings ? { valueEmbeddings: parts.valueEmbeddings.value } : {}),
      ...(parts.extraParams ? { extraParams: parts.extraParams.value } : {}),
    };
    const problems = validateArchitecture(arch);
    for (const p of problems) {
      const base = p.field.startsWith('moe.') ? 'moe' : p.field.startsWith('mla.') ? 'mla' : p.field;
      const part = parts[base as keyof ArchParts] ?? (p.field === 'headDim' ? (parts.heads ?? parts.dModel) : undefined);
      const message = p.field === 'headDim' && !parts.headDim ? `hidden size ${formatInteger(dModel)} is not divisible by ${heads} heads` : p.message;
      this.invalid(part?.source ?? p.field, message, part?.range ?? null);
    }
    if (problems.length > 0) return null;
    const all = Object.values(parts).filter((t): t is Traced<unknown> => t !== undefined);
    const origin: Origin = all.some((t) => t.origin === 'assumed') ? 'assumed' : all.every((t) => t.origin === 'stated') ? 'stated' : 'derived';
    return { value: arch, origin, source: this.formatName };
  }

  /** The plan, with hardware the reader did not resolve taken from the directive, flags and settings. */
  finish(plan: Partial<TrainingPlan> & Pick<TrainingPlan, 'architecture' | 'tokens'>): ReadResult {
    const t = plan.tokens;
    const tokens =
      t.value === null || (Number.isFinite(t.value) && t.value >= 0)
        ? t
        : { ...t, value: null, note: `the tokens come out as ${String(t.value)}: check the duration and batch values` };
    const full: TrainingPlan = {
      architecture: plan.architecture,
      tokens,
      ...(plan.tokensBound ? { tokensBound: plan.tokensBound } : {}),
      batchTokens: this.sane('tokens per step', plan.batchTokens, 'positive'),
      steps: this.sane('steps', plan.steps, 'non-negative'),
      seqLen: this.sane('sequence length', plan.seqLen, 'positive'),
      uniqueTokens: this.sane('unique tokens', plan.uniqueTokens !== undefined ? plan.uniqueTokens : this.uniqueTokens(), 'positive'),
      gpu: plan.gpu !== undefined ? plan.gpu : this.gpu(),
      gpuCount: this.sane('GPU count', plan.gpuCount !== undefined ? plan.gpuCount : this.gpuCount(), 'positive'),
      mfu: this.sane('MFU', plan.mfu !== undefined ? plan.mfu : this.mfu(), 'fraction'),
      ...tokensPerSecOf(
        this.sane('tokens per second per GPU', plan.tokensPerSecPerGpu !== undefined ? plan.tokensPerSecPerGpu : this.tokensPerSec(), 'positive'),
      ),
      pricePerGpuHour: this.sane('price per GPU-hour', plan.pricePerGpuHour !== undefined ? plan.pricePerGpuHour : this.price(), 'non-negative'),
      ...clusterEfficiencyOf(this.sane('cluster efficiency', this.clusterEfficiency(), 'fraction')),
      precision: plan.precision ?? null,
      learningRate: this.sane('learning rate', plan.learningRate, 'positive'),
      ...compactSetup(this.saneSetup(plan.setup), plan.kind),
    };
    const ignored = this.directive.ignore?.value;
    const { plan: withDirective, fields } = this.withDirectiveRun(full);
    return {
      format: this.format,
      formatName: this.formatName,
      plan: withDirective,
      fields,
      problems: this.problems,
      ...(ignored ? { ignoredWarnings: ignored } : {}),
      ...(this.unresolved.length ? { unresolvedModels: [...this.unresolved] } : {}),
      ...(this.unresolvedFiles.length ? { unresolvedFiles: [...this.unresolvedFiles] } : {}),
    };
  }

  /**
   * Run keys from settings (scalingLens.interNodeGbps), then from `# scaling-lens: tp=8
   * micro-batch=2`: each supplies what the file leaves out or to a default, and the directive,
   * applied second, wins over the setting.
   */
  private withDirectiveRun(plan: TrainingPlan): { plan: TrainingPlan; fields: Field[] } {
    let out = { plan, fields: this.fields };
    const settings = this.ctx.defaults?.run;
    if (settings)
      out = applyRunHints(out.plan, out.fields, settings, {
        origin: 'assumed',
        overrides: false,
        source: (k: RunHintKey) => `setting scalingLens.${k}`,
      });
    const run = this.directive.run;
    if (!run) return out;
    const hints = Object.fromEntries(Object.entries(run).map(([k, v]) => [k, v.value])) as RunHints;
    return applyRunHints(out.plan, out.fields, hints, {
      origin: 'assumed',
      overrides: false,
      source: (k: RunHintKey) => `directive ${run[k]?.text ?? k}`,
      range: (k: RunHintKey) => run[k]?.range,
    });
  }
}

/** `T` with holes: a count the sanity check dropped is undefined until `compactSetup` removes it. */
type WithHoles<T> = { readonly [K in keyof T]?: T[K] | undefined };
/** `T` with only the fields that have a value. */
type Compact<T> = { readonly [K in keyof T]?: Exclude<T[K], undefined> };
type SetupWithHoles = WithHoles<Omit<RunSetup, 'parallel'>> & { readonly parallel?: WithHoles<ParallelDegrees> | undefined };

/** The setup and kind without absent values; nothing at all when the reader found none. */
export function compactSetup(setup: SetupWithHoles | undefined, kind: RunKind | undefined): { setup?: RunSetup; kind?: RunKind } {
  const clean = <T extends object>(o: T | undefined): Compact<T> | undefined => {
    if (!o) return undefined;
    const kept = Object.entries(o).filter(([, v]) => v !== undefined && v !== null);
    return kept.length ? (Object.fromEntries(kept) as Compact<T>) : undefined;
  };
  const parallel = clean(setup?.parallel);
  const s = clean({ ...setup, parallel });
  const k = clean(kind);
  return { ...(s ? { setup: s } : {}), ...(k ? { kind: k } : {}) };
}

const tokensPerSecOf = (t: Traced<number> | null): { tokensPerSecPerGpu?: Traced<number> } => (t ? { tokensPerSecPerGpu: t } : {});
const clusterEfficiencyOf = (t: Traced<number> | null): { clusterEfficiency?: Traced<number> } => (t ? { clusterEfficiency: t } : {});

/** `bf16-mixed`, `amp_bf16`, `bfloat16`, `fp16`, `float32` … → one Precision, or null. */
export function parsePrecision(s: string): Precision | null {
  const t = s.toLowerCase();
  if (/fp8|float8|e4m3|hybrid/.test(t)) return 'fp8';
  if (/bf16|bfloat16/.test(t)) return 'bf16';
  if (/fp16|float16|half|16-mixed|amp_fp16/.test(t)) return 'fp16';
  if (/tf32/.test(t)) return 'tf32';
  if (/fp32|float32|32-true|^32$|full/.test(t)) return 'fp32';
  return null;
}
