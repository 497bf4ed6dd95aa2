// Maps each row of test/fixtures/measurements/memory-measured.tsv to the memory model's inputs,
// or excludes it with the reason. Shared by the calibration test and scripts/fit-memory-overhead.ts.
// The model shapes the table leaves out (norm kind, biases, tied head) come from each model's
// Hugging Face config.json, named per family below.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Architecture, MemorySetup, Precision } from '../../src/core/index';
import {
  trainingMemory,
  findAccelerator,
  COMPILE_ACTIVATION_FACTOR,
  compileShrinksActivations,
  type AdapterTarget,
  type MemoryLibraries,
  type TrainingMemory,
} from '../../src/core/index';

export const MEASUREMENTS = join(__dirname, '..', 'fixtures', 'measurements', 'memory-measured.tsv');

export type Row = { readonly index: number } & Readonly<Record<string, string | number>>;

export function readRows(): Row[] {
  const lines = readFileSync(MEASUREMENTS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  return lines.slice(1).map((line, index) => {
    const cells = line.split('\t');
    const row: Record<string, string | number> = { index };
    header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    return row as Row;
  });
}

export interface CalibrationCase {
  readonly index: number;
  readonly label: string;
  readonly arch: Architecture;
  readonly precision: Precision;
  readonly setup: MemorySetup;
  /** Library behaviour of the measured run (bitsandbytes release, FP8 library). */
  readonly libs: MemoryLibraries;
  /** Measured peak in bytes, or null for an out-of-memory row. */
  readonly measuredBytes: number | null;
  /** The GPU's memory in bytes where the row says it (always for OOM rows). */
  readonly capacityBytes: number | null;
  readonly oom: boolean;
}

export type Mapped =
  { readonly ok: true; readonly value: CalibrationCase } | { readonly ok: false; readonly index: number; readonly label: string; readonly reason: string };

/** Shapes the table does not carry, from each family's config.json. */
function family(model: string): Pick<Architecture, 'mlp' | 'norm' | 'linearBias' | 'tiedEmbeddings' | 'blockNorms' | 'lmHeadBias' | 'positions'> | null {
  // meta-llama/Llama-3.2-3B config.json: tie_word_embeddings true.
  if (/Llama 3\.2 3B/.test(model)) return { mlp: 'glu', norm: 'rmsnorm', linearBias: false, tiedEmbeddings: true, positions: 'rotary' };
  // meta-llama Llama-2 / Llama-3(.1): untied, RMSNorm, SwiGLU, no biases.
  if (/Llama (2|3|3\.1) /.test(model)) return { mlp: 'glu', norm: 'rmsnorm', linearBias: false, tiedEmbeddings: false, positions: 'rotary' };
  // microsoft/phi-1_5: parallel block with one LayerNorm, biases everywhere, untied head with bias.
  if (/phi-1\.5/.test(model))
    return { mlp: 'mlp', norm: 'layernorm', linearBias: true, tiedEmbeddings: false, blockNorms: 1, lmHeadBias: true, positions: 'rotary' };
  // stabilityai/stablelm-base-alpha-3b (GPT-NeoX): two LayerNorms, biases, untied.
  if (/StableLM-Base-Alpha/.test(model)) return { mlp: 'mlp', norm: 'layernorm', linearBias: true, tiedEmbeddings: false, positions: 'rotary' };
  // tiiuae/falcon-40b: new_decoder_architecture (ln_attn, ln_mlp), no biases. Its rows were run
  // by litgpt, whose GPT keeps lm_head and wte as separate matrices (the converter copies the
  // shared one), so the head is counted untied.
  if (/Falcon 40B/.test(model)) return { mlp: 'mlp', norm: 'layernorm', linearBias: false, tiedEmbeddings: false, positions: 'rotary' };
  return null;
}

const int = (s: string | number | undefined): number | null => {
  const n = Number(String(s).replace(/,/g, ''));
  return String(s).trim() !== '' && Number.isInteger(n) && n > 0 ? n : null;
};

function targets(text: string): AdapterTarget[] | null {
  const t = text.toLowerCase();
  if (t === 'query+value' || t === 'q_proj,v_proj') return ['q', 'v'];
  if (t === 'q_proj,k_proj,v_proj') return ['q', 'k', 'v'];
  if (t === 'all-linear' || t === 'q,k,v,output_proj + mlp') return ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];
  if (t === 'q,k,v,output_proj + mlp + output') return ['q', 'k', 'v', 'o', 'gate', 'up', 'down', 'head'];
  return null;
}

/** Rows whose measured number is not the training step this model describes, with why. */
const EXCLUDED_ROWS: ReadonlyArray<[RegExp, string]> = [
  [
    /Finetuning with LoRA on Multiple GPUs/,
    'litgpt multi-GPU LoRA table: its peaks do not shrink with FSDP (Llama 2 13B: 35.5 GB on 1 GPU without FSDP, 33.13 GB on 4 with FULL_SHARD), so they are not the sharded training step',
  ],
  [/Finetuning with Adapter/, 'LLaMA-Adapter (adaption prompts) is not a RunKind method the model sizes'],
];

