// How a Megatron-LM launch runs (docs/configs.md#megatron-lm): numeric precision and the run
// setup the memory and throughput models need: micro-batch and gradient accumulation, the
// parallel layout, activation recompute, optimizer sharding and offload, the optimizer, FP8 and
// the attention kernel. Defaults for absent flags are Megatron's
// (NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553:megatron/training/arguments.py
// and megatron/core/transformer/transformer_config.py): no distributed optimizer, no sequence
// parallelism, no recompute (recompute_granularity None), --optimizer adam, which is AdamW
// (megatron/core/optimizer/__init__.py: decoupled weight decay), data-parallel communication not
// overlapped with compute (--overlap-grad-reduce and --overlap-param-gather default False: the
// gradients are reduced after the backward pass and the distributed optimizer gathers the updated
// weights after its step), no --tp-comm-overlap. DeepSpeed's ZeRO stage lives in its JSON config,
// read only when the script passes --zero-stage.

import type { Precision, Traced } from '../../core/plan';
import type { Checkpointing, OptimizerKind, RunSetup, ShardingKind } from '../../core/runSetup';
import { formatInteger } from '../../core/units';
import { NAME, type MegatronFlags } from './megatronFlags';
import type { Degrees, Layout } from './megatronLayout';

/** --optimizer choices → optimizer state kinds (Megatron's adam is AdamW; its SGD keeps momentum, --sgd-momentum 0.9). */
const OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = { adam: 'adamw', sgd: 'sgd-momentum', muon: 'muon', dist_muon: 'muon', lion: 'lion' };

/** --zero-stage N → the sharding it means. */
const ZERO_STAGES = ['none', 'zero1', 'zero2', 'zero3'] as const;

/** The flags that turn on flash attention (Megatron-DeepSpeed and older Megatron-LM). */
const FLASH_FLAGS = ['--use-flash-attn', '--use-flash-attn-v2', '--use-flash-attn-v1', '--use-flash-attn-triton'];

/** --attention-backend choices → flash attention: flash and fused (cuDNN) never keep the seq² scores; unfused and local do. */
const ATTENTION_BACKENDS: Readonly<Record<string, boolean>> = { flash: true, fused: true, unfused: false, local: false };

