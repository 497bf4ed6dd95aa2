// DeepSpeed's run keys, wherever they sit: a ds_config.json, or GPT-NeoX's YAML (which passes
// them through to DeepSpeed). ZeRO stage and offload set the sharding; train_micro_batch_size_per_gpu
// and gradient_accumulation_steps the micro-batch; the optimizer's type its state bytes.
//
// Defaults: DeepSpeedZeroConfig.stage = 0 (microsoft/DeepSpeed deepspeed/runtime/zero/config.py:
// ZeRO disabled), offload device "none" (deepspeed/runtime/zero/offload_config.py); "Adam" runs
// in AdamW mode unless adam_w_mode is false (deepspeed/runtime/config.py ADAM_W_MODE_DEFAULT = True);
// overlap_comm is on for ZeRO-3 and off otherwise (DeepSpeedZeroConfig.overlap_comm_valid,
// microsoft/DeepSpeed@50c6d6f244ea2f1237cfd580cd759233d469cdd3:deepspeed/runtime/zero/config.py).

import type { SourceRange, Traced } from '../../core/plan';
import type { OffloadKind, OptimizerKind, RunSetup, ShardingKind } from '../../core/runSetup';
import { coerceBool, coerceNumber } from './values';
import type { PlanBuilder } from './builder';

export type Lookup = (key: string) => { readonly value: unknown; readonly range: SourceRange | null } | undefined;

const STAGES: readonly ShardingKind[] = ['none', 'zero1', 'zero2', 'zero3'];
const OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = {
  adam: 'adamw',
  adamw: 'adamw',
  fusedadam: 'adamw',
  onebitadam: 'adamw',
  zerooneadam: 'adamw',
  cpuadam: 'adamw',
  lion: 'lion',
  sgd: 'sgd-momentum',
  adafactor: 'adafactor',
};

/**
 * Sharding, offload and optimizer from DeepSpeed keys. `key` maps DeepSpeed's own name
 * (`zero_optimization.stage`) to the one the file spells. `defaults` says whether an absent
 * ZeRO section means DeepSpeed's stage 0 (it does for a file DeepSpeed reads whole).
 */
export type DeepspeedKeys = 'sharding' | 'offload' | 'optimizer' | 'gradReduceOverlap' | 'paramGatherOverlap';

export function deepspeedSetup(b: PlanBuilder, get: Lookup, defaults: boolean): Pick<RunSetup, DeepspeedKeys> {
  const out: {
    sharding?: Traced<ShardingKind>;
    offload?: Traced<OffloadKind>;
    optimizer?: Traced<OptimizerKind>;
    gradReduceOverlap?: Traced<boolean>;
    paramGatherOverlap?: Traced<boolean>;
  } = {};
  const stage = get('zero_optimization.stage');
  const n = stage ? coerceNumber(stage.value) : null;
  if (stage && n !== null && Number.isInteger(n) && n >= 0 && n <= 3) out.sharding = b.trace(STAGES[n]!, 'stated', 'zero_optimization.stage', stage.range);
  else if (!stage && defaults) out.sharding = b.setupDefault('none' as const, 'ZeRO stage 0: nothing sharded (DeepSpeed deepspeed/runtime/zero/config.py)');

  const device = (key: string) => {
    const e = get(key);
    return e && typeof e.value === 'string' && /^(cpu|nvme)$/i.test(e.value) ? e : undefined;
  };
  const legacy = get('zero_optimization.cpu_offload');
  const optOff = device('zero_optimization.offload_optimizer.device') ?? (legacy?.value === true ? legacy : undefined);
  const paramOff = device('zero_optimization.offload_param.device');
  if (paramOff) out.offload = b.trace('optimizer+params' as const, 'stated', 'zero_optimization.offload_param.device', paramOff.range);
  else if (optOff)
    out.offload = b.trace(
      'optimizer' as const,
      'stated',
      legacy === optOff ? 'zero_optimization.cpu_offload' : 'zero_optimization.offload_optimizer.device',
      optOff.range,
    );
  else if (defaults && out.sharding)
    out.offload = b.setupDefault('none' as const, 'no offload_optimizer/offload_param: nothing offloaded (DeepSpeed deepspeed/runtime/zero/offload_config.py)');

  // overlap_comm: gradient reduction under the backward pass. Parameter gathers do not depend on
  // it: ZeRO-3 prefetches weights ahead of use (stage3_prefetch_bucket_size); ZeRO-1/2 gather the
  // updated partitions at the end of the optimizer step (stage_1_and_2.py step(): all_gather_dp_groups).
  const overlap = get('zero_optimization.overlap_comm');
  const stated = overlap ? coerceBool(overlap.value) : null;
  const sharded = out.sharding && out.sharding.value !== 'none' ? out.sharding.value : null;
  if (overlap && stated !== null) out.gradReduceOverlap = b.trace(stated, 'stated', 'zero_optimization.overlap_comm', overlap.range);
  else if (sharded) {
    const on = sharded === 'zero3';
    out.gradReduceOverlap = b.setupDefault(
      on,
      `overlap_comm not set: ${on ? 'on' : 'off'} for ZeRO stage ${STAGES.indexOf(sharded)} (DeepSpeed deepspeed/runtime/zero/config.py: on for stage 3 only)${on ? '' : ', so gradients are reduced after the backward pass'}`,
    );
  }
  if (sharded)
    out.paramGatherOverlap = b.setupDefault(
      sharded === 'zero3',
      sharded === 'zero3'
        ? 'ZeRO-3 prefetches parameters ahead of use (stage3_prefetch_bucket_size)'
        : 'ZeRO-1/2 gather the updated weights at the end of the optimizer step (deepspeed/runtime/zero/stage_1_and_2.py), not under compute',
    );

  const type = get('optimizer.type');
  if (type && typeof type.value === 'string') {
    const kind = OPTIMIZERS[type.value.toLowerCase().replace(/[-_ ]/g, '')];
    const wMode = get('optimizer.params.adam_w_mode');
    if (kind && !(kind === 'adamw' && wMode?.value === false)) out.optimizer = b.trace(kind, 'stated', 'optimizer.type', type.range);
  }
  return out;
}
