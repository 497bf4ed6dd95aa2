// What fine-tuning readers share: framework module names mapped to the canonical adapter
// targets, optimizer names mapped to optimizer kinds, the `kind=` / `method=` /
// `dataset-tokens=` directives, and attaching the run's kind, setup and init to a ReadResult.

import type { SourceRange, Traced } from '../../core/plan';
import type { AdapterTarget, OptimizerKind, RunKind, RunSetup, ShardingKind, TrainingStage } from '../../core/runSetup';
import type { ReadResult } from '../types';
import type { PlanBuilder } from './builder';
import { DIRECTIVE_PREFIX, readDirectives, type Directive } from './directive';
import type { YamlConfig } from './yamlConfig';
import { ADAPTER_TARGET_ORDER } from '../../core/adapters';

/** Every linear layer of a decoder block: PEFT `all-linear`, LLaMA-Factory `lora_target: all`, axolotl `lora_target_linear`. */
export const ALL_LINEAR: readonly AdapterTarget[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];

/**
 * Module names as the frameworks spell them (Hugging Face Llama/Mistral/Qwen/Gemma, torchtune,
 * torchtitan/Meta `wq`/`w1`, GPT-NeoX/Falcon/BLOOM `query_key_value`/`dense`/`dense_h_to_4h`/
 * `dense_4h_to_h`, GPT-2 `c_attn`/`c_fc`/`c_proj`, MPT and phi `Wqkv`/`out_proj`/`fc1`/`fc2`,
 * Phi-3 `qkv_proj`/`gate_up_proj`, Baichuan `W_pack`) → canonical targets. Fused q/k/v and
 * gate/up modules map to `qkv` / `gate_up`: one matrix whose adapter is r·(d + q + 2kv) or
 * r·(d + 2F). GPT-2's `c_proj` names two modules (attention output and MLP down, PEFT matches
 * the suffix), so it maps to both.
 */
const TARGET_NAMES: Readonly<Record<string, AdapterTarget | readonly AdapterTarget[]>> = {
  q_proj: 'q',
  wq: 'q',
  query: 'q',
  q: 'q',
  k_proj: 'k',
  wk: 'k',
  key: 'k',
  k: 'k',
  v_proj: 'v',
  wv: 'v',
  value: 'v',
  v: 'v',
  // transformers: GPT2Attention.c_attn (Conv1D d → 3d), GPTNeoXAttention/FalconAttention/BloomAttention
  // .query_key_value, MptAttention.Wqkv (and phi-1.5/2 remote code), Phi3Attention.qkv_proj, Baichuan W_pack.
  c_attn: 'qkv',
  query_key_value: 'qkv',
  Wqkv: 'qkv',
  qkv_proj: 'qkv',
  W_pack: 'qkv',
  o_proj: 'o',
  wo: 'o',
  output_proj: 'o',
  out_proj: 'o',
  dense: 'o',
  projection: 'o',
  c_proj: ['o', 'down'],
  gate_proj: 'gate',
  w1: 'gate',
  up_proj: 'up',
  w3: 'up',
  fc1: 'up',
  fc_in: 'up',
  c_fc: 'up',
  dense_h_to_4h: 'up',
  // Phi3MLP.gate_up_proj: d → 2·intermediate.
  gate_up_proj: 'gate_up',
  down_proj: 'down',
  w2: 'down',
  fc2: 'down',
  fc_out: 'down',
  dense_4h_to_h: 'down',
  embed_tokens: 'embed',
  wte: 'embed',
  tok_embeddings: 'embed',
  word_embeddings: 'embed',
  lm_head: 'head',
  output: 'head',
  embed_out: 'head',
};

export interface TargetNames {
  readonly targets: AdapterTarget[];
  /** Names with no exact canonical target (fused projections, vision towers, regexes). */
  readonly unknown: string[];
}

const hasName = (n: string): boolean => Object.prototype.hasOwnProperty.call(TARGET_NAMES, n);

/** `q_proj,v_proj`, `['q_proj', 'v_proj']`, `all-linear`, `all` → canonical targets, in canonical order. */
export function canonicalTargets(names: readonly string[]): TargetNames {
  const set = new Set<AdapterTarget>();
  const unknown: string[] = [];
  for (const raw of names) {
    const n = raw.trim();
    if (n === '') continue;
    if (n === 'all-linear' || n === 'all') {
      for (const t of ALL_LINEAR) set.add(t);
      continue;
    }
    // `model.layers.*.self_attn.q_proj` or `layers.0.attn.q_proj`: the last component names the module.
    const last = n.split('.').pop()!;
    const t = hasName(n) ? TARGET_NAMES[n] : hasName(last) ? TARGET_NAMES[last] : undefined;
    if (t) for (const one of typeof t === 'string' ? [t] : t) set.add(one);
    else unknown.push(n);
  }
  const order = ADAPTER_TARGET_ORDER;
  return { targets: order.filter((t) => set.has(t)), unknown };
}

/** `modules_to_save` names → the embed/head modules trained in full; null when a name is something else. */
export function savedModules(names: readonly string[]): { modules: ('embed' | 'head')[]; unknown: string[] } {
  const { targets, unknown } = canonicalTargets(names);
  const modules = targets.filter((t): t is 'embed' | 'head' => t === 'embed' || t === 'head');
  const other = targets.filter((t) => t !== 'embed' && t !== 'head');
  return { modules, unknown: [...unknown, ...other] };
}

/**
 * Optimizer names → kinds with their own state size: transformers OptimizerNames
 * (`adamw_torch`, `paged_adamw_8bit`, `adafactor` …), axolotl's `adamw_bnb_8bit`, torchtune
 * `_component_` paths, litgpt `class_path`. Unknown names give null (the memory model then
 * assumes and says so).
 */
