// The accelerator catalog: every row sourced and complete, ids stable, and the values that
// were wrong or missing pinned against their datasheets (vendor "with sparsity" figures halved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCELERATORS, DEFAULT_MFU, findAccelerator, peakFor } from '../../src/core/index';
import { run } from '../../src/cli/main';

const acc = (id: string) => {
  const a = findAccelerator(id);
  assert.ok(a, `${id} is in the catalog`);
  return a;
};

test('every row has a source, positive dense peaks, memory, bandwidth and a default MFU', () => {
  for (const a of ACCELERATORS) {
    assert.ok(a.source.length > 20, `${a.id} names its source`);
    const peaks = Object.values(a.peakTflops);
    assert.ok(peaks.length > 0 && peaks.every((p) => p > 0), `${a.id} has positive peaks`);
    if (a.peakTflops.fp8 !== undefined)
      assert.ok(a.peakTflops.fp8 >= (a.peakTflops.bf16 ?? a.peakTflops.fp16 ?? 0), `${a.id}: FP8 is at least the 16-bit peak`);
    assert.ok(a.memoryGB > 0 && /\b(GB|GiB)\b/.test(a.memoryAsSold), `${a.id} memory with its unit`);
    assert.ok(a.memoryBandwidthGBs > 0, `${a.id} memory bandwidth`);
    if (a.interconnect) assert.ok(a.interconnect.GBs > 0, `${a.id} link bandwidth`);
    if (a.pricePerHour !== null) assert.ok(a.pricePerHour > 0 && a.priceSource, `${a.id} price has a source`);
    const mfu = DEFAULT_MFU[a.generation];
    assert.ok(mfu && mfu.mfu > 0 && mfu.mfu < 1 && mfu.basis.length > 10, `${a.id}: default MFU for ${a.generation}`);
  }
});

test('ids and aliases are unique, and the ids settings use still resolve', () => {
  const keys = ACCELERATORS.flatMap((a) => [a.id, ...(a.aliases ?? [])].map((k) => k.toLowerCase()));
  assert.equal(new Set(keys).size, keys.length, 'no id or alias names two rows');
  for (const id of [
    'A100-40GB',
    'A100-80GB',
    'H100-SXM',
    'H100-PCIe',
    'H100-NVL',
    'H200',
    'B200',
    'GB200',
    'MI300X',
    'L40S',
    'TPU-v3',
    'TPU-v4',
    'TPU-v5e',
    'TPU-v5p',
    'V100',
  ]) {
    assert.equal(acc(id).id, id);
  }
  for (const id of ['A10G', 'L4', 'L40', 'RTX-4090', 'RTX-3090', 'RTX-A6000', 'T4', 'H800', 'GB300', 'B300', 'MI325X', 'TPU-v6e']) assert.equal(acc(id).id, id);
  assert.equal(acc('rtx4090').id, 'RTX-4090');
  assert.equal(acc('trillium').id, 'TPU-v6e');
});

test('corrected rows: TPU v3 per chip, MI250X per GCD, H800 its own row, H100 NVL FP8, B200 usable memory', () => {
  // Cloud TPU system architecture: 32 GiB per v3 chip (16 GiB per TensorCore).
  assert.equal(acc('TPU-v3').memoryGB, (32 * 2 ** 30) / 1e9);
  assert.match(acc('TPU-v3').memoryAsSold, /^32 GiB/);
  // torchtitan get_peak_flops: 191.5e12 per GCD; 128 GB and 3.2768 TB/s per 2-GCD package.
  const gcd = acc('MI250X');
  assert.deepEqual(gcd.peakTflops, { bf16: 191.5, fp16: 191.5 });
  assert.equal(gcd.memoryGB, 64);
  assert.equal(gcd.memoryBandwidthGBs, 3276.8 / 2);
  assert.equal(acc('mi250x-gcd').id, 'MI250X');
  // H800: the H100 SXM peaks, NVLink 400 GB/s instead of 900.
  const h800 = acc('h800');
  assert.equal(h800.id, 'H800');
  assert.deepEqual(h800.peakTflops, acc('H100-SXM').peakTflops);
  assert.deepEqual(h800.interconnect, { kind: 'nvlink', GBs: 400 });
  assert.deepEqual(acc('H100-SXM').interconnect, { kind: 'nvlink', GBs: 900 });
  // H100 NVL datasheet: 3,341 FP8 TFLOPS with sparsity.
  assert.equal(acc('H100-NVL').peakTflops.fp8, 3341 / 2);
  assert.equal(peakFor(acc('H100-NVL'), 'fp8')!.tflops, 1670.5);
  // HGX B200: 1,440 GB for 8 GPUs = 180 GB usable each, against 192 GB nominal.
  assert.equal(acc('B200').memoryGB, 1440 / 8);
  assert.match(acc('B200').memoryAsSold, /192 GB HBM3e nominal/);
});