export function mapRow(row: Row): Mapped {
  const model = String(row.model);
  const label = `#${row.index} ${model} ${row.finetune} b=${row.micro_batch} ${row.gpu_type}`.replace(/\s+/g, ' ');
  const no = (reason: string): Mapped => ({ ok: false, index: row.index, label, reason });
  for (const [re, why] of EXCLUDED_ROWS) if (re.test(String(row.source))) return no(why);
  const oom = /^y/.test(String(row.oom));
  const measured = Number(row.measured_memory_gib);
  if (!oom && !(measured > 0)) return no('no measured number');
  const L = int(row.layers),
    d = int(row.d_model),
    h = int(row.heads),
    kv = int(row.kv_heads),
    F = int(row.ffn),
    V = int(row.vocab);
  const seq = int(row.seq_len),
    b = int(row.micro_batch);
  if (!L || !d || !h || !kv || !F || !V) return no('architecture not stated in full');
  const fam = family(model);
  if (!fam) return no('model family shapes unknown');
  if (!seq) return no('sequence length not stated (variable-length batches)');
  if (!b) return no('micro-batch not stated');
  const notes = `${row.notes} ${row.optimizer} ${row.precision}`;
  if (/Activation Offloading/i.test(String(row.notes))) return no('activation offloading to the host is not a RunSetup input');
  if (/optimizer_in_bwd/.test(String(row.optimizer))) return no('optimizer step fused into backward (gradients freed per parameter) is not a RunSetup input');
  if (/packed=False/.test(String(row.notes))) return no("unpacked batches: the sequence length is each batch's longest example, not stated");
  if (/^(4090|A6000)/.test(String(row.gpu_type)))
    return no(
      'torchtune README per-GPU columns: the same configuration is measured at about half on the 4090 (18.9 vs 37.4 GiB), so the two columns ran settings the row does not state',
    );
  const ac = String(row.activation_checkpointing).toLowerCase();
  // torchtitan's per-op SAC saves every other matmul output, not Megatron's selective set.
  const checkpointing = /^none/.test(ac) ? 'none' : /per-op/.test(ac) ? 'selective-op' : /selective/.test(ac) ? 'selective' : /^full/.test(ac) ? 'full' : null;
  if (!checkpointing) return no('activation checkpointing not stated');
  const shardText = String(row.zero_or_fsdp);
  const sharding = /^none/.test(shardText) ? 'none' : /fsdp/i.test(shardText) ? 'fsdp-full' : /ZeRO-3|^3/.test(shardText) ? 'zero3' : null;
  if (!sharding) return no('sharding not stated');
  const offload = /offload of params|fsdp_cpu_offload/.test(`${shardText} ${row.optimizer}`)
    ? 'optimizer+params'
    : /offload/i.test(shardText) && !/no CPU offload/.test(shardText)
      ? 'optimizer'
      : 'none';
  const ft = String(row.finetune);
  const method = ft === 'none' || ft === 'full' ? 'full' : ft === 'lora' ? 'lora' : ft === 'qlora' ? 'qlora' : null;
  if (!method) return no(`fine-tuning method ${ft} not modelled`);
  let adapter = null;
  if (method !== 'full') {
    const rank = int(row.lora_rank);
    const t = targets(String(row.lora_targets));
    if (!rank || !t) return no('LoRA rank or targets not stated');
    adapter = { rank, targets: t, ...(method === 'qlora' ? { baseBits: 4 as const } : {}) };
  }
  // litgpt bf16-true and torchtune keep weights, gradients and states in bf16; torchtitan and HF Trainer use fp32 masters.
  const half = /bf16-true/.test(String(row.precision)) || /torchtune/.test(String(row.source));
  const doubleQuant =
    /nf4-dq/.test(String(row.precision)) || (/torchtune/.test(String(row.source)) && method === 'qlora') || /bnb_4bit/.test(String(row.precision));
  const optimizer = /AdamW8bit/i.test(notes) ? 'paged-adamw-8bit' : 'adamw';
  const dp = int(row.dp) ?? 1;
  const tp = int(row.tp) ?? 1,
    pp = int(row.pp) ?? 1,
    cp = int(row.cp) ?? 1,
    ep = int(row.ep) ?? 1;
  const setup: MemorySetup = {
    microBatch: b,
    gradAccum: null,
    referenceCopy: false,
    dp,
    shardGroup: sharding === 'none' ? 1 : dp,
    tp,
    pp,
    vp: 1,
    cp,
    ep,
    sequenceParallel: false,
    schedule: '1f1b',
    sharding,
    offload,
    checkpointing,
    everyN: 1,
    optimizer,
    lowPrecision: null,
    compile: /^y/.test(String(row.compile)),
    flashAttention: true,
    chunkedLoss: /Chunked Cross Entropy/.test(String(row.notes)),
    weightsMode: half ? 'half' : 'mixed',
    method,
    adapter,
    doubleQuant,
  };
  // The litgpt tables ran finetune/lora.py @8641822 (2023-10-16) and the PEFT guide was written
  // for bitsandbytes 0.43.0's FSDP-QLoRA (March 2024): both before bitsandbytes 0.43.2 stopped
  // saving each 4-bit matmul's input (bitsandbytes-foundation/bitsandbytes@9e75374, #1270).
  // torchtune's QLoRA uses torchao's NF4Tensor, not bitsandbytes.
  const libs: MemoryLibraries = {
    bitsandbytesSavesInput: method === 'qlora' && /^(Lightning-AI\/litgpt|huggingface\/peft)@/.test(String(row.source)),
    // torchtitan's float8 and MX converters are torchao's.
    lowPrecisionLibrary: /torchtitan|pytorch\/ao/.test(String(row.source)) ? 'torchao' : null,
  };
  const arch: Architecture = { layers: L, dModel: d, heads: h, kvHeads: kv, headDim: d / h, ffn: F, vocab: V, seqLen: seq, ...fam };
  const gpu = String(row.gpu_type);
  const oomGb = /(\d+)\s*GB/.exec(String(row.oom));
  const statedGb = /(\d+)\s*GB/.exec(gpu);
  const acc = findAccelerator(gpu.split(' ')[0] ?? '');
  const capacityBytes = oomGb
    ? Number(oomGb[1]) * 1e9
    : statedGb
      ? Number(statedGb[1]) * 1e9
      : /^(A100-SXM4-40GB|B200)/.test(gpu) && acc
        ? acc.memoryGB * 1e9
        : null;
  return {
    ok: true,
    value: { index: row.index, label, arch, precision: 'bf16', setup, libs, measuredBytes: oom ? null : measured * 2 ** 30, capacityBytes, oom },
  };
}

