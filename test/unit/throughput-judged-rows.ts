// Loads test/fixtures/measurements/throughput-judged.tsv (torchtitan's H100 benchmark tables)
// and writes each row as the torchtitan train config a user would have run: the real config of
// that release with the row's keys set. Used by throughput-judged.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

export interface Row {
  readonly source: string;
  readonly table: string;
  readonly config: string;
  readonly gpus: number;
  readonly seqLen: number;
  readonly localBatch: number;
  readonly fsdp: number;
  readonly tp: number;
  readonly pp: number;
  readonly cp: number;
  readonly schedule: string | null;
  readonly ac: 'op' | 'full';
  readonly compile: boolean;
  readonly float8: 'none' | 'tensorwise' | 'rowwise';
  readonly asyncTp: boolean;
  readonly tokensPerSecPerGpu: number;
  readonly memoryGib: number | null;
}

export function loadRows(): Row[] {
  const [head, ...lines] = readFileSync(join(FIXTURES, 'measurements', 'throughput-judged.tsv'), 'utf8')
    .trim()
    .split('\n');
  const header = head!.split('\t');
  return lines.map((line) => {
    const c = Object.fromEntries(line.split('\t').map((v, i) => [header[i]!, v])) as Record<string, string>;
    return {
      source: c.source!,
      table: c.table!,
      config: c.config!,
      gpus: Number(c.gpus),
      seqLen: Number(c.seq_len),
      localBatch: Number(c.local_batch),
      fsdp: Number(c.fsdp),
      tp: Number(c.tp),
      pp: Number(c.pp),
      cp: Number(c.cp),
      schedule: c.schedule === '-' ? null : c.schedule!,
      ac: c.ac as Row['ac'],
      compile: c.compile === 'y',
      float8: c.float8 as Row['float8'],
      asyncTp: c.async_tp === 'y',
      tokensPerSecPerGpu: Number(c.tokens_per_sec_per_gpu),
      memoryGib: c.memory_gib === '-' ? null : Number(c.memory_gib),
    };
  });
}

/** Sets `key = value` in a TOML table of the text (replacing the key's line, or adding it under the header). */
function setKey(text: string, table: string, key: string, value: string): string {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.trim() === `[${table}]`);
  if (header < 0) return `${text.trimEnd()}\n\n[${table}]\n${key} = ${value}\n`;
  let end = lines.findIndex((l, i) => i > header && /^\s*\[/.test(l));
  if (end < 0) end = lines.length;
  const at = lines.findIndex((l, i) => i > header && i < end && new RegExp(`^\\s*${key}\\s*=`).test(l));
  if (at >= 0) lines[at] = `${key} = ${value}`;
  else lines.splice(header + 1, 0, `${key} = ${value}`);
  return lines.join('\n');
}

/** The row's config: torchtitan's own train config of that release with the row's keys set, as a user would. */
export function configOf(r: Row): string {
  let text = readFileSync(join(FIXTURES, 'torchtitan', '2024-12', `${r.config}.toml`), 'utf8');
  const set = (table: string, key: string, value: string | number | boolean) =>
    (text = setKey(text, table, key, typeof value === 'string' ? `"${value}"` : String(value)));
  set('training', 'batch_size', r.localBatch);
  set('training', 'seq_len', r.seqLen);
  set('training', 'data_parallel_shard_degree', r.fsdp);
  set('training', 'tensor_parallel_degree', r.tp);
  set('training', 'compile', r.compile);
  set('experimental', 'pipeline_parallel_degree', r.pp);
  set('experimental', 'context_parallel_degree', r.cp);
  if (r.schedule) set('experimental', 'pipeline_parallel_schedule', r.schedule);
  set('experimental', 'enable_async_tensor_parallel', r.asyncTp);
  set('activation_checkpoint', 'mode', r.ac === 'op' ? 'selective' : 'full');
  if (r.ac === 'op') set('activation_checkpoint', 'selective_ac_option', 'op');
  set('float8', 'enable_float8_linear', r.float8 !== 'none');
  if (r.float8 === 'rowwise') set('float8', 'recipe_name', 'rowwise');
  // The benchmark hosts: 8 GPUs per node, 400 Gb/s of RDMA per GPU.
  return `# scaling-lens: gpu=H100-SXM gpus=${r.gpus} inter-node-gbps=3200\n${text}`;
}
