// Shared helpers for the unit tests: fixtures, line lookups, counts, fields, problem codes, sanity walks, detection.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { ReadResult } from '../../src/configs/types';
import { countParams } from '../../src/core/model';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

/** A fixture reader for one format's folder: `fixtureIn('olmo')('OLMo-1B.yaml')`. */
export function fixtureIn(folder: string): (name: string) => string {
  return (name) => fixture(`${folder}/${name}`);
}

/** Exact parameter counts of a read config (fails the test when there is no architecture). */
export function params(r: ReadResult) {
  assert.ok(r.plan.architecture, `no architecture: ${JSON.stringify(r.problems)}`);
  return countParams(r.plan.architecture.value);
}

/** Each `from → to` edit of `base` leaves no architecture and an invalid-value problem on the edited line. */
export function assertInvalidAtLines(read: (text: string) => ReadResult, base: string, cases: ReadonlyArray<readonly [string, string]>): void {
  for (const [from, to] of cases) {
    const text = base.replace(from, to);
    const r = read(text);
    assert.equal(r.plan.architecture, null, to);
    const p = r.problems.find((x) => x.code === 'invalid-value');
    assert.ok(p, `${to}: ${JSON.stringify(r.problems)}`);
    assert.equal(p.range?.startLine, lineOf(text, to.trim()), to);
  }
}

export const field = (r: ReadResult, key: string) => r.fields.find((f) => f.key === key);
export const codes = (r: ReadResult) => r.problems.map((p) => p.code);

/** 0-based line of the first line containing `needle` (after `from`). */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(needle)) return i;
  throw new Error(`"${needle}" not found`);
}

/** Every number in the plan is finite and non-negative; nothing is NaN. */
export function assertSane(r: ReadResult): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, `${path} = ${v}`);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(r.plan, 'plan');
  for (const f of r.fields) if (typeof f.value === 'number') assert.ok(Number.isFinite(f.value), `field ${f.key} = ${f.value}`);
}

/** Files of other formats, for detection: every fixture outside `exclude`, plus common non-configs. */
export function foreignFiles(exclude: readonly string[]): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: p, text: readFileSync(p, 'utf8') });
    }
  };
  // wild/, finetune/ and published-runs/ mix formats on purpose; wild-corpus.test.ts,
  // fine-tune.test.ts and throughput-published-runs.test.ts read them.
  const mixed = new Set(['workspace', 'wild', 'finetune', 'published-runs']);
  for (const dir of readdirSync(FIXTURES)) if (!exclude.includes(dir) && !mixed.has(dir)) walk(join(FIXTURES, dir));
  out.push(...NON_CONFIGS);
  return out;
}

export const NON_CONFIGS: Array<{ name: string; text: string }> = [
  {
    name: '.github/workflows/ci.yml',
    text: 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
  },
  {
    name: 'docker-compose.yml',
    text: 'version: "3.8"\nservices:\n  trainer:\n    image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n    environment:\n      - NCCL_DEBUG=INFO\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n',
  },
  {
    name: 'package.json',
    text: '{\n  "name": "demo",\n  "version": "1.0.0",\n  "scripts": { "train": "python train.py" },\n  "dependencies": { "yaml": "^2.0.0" }\n}\n',
  },
  {
    name: 'tsconfig.json',
    text: '{\n  "compilerOptions": { "target": "ES2022", "strict": true },\n  "include": ["src"]\n}\n',
  },
  {
    name: 'Cargo.toml',
    text: '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "1"\n',
  },
  {
    name: 'accelerate/default_config.yaml',
    text: 'compute_environment: LOCAL_MACHINE\ndeepspeed_config:\n  gradient_accumulation_steps: 4\n  zero_stage: 2\ndistributed_type: DEEPSPEED\nmachine_rank: 0\nmixed_precision: bf16\nnum_machines: 1\nnum_processes: 8\nuse_cpu: false\n',
  },
  {
    name: 'tokenizer_config.json',
    text: '{\n  "add_bos_token": true,\n  "model_max_length": 2048,\n  "tokenizer_class": "LlamaTokenizer"\n}\n',
  },
];