test('new rows against their datasheets', () => {
  // L4 datasheet: 242 BF16 / 485 FP8 with sparsity.
  assert.deepEqual(acc('L4').peakTflops, { bf16: 242 / 2, fp16: 242 / 2, fp8: 485 / 2 });
  assert.equal(acc('L4').memoryBandwidthGBs, 300);
  // L40 datasheet: 362.1 / 724 with sparsity; 864 GB/s.
  assert.equal(acc('L40').peakTflops.fp8, 724 / 2);
  assert.equal(acc('L40').memoryBandwidthGBs, 864);
  // Ada whitepaper, RTX 4090 with FP32 accumulate: 330.4 sparse BF16 → 165.2; 1,008 GB/s.
  assert.equal(acc('RTX-4090').peakTflops.bf16, 165.2);
  assert.equal(acc('RTX-4090').memoryBandwidthGBs, 1008);
  // GA102 whitepaper, RTX 3090 with FP32 accumulate: 142 sparse → 71; 936 GB/s.
  assert.equal(acc('RTX-3090').peakTflops.bf16, 142 / 2);
  // RTX A6000 datasheet: 309.7 tensor TFLOPS with sparsity.
  assert.equal(acc('RTX-A6000').peakTflops.bf16, 154.8);
  // T4: FP16 only; a BF16 request falls back to the FP16 peak with a note.
  assert.equal(acc('T4').peakTflops.bf16, undefined);
  assert.deepEqual(peakFor(acc('T4'), 'bf16'), { tflops: 65, dtype: 'fp16', note: 'T4 has no BF16; FP16 peak used' });
  // MI325X: the MI300X compute with 256 GB at 6 TB/s.
  assert.deepEqual(acc('MI325X').peakTflops, acc('MI300X').peakTflops);
  assert.equal(acc('MI325X').memoryGB, 256);
  assert.equal(acc('MI325X').memoryBandwidthGBs, 6000);
  // Cloud TPU v6e: 918 TFLOPS bf16, 32 GB at 1,638 GB/s, ICI 800 GB/s.
  assert.equal(acc('TPU-v6e').peakTflops.bf16, 918);
  assert.equal(acc('TPU-v6e').memoryBandwidthGBs, 1638);
  // GB300 NVL72: 360 PF dense FP8 over 72 GPUs; HGX B300: 72 PF FP8 with sparsity over 8.
  assert.equal(acc('GB300').peakTflops.fp8, 360_000 / 72);
  assert.equal(acc('B300').peakTflops.fp8, 72_000 / 8 / 2);
  assert.equal(acc('B300').memoryGB, 288);
});

test('generations with no published run say their MFU is an assumption', () => {
  for (const g of ['turing', 'blackwell-ultra', 'tpu-v6'] as const) assert.match(DEFAULT_MFU[g].basis, /assumption/);
});

test('scaling-lens gpus shows memory bandwidth and the link', () => {
  const r = run(['gpus']);
  assert.equal(r.code, 0);
  const header = r.stdout.split('\n')[0]!;
  assert.match(header, /mem GB\/s/);
  const h800 = r.stdout.split('\n').find((l) => l.startsWith('H800 '))!;
  assert.match(h800, /\b3,350\b/);
  assert.match(h800, /\b400 nvlink\b/);
  const v3 = r.stdout.split('\n').find((l) => l.startsWith('TPU-v3 '))!;
  assert.match(v3, /32 GiB/);
  const json = JSON.parse(run(['gpus', '--json']).stdout) as Array<{ id: string; memoryBandwidthGBs: number }>;
  assert.equal(json.find((a) => a.id === 'B200')!.memoryBandwidthGBs, 8000);
});
