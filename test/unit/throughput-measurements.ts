// Loads test/fixtures/measurements/throughput-measured.tsv (the throughput model's calibration
// set) into model inputs. Shared by the calibration test and scripts/fit-throughput.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countParams, findAccelerator, type Architecture } from '../../src/core/index';
import type { RunKind, RunSetup, ShardingKind } from '../../src/core/runSetup';
import type { ThroughputInput } from '../../src/core/throughput/index';

export interface Measurement {
  readonly row: number;
  readonly label: string;
  readonly source: string;
  readonly input: ThroughputInput;
  readonly tokensPerSecPerGpu: number;
}

export interface Excluded {
  readonly row: number;
  readonly label: string;
  readonly reason: string;
}

const FILE = join(__dirname, '..', 'fixtures', 'measurements', 'throughput-measured.tsv');

/** OLMo-core's README does not give the GPU count of its table: 64 H100s assumed (8 nodes). */
export const OLMO_CORE_ASSUMED_GPUS = 64;

function accelerator(gpuType: string): string {
  if (gpuType.startsWith('A100 40GB')) return 'A100-40GB';
  if (gpuType.startsWith('A100')) return 'A100-80GB'; // "A100 80GB" or size not stated (torchtune: 80GB assumed)
  if (gpuType.startsWith('H100')) return 'H100-SXM';
  if (gpuType.startsWith('4090')) return 'RTX-4090';
  if (gpuType.startsWith('A6000')) return 'RTX-A6000';
  throw new Error(`unknown gpu_type ${gpuType}`);
}

function sharding(s: string): ShardingKind {
  if (s.includes('SHARD_GRAD_OP')) return 'fsdp-grad-op';
  if (s.startsWith('fsdp')) return 'fsdp-full';
  return 'none';
}

function rate(s: string): number {
  const parts = s.split('-').map(Number);
  return parts.length === 2 ? (parts[0]! + parts[1]!) / 2 : Number(s);
}

const t = <T>(value: T) => ({ value, origin: 'stated' as const, source: 'throughput-measured.tsv' });

export function loadMeasurements(): { readonly rows: Measurement[]; readonly excluded: Excluded[] } {
  const lines = readFileSync(FILE, 'utf8').trim().split('\n');
  const header = lines[0]!.split('\t');
  const rows: Measurement[] = [];
  const excluded: Excluded[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split('\t');
    const r: Record<string, string> = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
    const col = (k: string): string => r[k] ?? '';
    const label = `${col('model')} ${col('gpu_type').split(' (')[0]} seq ${col('seq_len')} mb ${col('micro_batch')} ×${col('gpus') || '?'}${col('precision').includes('fp8') ? ' FP8' : ''}${col('activation_checkpointing') === 'full' ? ' AC' : ''}${col('compile') === 'y' ? ' compile' : ''}${col('finetune') !== 'none' ? ` ${col('finetune')}` : ''}`;
    if (col('notes').includes('packed=False'))
      return excluded.push({ row: i + 2, label, reason: 'unpacked dataset: padding tokens are not counted, the model assumes packed sequences' });
    if (col('finetune') === 'qlora') return excluded.push({ row: i + 2, label, reason: 'QLoRA: dequantizing the NF4 base every step is not modelled' });
    const seqLen = Number(col('seq_len'));
    const isMpt = col('model').startsWith('MPT');
    const arch: Architecture = {
      layers: Number(col('layers')),
      dModel: Number(col('d_model')),
      heads: Number(col('heads')),
      kvHeads: Number(col('kv_heads')),
      headDim: Number(col('d_model')) / Number(col('heads')),
      ffn: Number(col('ffn')),
      mlp: isMpt ? 'mlp' : 'glu',
      vocab: Number(col('vocab')),
      seqLen,
      positions: isMpt ? 'learned' : 'rotary',
      norm: isMpt ? 'layernorm' : 'rmsnorm',
      linearBias: false,
      tiedEmbeddings: isMpt || col('model').startsWith('Llama 3.2'),
    };
    const gpus = col('gpus') ? Number(col('gpus')) : col('source').includes('OLMo-core') ? OLMO_CORE_ASSUMED_GPUS : 1;
    const micro = Number(col('micro_batch'));
    const setup: RunSetup = {
      microBatch: t(micro),
      ...(col('grad_accum') ? { gradAccum: t(Number(col('grad_accum'))) } : {}),
      parallel: { dp: t(col('dp') ? Number(col('dp')) : gpus), tp: t(1), pp: t(1) },
      sharding: t(sharding(col('zero_or_fsdp'))),
      checkpointing: t({ mode: col('activation_checkpointing') === 'full' ? ('full' as const) : ('none' as const) }),
      compile: t(col('compile') === 'y'),
      flashAttention: t(true),
      pipelineSchedule: t('1f1b' as const),
    };
    const kind: RunKind | undefined = col('finetune') === 'lora' ? { method: t('lora' as const) } : undefined;
    const globalSeqs = col('global_batch') ? Number(col('global_batch')) : micro * gpus * (col('grad_accum') ? Number(col('grad_accum')) : 1);
    rows.push({
      row: i + 2,
      label,
      source: col('source'),
      tokensPerSecPerGpu: rate(col('tokens_per_sec_per_gpu')),
      input: {
        arch,
        counts: countParams(arch),
        acc: findAccelerator(accelerator(col('gpu_type')))!,
        precision: col('precision').includes('fp8') ? 'fp8' : 'bf16',
        gpuCount: gpus,
        seqLen,
        batchTokens: globalSeqs * seqLen,
        setup,
        ...(kind ? { kind } : {}),
        convention: 'palm',
      },
    });
  });
  return { rows, excluded };
}
