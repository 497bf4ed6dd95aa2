// Unsloth fine-tuning scripts (docs/configs.md#unsloth): `FastLanguageModel.from_pretrained(
// model_name=…, max_seq_length=…, load_in_4bit=…)`, `FastLanguageModel.get_peft_model(model,
// r=…, target_modules=[…], lora_alpha=…, use_gradient_checkpointing=…)` and a TRL
// `SFTTrainer(…, args=SFTConfig(…) | TrainingArguments(…))`. The calls may sit at module level,
// under `if __name__ == "__main__":` or in a function; nothing is run. Keyword values are read
// when they are literals or names assigned once to a literal; anything else is unknown.
//
// Defaults: unslothai/unsloth@015bdef0d94a241bcd94eec7a405b1700632180d
// unsloth/models/loader.py FastLanguageModel.from_pretrained (max_seq_length 2048, dtype None,
// load_in_4bit True), unsloth/models/llama.py FastLlamaModel.get_peft_model (r 16, target_modules
// q/k/v/o/gate/up/down_proj, lora_alpha 16, use_gradient_checkpointing "unsloth"),
// unsloth/models/rl.py (the patched trainer takes the model's max_seq_length when its arguments
// give none); transformers TrainingArguments (per_device_train_batch_size 8,
// gradient_accumulation_steps 1, num_train_epochs 3.0, max_steps -1, learning_rate 5e-5).

import type { Precision, SourceRange, Traced } from '../../core/plan';
import type { Adapter, Checkpointing, FineTuneMethod } from '../../core/runSetup';
import { PlanBuilder, type ArchParts } from '../shared/builder';
import { canonicalTargets, optimizerKind, savedModules, withRun, directiveTokens, type RunRead } from '../shared/fineTune';
import { findHfModel, HF_MODELS } from '../registry/hf';
import { hfModelParts } from '../shared/hfArchitecture';
import { LineIndex } from '../shared/lines';
import { parseNumber } from '../shared/pythonValues';
import { parsePython, type Expr, type Keyword, type Stmt } from '../shared/pythonSyntax';
import type { ReadContext, ReadResult, Reader } from '../types';

const NAME = 'Unsloth';
const UNSLOTH = 'Unsloth default (unsloth/models/loader.py, unsloth/models/llama.py)';
const TA = 'transformers TrainingArguments default';
const MODEL_CLASSES = new Set(['FastLanguageModel', 'FastModel', 'FastVisionModel', 'FastTextModel']);
const MAX_NAME_DEPTH = 8;

type Val = number | string | boolean | null | string[];
type Evaluated = { ok: true; value: Val } | { ok: false; reason: string };

interface Arg {
  readonly key: string;
  readonly result: Evaluated;
  /** `key = value` */
  readonly range: SourceRange;
  readonly valueRange: SourceRange;
}

interface Call {
  readonly kind: 'load' | 'peft' | 'args' | 'trainer';
  readonly expr: Expr & { k: 'call' };
  readonly name: string;
}