export function optimizerKind(name: string): OptimizerKind | null {
  const n = name.trim().toLowerCase();
  const last = n.split('.').pop()!;
  if (/paged_?adamw?_?8bit|pagedadamw8bit/.test(last)) return 'paged-adamw-8bit';
  if (/adamw?_?(bnb_)?8bit|adamw?8bit/.test(last)) return 'adamw-8bit';
  if (/^adafactor/.test(last)) return 'adafactor';
  if (/lion/.test(last)) return 'lion';
  if (/muon/.test(last)) return 'muon';
  if (/^sgd/.test(last)) return 'sgd';
  // adamw_torch, adamw_torch_fused, adamw_hf, adamw_apex_fused, paged_adamw_32bit, torch.optim.AdamW, Adam.
  if (/^(paged_)?adam/.test(last)) return 'adamw';
  return null;
}

/** A YAML list or a comma-separated string (`lora_target: q_proj,v_proj`). */
export function nameList(y: YamlConfig, key: string): string[] | null {
  let v: unknown;
  try {
    v = y.toJS(key);
  } catch {
    return null;
  }
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v;
  return null;
}

/** `fsdp: "full_shard auto_wrap offload"` (transformers TrainingArguments.fsdp) or an axolotl list. */
export function fsdpSharding(words: readonly string[]): { sharding: ShardingKind | null; offload: boolean } {
  const w = words.map((s) => s.toLowerCase());
  const sharding: ShardingKind | null =
    w.includes('hybrid_shard') || w.includes('hybrid_shard_zero2')
      ? 'fsdp-hybrid'
      : w.includes('shard_grad_op')
        ? 'fsdp-grad-op'
        : w.includes('full_shard')
          ? 'fsdp-full'
          : null;
  return { sharding, offload: w.includes('offload') };
}

/** Stages that start from trained weights. */
export function startsFromTrainedWeights(stage: TrainingStage): boolean {
  return stage !== 'pretrain';
}

export interface RunRead {
  kind?: { -readonly [K in keyof RunKind]: RunKind[K] };
  setup?: { -readonly [K in keyof RunSetup]: RunSetup[K] };
  init?: Traced<'pretrained' | 'scratch'>;
}

/** A directive's `kind=` / `method=` win over what the keys say (the user corrects the reader). */
export function applyKindDirective(b: PlanBuilder, run: RunRead): void {
  applyDirective(b.directive, run);
}

function applyDirective(d: Directive, run: RunRead): void {
  const at = (range: SourceRange, text: string) => ({ source: `directive ${text}`, range, note: `from the directive comment \`${text}\`` });
  if (d.kind) {
    run.kind = { ...run.kind, stage: { value: d.kind.value, origin: 'stated', ...at(d.kind.range, d.kind.text) } };
    if (startsFromTrainedWeights(d.kind.value) && run.init?.value !== 'pretrained')
      run.init = { value: 'pretrained', origin: 'stated', ...at(d.kind.range, d.kind.text) };
    if (d.kind.value === 'pretrain' && run.init) run.init = { value: 'scratch', origin: 'stated', ...at(d.kind.range, d.kind.text) };
  }
  if (d.method) {
    run.kind = { ...run.kind, method: { value: d.method.value, origin: 'stated', ...at(d.method.range, d.method.text) } };
    if (d.method.value !== 'lora' && d.method.value !== 'qlora' && d.method.value !== 'dora' && run.kind.adapter) {
      const rest = { ...run.kind };
      delete rest.adapter;
      run.kind = rest;
    }
  }
}

/**
 * Tokens from `dataset-tokens=` when the file leaves the length to the dataset: epochs × the
 * tokens one epoch reads. Null when there is no such directive.
 */
export function directiveTokens(b: PlanBuilder, epochs: Traced<number> | undefined, epochsKey: string): Traced<number> | null {
  const d = b.directive.datasetTokens;
  if (!d) return null;
  const n = epochs?.value ?? 1;
  return b.derived(
    'training tokens',
    Math.round(n * d.value),
    'duration',
    `${epochs ? `${epochsKey} ${n}` : '1 epoch'} × ${d.value} tokens per epoch (directive \`${d.text}\`)`,
    epochs?.range ?? d.range,
    'assumed',
  );
}

/**
 * `kind=` / `method=` for every format: readers that read no kind (pretraining frameworks,
 * nanoGPT's `init_from`) still take the user's word for it. Readers that applied the directive
 * themselves are left alone.
 */
export function withDirectiveKind(result: ReadResult, text: string): ReadResult {
  if (!text.includes(DIRECTIVE_PREFIX)) return result;
  const k = result.plan.kind;
  if (k?.stage?.source.startsWith('directive') || k?.method?.source.startsWith('directive')) return result;
  const { directive } = readDirectives(text);
  if (!directive.kind && !directive.method) return result;
  const run: RunRead = { kind: { ...k }, ...(result.init ? { init: result.init } : {}) };
  applyDirective(directive, run);
  return withRun(result, run);
}

/** The kind, setup and init attached to a reader's result (the builder's finish leaves them to the reader). */
export function withRun(result: ReadResult, run: RunRead): ReadResult {
  const kind: RunKind | undefined = run.kind && (run.kind.stage || run.kind.method || run.kind.adapter) ? run.kind : undefined;
  const setup: RunSetup | undefined = run.setup && Object.keys(run.setup).length > 0 ? run.setup : undefined;
  if (!kind && !setup && !run.init) return result;
  return {
    ...result,
    plan: { ...result.plan, ...(kind ? { kind } : {}), ...(setup ? { setup } : {}) },
    ...(run.init ? { init: run.init } : {}),
  };
}