export function predict(c: CalibrationCase): TrainingMemory {
  const m = trainingMemory(c.arch, c.arch.seqLen, c.precision, c.setup, c.libs);
  if (!m.ok) throw new Error(`${c.label}: ${m.reason}`);
  return m.value;
}

/** The counted terms of one case, split so the overhead constants can be refitted without recomputing the model. */
export interface CaseParts {
  readonly c: CalibrationCase;
  /** Everything but activations and overhead. */
  readonly fixed: number;
  readonly activations: number;
}

const shrinks = (c: CalibrationCase) => c.setup.compile && compileShrinksActivations(c.setup.checkpointing);

export function caseParts(c: CalibrationCase): CaseParts {
  const m = predict(c);
  const b = m.breakdown;
  // Undo the code's own compile factor and overhead so a refit starts from the raw terms.
  return {
    c,
    fixed: b.weights + b.gradients + b.optimizer + b.logits,
    activations: shrinks(c) ? b.activations / COMPILE_ACTIVATION_FACTOR : b.activations,
  };
}

export interface OverheadFit {
  readonly fixedBytes: number;
  readonly fraction: number;
  readonly compileFactor: number;
  readonly medianAbsError: number;
}

/** Prediction for given constants: (fixed + activations·k) · (1 + f) + c0. */
export function withConstants(p: CaseParts, fixedBytes: number, fraction: number, compileFactor: number): number {
  const counted = p.fixed + p.activations * (shrinks(p.c) ? compileFactor : 1);
  return counted * (1 + fraction) + fixedBytes;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * Grid search: c0 in 0..4 GiB by 1/8 GiB, f in 0..0.30 by 0.01, compile factor 0.50..1.00 by
 * 0.05; minimise the median |relative error| over measured rows, subject to every out-of-memory
 * row predicted above its GPU's memory. Ties go to the smallest constants (the least overhead
 * that explains the data).
 */
export function fitOverhead(parts: readonly CaseParts[]): OverheadFit {
  const measured = parts.filter((p) => p.c.measuredBytes !== null);
  const ooms = parts.filter((p) => p.c.oom && p.c.capacityBytes !== null);
  let best: OverheadFit | null = null;
  for (let ci = 0; ci <= 32; ci++) {
    const c0 = (ci / 8) * 2 ** 30;
    for (let fi = 0; fi <= 30; fi++) {
      const f = fi / 100;
      for (let ki = 10; ki <= 20; ki++) {
        const k = ki / 20;
        if (!ooms.every((p) => withConstants(p, c0, f, k) > p.c.capacityBytes!)) continue;
        const err = median(measured.map((p) => Math.abs(withConstants(p, c0, f, k) / p.c.measuredBytes! - 1)));
        if (!best || err < best.medianAbsError - 1e-12) best = { fixedBytes: c0, fraction: f, compileFactor: k, medianAbsError: err };
      }
    }
  }
  if (!best) throw new Error('no overhead constants make every out-of-memory row not fit');
  return best;
}