export const unslothReader: Reader = {
  id: 'unsloth',
  name: NAME,
  detect(text, fileName) {
    if (!/\.py$/i.test(fileName) && /\.[A-Za-z0-9]+$/.test(fileName)) return 0;
    if (!/^[ \t]*(from[ \t]+unsloth[ \t]+import|import[ \t]+unsloth\b)/m.test(text)) return 0;
    // A training script loads a model and trains it; Unsloth's own modules import it without both.
    const load = /\b(FastLanguageModel|FastModel)\s*\.\s*from_pretrained\s*\(/.test(text);
    const train = /\bget_peft_model\s*\(|\bSFTConfig\s*\(|\bTrainingArguments\s*\(|\bSFTTrainer\s*\(/.test(text);
    return load && train ? 0.96 : load ? 0.6 : 0;
  },
  read(text, fileName, ctx: ReadContext = {}): ReadResult {
    const b = new PlanBuilder('unsloth', NAME, text, ctx, true);
    const lines = new LineIndex(text);
    const syntax = parsePython(text);
    for (const e of syntax.errors) b.problem('error', 'parse-error', `Python syntax: ${e.reason}`, lines.range(e.start, e.end));
    const names = new Map<string, Expr[]>();
    const calls: Call[] = [];
    walk(syntax.body, names, calls);
    const ev = (e: Expr) => evaluate(e, names, 0);
    const argOf = (call: Call | undefined, key: string, position?: number): Arg | undefined => {
      if (!call) return undefined;
      const kw: Keyword | undefined = call.expr.kwargs.find((k) => k.name === key);
      if (kw) return { key, result: ev(kw.value), range: lines.range(kw.start, kw.end), valueRange: lines.range(kw.value.start, kw.value.end) };
      const pos = position !== undefined ? call.expr.args[position] : undefined;
      if (pos) return { key, result: ev(pos), range: lines.range(pos.start, pos.end), valueRange: lines.range(pos.start, pos.end) };
      return undefined;
    };

    const peft = calls.find((c) => c.kind === 'peft');
    // The model the adapters go on: the last Hub load before get_peft_model (scripts reload merged
    // checkpoints from local paths afterwards), else the first Hub load.
    const hubLoads = calls.filter((c) => {
      if (c.kind !== 'load') return false;
      const id = argOf(c, 'model_name', 0)?.result;
      return !id || !id.ok || typeof id.value !== 'string' || !/^(\.|\/|~)/.test(id.value);
    });
    const load = (peft ? hubLoads.filter((c) => c.expr.start < peft.expr.start).pop() : undefined) ?? hubLoads[0];
    const args = calls.find((c) => c.kind === 'args');
    const trainer = calls.find((c) => c.kind === 'trainer');
    const callRange = (c: Call) => lines.range(c.expr.start, c.expr.fn.end);

    const num = (
      a: Arg | undefined,
      role: Parameters<PlanBuilder['stated']>[3],
      rule: { integer?: boolean; min?: number; max?: number },
    ): Traced<number> | undefined => {
      if (!a) return undefined;
      if (!a.result.ok) {
        b.problem('warning', 'unevaluated-value', `${a.key}: ${a.result.reason}; its value is not known.`, a.valueRange);
        return undefined;
      }
      const v = a.result.value;
      if (
        typeof v !== 'number' ||
        !Number.isFinite(v) ||
        (rule.integer && !Number.isInteger(v)) ||
        (rule.min !== undefined && v < rule.min) ||
        (rule.max !== undefined && v > rule.max)
      ) {
        b.invalid(
          a.key,
          `expected ${rule.integer ? 'an integer' : 'a number'}${rule.min !== undefined ? ` ≥ ${rule.min}` : ''}, got ${JSON.stringify(v)}`,
          a.valueRange,
        );
        return undefined;
      }
      return b.stated(a.key, v, a.range, role);
    };
    const bool = (a: Arg | undefined): { value: boolean; range: SourceRange } | 'unknown' | undefined => {
      if (!a) return undefined;
      if (a.result.ok && typeof a.result.value === 'boolean') return { value: a.result.value, range: a.range };
      b.problem(
        'info',
        'unevaluated-value',
        `${a.key}: ${a.result.ok ? `${JSON.stringify(a.result.value)} is not True or False` : a.result.reason}; its value is not known.`,
        a.valueRange,
      );
      return 'unknown';
    };

    // ---- Model
    const run: RunRead = { kind: {}, setup: {} };
    let parts: ArchParts | null = null;
    let modelId: string | undefined;
    const idArg = argOf(load, 'model_name', 0);
    if (!load) {
      b.problem(
        'warning',
        'missing-architecture',
        'No FastLanguageModel.from_pretrained(model_name=…) loads a Hub model, so the model (and its parameter count) is not known.',
      );
    } else if (!idArg) {
      b.problem('warning', 'missing-architecture', 'from_pretrained has no model_name, so the model is not known.', callRange(load));
    } else if (!idArg.result.ok || typeof idArg.result.value !== 'string') {
      b.problem(
        'warning',
        'unevaluated-value',
        `model_name: ${idArg.result.ok ? 'not a string' : idArg.result.reason}; the model is not known.`,
        idArg.valueRange,
      );
    } else {
      modelId = idArg.result.value;
      b.stated('model_name', modelId, idArg.range, 'architecture');
      const base = baseModelOf(modelId);
      if (base && base !== modelId)
        b.problem(
          'info',
          'model-resolved',
          `${modelId} is Unsloth's upload of ${base}${/bnb-4bit$/i.test(modelId) ? ', pre-quantised to 4 bits with bitsandbytes' : ''} (Unsloth keeps the base model's name and config.json): the architecture is ${base}'s.`,
          idArg.valueRange,
        );
      parts = hfModelParts(b, base ?? modelId, idArg.valueRange);
      if (parts && Object.keys(parts).length === 0) parts = null;
      run.init = b.trace('pretrained', 'stated', 'model_name', idArg.range, `starts from the trained weights of ${modelId} (from_pretrained)`);
      run.kind!.stage = trainer
        ? b.trace('sft', 'stated', trainer.name, callRange(trainer), `${trainer.name}: supervised fine-tuning (TRL)`)
        : b.trace('sft', 'assumed', 'from_pretrained', idArg.range, 'no trainer call is read; supervised fine-tuning assumed');
    }

    // ---- Sequence length: the trainer's arguments, else the trainer's keyword, else the model's (Unsloth's patched trainer).
    const seqArg = argOf(args, 'max_seq_length') ?? argOf(args, 'max_length') ?? argOf(trainer, 'max_seq_length');
    let seqLen: Traced<number> | null = num(seqArg, 'batch', { integer: true, min: 1, max: 1e8 }) ?? null;
    if (!seqLen && !seqArg && load) {
      const m = argOf(load, 'max_seq_length');
      seqLen =
        num(m, 'batch', { integer: true, min: 1, max: 1e8 }) ??
        (m ? null : b.frameworkDefault('max_seq_length', 2048, 'batch', `${UNSLOTH}: from_pretrained max_seq_length 2048`));
    }
    if (parts && seqLen) parts.seqLen = seqLen;
    const architecture = parts ? b.architecture(parts) : null;

    // ---- Method and adapter
    const four = bool(argOf(load, 'load_in_4bit'));
    const eight = bool(argOf(load, 'load_in_8bit'));
    const full = bool(argOf(load, 'full_finetuning'));
    const fourBit = four === undefined ? (load ? true : undefined) : four === 'unknown' ? undefined : four.value;
    if (peft) {
      const r =
        num(argOf(peft, 'r'), 'architecture', { integer: true, min: 1, max: 1e6 }) ??
        (argOf(peft, 'r') ? undefined : b.frameworkDefault('r', 16, 'architecture', `${UNSLOTH}: r 16`));
      const alpha =
        num(argOf(peft, 'lora_alpha'), 'architecture', { min: 0 }) ??
        (argOf(peft, 'lora_alpha') ? undefined : b.frameworkDefault('lora_alpha', 16, 'architecture', `${UNSLOTH}: lora_alpha 16`));
      const dora = bool(argOf(peft, 'use_dora'));
      const baseBits: 4 | 8 | undefined = fourBit ? 4 : eight !== undefined && eight !== 'unknown' && eight.value ? 8 : undefined;
      const at = four && four !== 'unknown' ? four.range : undefined;
      const method: Traced<FineTuneMethod> =
        dora && dora !== 'unknown' && dora.value
          ? b.trace('dora', 'stated', 'use_dora', dora.range)
          : fourBit
            ? b.trace(
                'qlora',
                at ? 'stated' : 'default',
                at ? 'load_in_4bit' : `${UNSLOTH}: load_in_4bit True`,
                at ?? callRange(load!),
                'LoRA on a 4-bit quantised base (QLoRA)',
              )
            : b.trace('lora', 'stated', 'get_peft_model', callRange(peft));
      run.kind!.method = method;
      const targetsArg = argOf(peft, 'target_modules');
      let names: string[] | null = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'];
      if (targetsArg) {
        const v = targetsArg.result;
        names = v.ok && Array.isArray(v.value) ? v.value : v.ok && typeof v.value === 'string' ? [v.value] : null;
        if (!names)
          b.problem(
            'warning',
            'unevaluated-value',
            `target_modules: ${v.ok ? 'not a list of module names' : v.reason}; the adapter is not counted.`,
            targetsArg.valueRange,
          );
      }
      const saveArg = argOf(peft, 'modules_to_save');
      const save = saveArg?.result.ok && Array.isArray(saveArg.result.value) ? savedModules(saveArg.result.value) : { modules: [], unknown: [] };
      if (r && names) {
        const { targets, unknown } = canonicalTargets(names);
        const notCounted = [...unknown, ...save.unknown];
        if (notCounted.length)
          b.problem(
            'info',
            'adapter-not-counted',
            `The adapter's trainable parameters are not counted: ${notCounted.map((n) => `"${n}"`).join(', ')} ${notCounted.length === 1 ? 'is not a module' : 'are not modules'} Scaling Lens maps to matrices of the model.`,
            targetsArg?.valueRange ?? null,
          );
        else {
          const adapter: Adapter = {
            rank: r.value,
            ...(alpha ? { alpha: alpha.value } : {}),
            targets,
            ...(baseBits ? { baseBits } : {}),
            ...(save.modules.length ? { modulesToSave: save.modules } : {}),
          };
          if (targetsArg) b.stated('target_modules', targets.join(', '), targetsArg.range, 'architecture');
          else b.frameworkDefault('target_modules', targets.join(', '), 'architecture', `${UNSLOTH}: q, k, v, o, gate, up, down projections`);
          run.kind!.adapter = b.trace(
            adapter,
            r.origin === 'stated' && targetsArg ? 'stated' : 'default',
            `r, target_modules`,
            r.range ?? targetsArg?.range ?? callRange(peft),
          );
        }
      }
      const gc = argOf(peft, 'use_gradient_checkpointing');
      if (gc) {
        const v = gc.result;
        if (v.ok && (v.value === 'unsloth' || v.value === true || v.value === false))
          run.setup!.checkpointing = b.trace<Checkpointing>(
            { mode: v.value === false ? 'none' : 'full' },
            'stated',
            'use_gradient_checkpointing',
            gc.range,
            v.value === 'unsloth' ? 'Unsloth checkpointing: every layer is recomputed, its saved inputs offloaded to CPU memory' : undefined,
          );
      } else
        run.setup!.checkpointing = b.setupDefault<Checkpointing>(
          { mode: 'full' },
          `${UNSLOTH}: use_gradient_checkpointing "unsloth" (every layer recomputed, saved inputs offloaded to CPU)`,
        );
    } else if (load) {
      const fullOn = full && full !== 'unknown' && full.value;
      run.kind!.method = fullOn
        ? b.trace('full', 'stated', 'full_finetuning', full.range)
        : b.trace('full', 'assumed', 'no get_peft_model', callRange(load), 'no get_peft_model call: every weight is trained');
    }

    // ---- Batch and duration (TrainingArguments / SFTConfig)
    // A stated value that cannot be read stays unknown; only an absent key takes the default.
    const numOr = (
      key: string,
      role: Parameters<PlanBuilder['stated']>[3],
      rule: { integer?: boolean; min?: number; max?: number },
      fallback: number,
      note: string,
    ) => {
      const a = argOf(args, key);
      return a ? num(a, role, rule) : b.frameworkDefault(key, fallback, role, note);
    };
    const micro = numOr('per_device_train_batch_size', 'batch', { integer: true, min: 1 }, 8, `${TA}: per_device_train_batch_size 8`);
    const accum = numOr('gradient_accumulation_steps', 'batch', { integer: true, min: 1 }, 1, `${TA}: gradient_accumulation_steps 1`);
    if (micro) run.setup!.microBatch = micro;
    if (accum) run.setup!.gradAccum = accum;
    const stepsArg = argOf(args, 'max_steps');
    const maxSteps = num(stepsArg, 'duration', { integer: true, min: -1 });
    const steps = maxSteps && maxSteps.value > 0 ? maxSteps : null;
    const stepsUnknown = !!stepsArg && !maxSteps;
    const epochs = steps || stepsUnknown ? undefined : numOr('num_train_epochs', 'duration', { min: 0 }, 3, `${TA}: num_train_epochs 3.0`);
    const packingArg = argOf(args, 'packing') ?? argOf(trainer, 'packing');
    const packing = bool(packingArg);
    const packed = packing !== undefined && packing !== 'unknown' && packing.value;

    const gpuCount =
      b.gpuCount() ??
      b.setupDefault(1, 'a single GPU: the script names no launcher or device count (Unsloth trains on one GPU unless launched with torchrun/accelerate)');
    const sequences =
      micro && accum
        ? b.derived(
            'global batch (sequences)',
            micro.value * accum.value * gpuCount.value,
            'batch',
            `per_device_train_batch_size ${micro.value} × gradient_accumulation_steps ${accum.value} × ${gpuCount.value} GPU${gpuCount.value === 1 ? '' : 's'}`,
            micro.range,
            gpuCount.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : null;
    const batchTokens =
      seqLen && sequences
        ? b.derived('tokens per step', sequences.value * seqLen.value, 'batch', `${sequences.value} sequences × ${seqLen.value} tokens`, sequences.range)
        : null;
    let tokens: Traced<number | null>;
    let tokensBound: 'exact' | 'upper' | undefined;
    if (steps && batchTokens) {
      tokensBound = packed ? 'exact' : 'upper';
      tokens = b.derived(
        'training tokens',
        steps.value * batchTokens.value,
        'duration',
        `max_steps ${steps.value} × ${batchTokens.value} tokens per step${packed ? ' (packed)' : ' (an upper bound: unpacked samples shorter than the sequence length add padding, not tokens)'}`,
        steps.range,
      );
    } else if (steps || stepsUnknown) {
      tokens = b.trace(
        null,
        'derived',
        'max_steps',
        steps?.range ?? stepsArg?.range,
        steps ? 'the batch or the sequence length is not known' : 'max_steps is not known',
      );
    } else {
      tokens =
        directiveTokens(b, epochs, 'num_train_epochs') ??
        b.trace(
          null,
          'derived',
          'num_train_epochs',
          epochs?.range,
          'epochs over a dataset the script does not size; set max_steps, or add `# scaling-lens: dataset-tokens=N` (tokens per epoch)',
        );
    }

    // ---- Optimizer and precision
    const optim = argOf(args, 'optim');
    if (optim?.result.ok && typeof optim.result.value === 'string') {
      const k = optimizerKind(optim.result.value);
      if (k) run.setup!.optimizer = b.trace(k, 'stated', 'optim', optim.range);
      else
        b.problem(
          'info',
          'unknown-optimizer',
          `optim "${optim.result.value}" is not one Scaling Lens sizes; its optimizer state is assumed to be AdamW's.`,
          optim.valueRange,
        );
    } else if (!optim) run.setup!.optimizer = b.trace('adamw', 'default', `${TA}: optim adamw_torch`);
    const learningRate = numOr('learning_rate', 'optimizer', { min: 0, max: 10 }, 5e-5, `${TA}: learning_rate 5e-5`);

    const result = b.finish({
      architecture,
      tokens,
      ...(tokensBound ? { tokensBound } : {}),
      batchTokens,
      steps,
      seqLen,
      gpuCount,
      precision: precisionOf(b, argOf(args, 'bf16'), argOf(args, 'fp16'), argOf(load, 'dtype')),
      learningRate: learningRate ?? null,
    });
    return withRun(result, run);
  },
};

/** bf16/fp16 flags, else from_pretrained's dtype; `is_bfloat16_supported()` is decided by the GPU, so bf16 is assumed. */
function precisionOf(b: PlanBuilder, bf16: Arg | undefined, fp16: Arg | undefined, dtype: Arg | undefined): Traced<Precision> {
  for (const [a, p] of [
    [bf16, 'bf16'],
    [fp16, 'fp16'],
  ] as const)
    if (a?.result.ok && a.result.value === true) return b.trace(p, 'stated', a.key, a.range);
  if (dtype?.result.ok && typeof dtype.result.value === 'string') {
    const d = /bfloat16/.test(dtype.result.value)
      ? 'bf16'
      : /float16|half/.test(dtype.result.value)
        ? 'fp16'
        : /float32/.test(dtype.result.value)
          ? 'fp32'
          : null;
    if (d) return b.trace(d, 'stated', 'dtype', dtype.range);
  }
  const at = bf16 ?? dtype;
  return b.trace(
    'bf16',
    'assumed',
    at ? at.key : `${UNSLOTH}: dtype None`,
    at?.range ?? null,
    'Unsloth picks bfloat16 on GPUs that support it (Ampere and newer) and float16 otherwise; bf16 is assumed',
  );
}

/**
 * The registry's model behind an Unsloth Hub id. Unsloth's uploads keep the base model's name
 * (`unsloth/Meta-Llama-3.1-8B` ↔ `meta-llama/Meta-Llama-3.1-8B`) and its config.json; the
 * `-bnb-4bit` / `-unsloth-bnb-4bit` uploads are the same weights pre-quantised with bitsandbytes.
 * The name is matched to one registry model only when exactly one has it.
 */
function baseModelOf(id: string): string | undefined {
  if (findHfModel(id)) return id;
  const m = /^unsloth\/(.+)$/i.exec(id.trim());
  if (!m) return undefined;
  const name = m[1]!.replace(/-(unsloth-)?bnb-4bit$/i, '').replace(/-unsloth$/i, '');
  if (findHfModel(`unsloth/${name}`)) return `unsloth/${name}`;
  const hits = byName().get(name.toLowerCase());
  return hits && hits.size === 1 ? [...hits.values()][0] : undefined;
}

let names: Map<string, Map<string, string>> | undefined;
/** Lower-cased last path segment of every registry id and alias → registry model id → the name as the registry spells it (built once). */
function byName(): Map<string, Map<string, string>> {
  if (names) return names;
  names = new Map();
  for (const model of HF_MODELS)
    for (const n of [model.id, ...(model.aliases ?? [])]) {
      const key = n.split('/').pop()!.toLowerCase();
      const hits = names.get(key) ?? new Map<string, string>();
      if (!hits.has(model.id)) hits.set(model.id, n);
      names.set(key, hits);
    }
  return names;
}

function walk(body: readonly Stmt[], names: Map<string, Expr[]>, calls: Call[]): void {
  for (const s of body) {
    switch (s.k) {
      case 'def':
        walk(s.body, names, calls);
        break;
      case 'if':
        for (const br of s.branches) walk(br.body, names, calls);
        break;
      case 'opaque':
        walk(s.body, names, calls);
        break;
      case 'assign':
        if (!s.op && s.targets.length === 1 && s.targets[0]!.path?.length === 1) {
          const n = s.targets[0]!.path[0]!;
          names.set(n, [...(names.get(n) ?? []), s.value]);
        }
        findCalls(s.value, calls, 0);
        break;
      case 'expr':
        findCalls(s.value, calls, 0);
        break;
      case 'return':
        if (s.value) findCalls(s.value, calls, 0);
        break;
      default:
        break;
    }
  }
}

function findCalls(e: Expr, calls: Call[], depth: number): void {
  if (depth > 50) return;
  if (e.k === 'call') {
    const kind = callKind(e.fn);
    if (kind) calls.push({ kind: kind.kind, expr: e, name: kind.name });
    for (const a of e.args) findCalls(a, calls, depth + 1);
    for (const k of e.kwargs) findCalls(k.value, calls, depth + 1);
    findCalls(e.fn, calls, depth + 1);
  } else if (e.k === 'list') for (const i of e.items) findCalls(i, calls, depth + 1);
  else if (e.k === 'attr') findCalls(e.obj, calls, depth + 1);
}

function callKind(fn: Expr): { kind: Call['kind']; name: string } | null {
  if (fn.k === 'attr' && fn.obj.k === 'name' && MODEL_CLASSES.has(fn.obj.id)) {
    if (fn.name === 'from_pretrained') return { kind: 'load', name: `${fn.obj.id}.from_pretrained` };
    if (fn.name === 'get_peft_model') return { kind: 'peft', name: `${fn.obj.id}.get_peft_model` };
  }
  const name = fn.k === 'name' ? fn.id : fn.k === 'attr' ? fn.name : null;
  if (name === 'SFTConfig' || name === 'TrainingArguments' || name === 'UnslothTrainingArguments') return { kind: 'args', name };
  if (name === 'SFTTrainer' || name === 'UnslothTrainer') return { kind: 'trainer', name };
  return null;
}

function evaluate(e: Expr, names: Map<string, Expr[]>, depth: number): Evaluated {
  switch (e.k) {
    case 'number': {
      const n = parseNumber(e.text);
      return n.ok && (n.value.type === 'int' || n.value.type === 'float')
        ? { ok: true, value: n.value.value }
        : { ok: false, reason: `${e.text} is not a number` };
    }
    case 'string':
      return e.fstring || e.bytes ? { ok: false, reason: 'an f-string or bytes value is not evaluated' } : { ok: true, value: e.value };
    case 'const':
      return { ok: true, value: e.value };
    case 'unary': {
      const v = evaluate(e.operand, names, depth + 1);
      if (v.ok && typeof v.value === 'number' && (e.op === '-' || e.op === '+')) return { ok: true, value: e.op === '-' ? -v.value : v.value };
      return v.ok ? { ok: false, reason: `\`${e.op}\` is not evaluated here` } : v;
    }
    case 'attr':
      // torch.bfloat16 and the like: the dotted name is the value.
      return e.obj.k === 'name' ? { ok: true, value: `${e.obj.id}.${e.name}` } : { ok: false, reason: 'an attribute chain is not evaluated' };
    case 'list': {
      const out: string[] = [];
      for (const i of e.items) {
        const v = evaluate(i, names, depth + 1);
        if (!v.ok) return v;
        if (typeof v.value !== 'string') return { ok: false, reason: 'a list of non-strings is not evaluated' };
        out.push(v.value);
      }
      return { ok: true, value: out };
    }
    case 'name': {
      const assigned = names.get(e.id);
      if (!assigned) return { ok: false, reason: `\`${e.id}\` is not assigned in this file` };
      if (assigned.length !== 1) return { ok: false, reason: `\`${e.id}\` is assigned ${assigned.length} times` };
      if (depth >= MAX_NAME_DEPTH) return { ok: false, reason: `\`${e.id}\` refers through too many names` };
      return evaluate(assigned[0]!, names, depth + 1);
    }
    case 'call':
      return { ok: false, reason: 'a function call is decided when the script runs' };
    case 'ifexp':
      return { ok: false, reason: 'a conditional expression is decided when the script runs' };
    default:
      return { ok: false, reason: 'the expression is not evaluated' };
  }
}