export function runSetup(
  f: MegatronFlags,
  { tp, pp, cp, ep }: Degrees,
  { dp, vp, schedule }: Layout,
  micro: Traced<number> | null,
  global: Traced<number> | null,
): RunSetup {
  const b = f.b;
  const at = (key: string) => f.keyRange(f.flag(key)!);
  const flagTrace = <T>(key: string, value: T, note?: string) => b.trace(value, 'stated', key, at(key), note);
  const def = <T>(value: T, note: string) => f.setupDefault(value, note);

  // Recompute: --recompute-granularity full|selective (with --recompute-method/--recompute-num-layers),
  // or the older --checkpoint-activations (full).
  const gran = f.str('--recompute-granularity');
  const method = f.str('--recompute-method');
  const nLayers = f.int('--recompute-num-layers', 'hardware', 0);
  let checkpointing: Traced<Checkpointing>;
  if (gran && (gran.value === 'full' || gran.value === 'selective')) {
    const how = gran.value === 'full' && method ? `--recompute-method ${method.value}${nLayers ? ` --recompute-num-layers ${nLayers.value}` : ''}` : undefined;
    checkpointing = b.trace({ mode: gran.value }, 'stated', '--recompute-granularity', f.fieldRange(gran.flag, gran.word), how);
  } else if (gran) {
    b.invalid('--recompute-granularity', `expected full or selective, got ${JSON.stringify(gran.value)}`, gran.word.range);
    checkpointing = def({ mode: 'none' as const }, 'no activation recompute');
  } else if (f.has('--checkpoint-activations')) checkpointing = flagTrace('--checkpoint-activations', { mode: 'full' as const });
  else checkpointing = def({ mode: 'none' as const }, 'no activation recompute (recompute_granularity None)');

  // Sharding: Megatron's distributed optimizer, or DeepSpeed's --zero-stage when the script gives it.
  let sharding: Traced<ShardingKind> | undefined;
  const zero = f.has('--deepspeed') ? f.int('--zero-stage', 'hardware', 0, 3) : undefined;
  if (f.has('--use-distributed-optimizer')) sharding = flagTrace('--use-distributed-optimizer', 'distributed-optimizer' as const);
  else if (zero && zero.value === 0 && f.has('--bf16'))
    // DeepSpeed runs stage 0 with BF16 through its BF16_Optimizer, a ZeROOptimizer that keeps one
    // data-parallel partition of the fp32 weights and optimizer states per rank (deepspeed
    // runtime/bf16_optimizer.py): ZeRO-1. BLOOM's script says so ("bf16 must use z0! it implements
    // its own zero stage 1 equivalent", bigscience tr11-176B-ml.slurm).
    sharding = b.trace('zero1' as const, 'stated', '--zero-stage 0 with --bf16 (DeepSpeed BF16 optimizer, ZeRO-1)', zero.range);
  else if (zero) sharding = b.trace(ZERO_STAGES[zero.value]!, 'stated', '--zero-stage', zero.range);
  else if (!f.has('--deepspeed')) sharding = def('none' as const, 'no --use-distributed-optimizer: every data-parallel rank keeps the whole optimizer state');

  const opt = f.str('--optimizer');
  const optimizer = opt
    ? OPTIMIZERS[opt.value]
      ? b.trace(OPTIMIZERS[opt.value]!, 'stated', '--optimizer', f.fieldRange(opt.flag, opt.word))
      : undefined
    : def<OptimizerKind>('adamw', '--optimizer adam, with decoupled weight decay (AdamW)');
  const offload =
    f.has('--cpu-optimizer') || f.has('--optimizer-cpu-offload')
      ? flagTrace(f.has('--cpu-optimizer') ? '--cpu-optimizer' : '--optimizer-cpu-offload', 'optimizer' as const)
      : undefined;

  const fp8 = f.flag('--fp8-format') ? f.str('--fp8-recipe', true) : undefined;
  const lowPrecision = f.flag('--fp8-format')
    ? fp8?.value === 'mxfp8'
      ? b.trace('mxfp8' as const, 'stated', '--fp8-recipe', f.fieldRange(fp8.flag, fp8.word))
      : !fp8 || fp8.value === 'delayed' || fp8.value === 'tensorwise'
        ? b.trace(
            'fp8-tensorwise' as const,
            fp8 ? 'stated' : 'default',
            fp8 ? '--fp8-recipe' : `${NAME} default`,
            fp8 ? f.fieldRange(fp8.flag, fp8.word) : null,
            fp8 ? undefined : '--fp8-recipe delayed: per-tensor scaling',
          )
        : undefined
    : undefined;
  // Data-parallel overlap (Megatron-LM's own DDP; a --deepspeed script's overlap is DeepSpeed's).
  const dpMatters = !f.has('--deepspeed') && (!dp || dp.value > 1);
  const gradReduceOverlap = !dpMatters
    ? undefined
    : f.has('--overlap-grad-reduce')
      ? flagTrace('--overlap-grad-reduce', true)
      : def(false, 'no --overlap-grad-reduce: gradients are reduced after the backward pass, not under it');
  const paramGatherOverlap =
    !dpMatters || sharding?.value !== 'distributed-optimizer'
      ? undefined
      : f.has('--overlap-param-gather')
        ? flagTrace('--overlap-param-gather', true)
        : def(false, 'no --overlap-param-gather: the distributed optimizer gathers the updated weights after its step, not under the next forward');
  const backend = f.str('--attention-backend', true);
  const flashKey = FLASH_FLAGS.find((k) => f.has(k));

  let gradAccum: Traced<number> | undefined;
  if (micro && global && dp && global.value % (micro.value * dp.value) === 0) {
    const assumed = [micro, global, dp].some((t) => t.origin === 'assumed');
    gradAccum = b.trace(
      global.value / (micro.value * dp.value),
      assumed ? 'assumed' : 'derived',
      'global batch / (micro-batch × dp)',
      null,
      `${formatInteger(global.value)} / (--micro-batch-size ${micro.value} × data-parallel ${dp.value})`,
    );
  }
  return {
    ...(micro ? { microBatch: micro } : {}),
    ...(gradAccum ? { gradAccum } : {}),
    parallel: {
      ...(dp ? { dp } : {}),
      tp,
      pp,
      ...(vp ? { vp } : {}),
      cp,
      ep,
      sequenceParallel: f.has('--sequence-parallel') ? flagTrace('--sequence-parallel', true) : def(false, 'no --sequence-parallel'),
    },
    ...(schedule ? { pipelineSchedule: schedule } : {}),
    ...(sharding ? { sharding } : {}),
    ...(offload ? { offload } : {}),
    checkpointing,
    ...(optimizer ? { optimizer } : {}),
    ...(f.has('--grad-reduce-in-bf16') ? { gradReduceInBf16: flagTrace('--grad-reduce-in-bf16', true) } : {}),
    ...(gradReduceOverlap ? { gradReduceOverlap } : {}),
    ...(paramGatherOverlap ? { paramGatherOverlap } : {}),
    ...(f.has('--tp-comm-overlap') ? { tpCommOverlap: flagTrace('--tp-comm-overlap', true) } : {}),
    ...(lowPrecision && f.has('--fp8-param-gather') ? { fp8ParamGather: flagTrace('--fp8-param-gather', true) } : {}),
    ...(lowPrecision
      ? {
          lowPrecision,
          lowPrecisionLibrary: def('transformer-engine' as const, 'FP8 layers are Transformer Engine modules (--transformer-impl transformer_engine)'),
        }
      : {}),
    ...(flashKey
      ? { flashAttention: flagTrace(flashKey, true) }
      : backend && Object.hasOwn(ATTENTION_BACKENDS, backend.value)
        ? {
            flashAttention: b.trace(ATTENTION_BACKENDS[backend.value]!, 'stated', '--attention-backend', f.fieldRange(backend.flag, backend.word)),
          }
        : {}),
  };
}

/** Parameters and compute: --fp8-format, --bf16, --fp16, else fp32. */
export function precision(f: MegatronFlags): Traced<Precision> | null {
  const b = f.b;
  const fp8 = f.str('--fp8-format');
  if (fp8) {
    b.stated('--fp8-format', fp8.value, f.fieldRange(fp8.flag, fp8.word), 'precision');
    return b.trace('fp8', 'stated', '--fp8-format', f.fieldRange(fp8.flag, fp8.word));
  }
  if (f.bool('--bf16', 'precision')) return b.trace('bf16', 'stated', '--bf16', f.keyRange(f.flag('--bf16')!));
  if (f.bool('--fp16', 'precision')) return b.trace('fp16', 'stated', '--fp16', f.keyRange(f.flag('--fp16')!));
  return b.trace('fp32', 'default', `${NAME} default`, null, 'no --bf16/--fp16: parameters and compute in fp32');
}
