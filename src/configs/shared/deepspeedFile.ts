// `deepspeed: examples/deepspeed/ds_z3_config.json` in a LLaMA-Factory, axolotl or transformers
// TrainingArguments YAML: the run's ZeRO stage, offload, optimizer and precision live in that
// JSON. The reader cannot open it (readers are pure); the host reads it (bounded size, regular
// file only: resolve/referencedFiles.ts) and passes its text in ReadContext.files. Until then
// the path is listed in ReadResult.unresolvedFiles; when the host found nothing, the reader
// says so and assumes no sharding, naming the path.

import type { Precision, SourceRange, Traced } from '../../core/plan';
import type { RunSetup } from '../../core/runSetup';
import { isFound } from '../resolve/referencedFiles';
import type { PlanBuilder } from './builder';
import type { RunRead } from './fineTune';
import { deepspeedSetup, type DeepspeedKeys } from './deepspeedSetup';

export interface DeepspeedFileRead {
  readonly setup: Pick<RunSetup, DeepspeedKeys>;
  /** `bf16.enabled: true` / `fp16.enabled: true` ("auto" is filled from the YAML, so not read). */
  readonly precision?: Traced<Precision>;
}

/** The value at a dotted path of a parsed JSON object. */
function at(o: unknown, key: string): unknown {
  let v: unknown = o;
  for (const part of key.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * What the DeepSpeed JSON at `path` says, or null while the host has not read it. `range` is
 * the `deepspeed:` line: the values point there, with the file named in their source.
 */
export function deepspeedFile(b: PlanBuilder, path: string, range: SourceRange | null, valueRange: SourceRange | null): DeepspeedFileRead | null {
  const r = b.fileResolution(path);
  if (!r) {
    b.noteUnresolvedFile(path, range);
    b.problem('info', 'linked-config', `The DeepSpeed config ${path} is not read from this file; open it to see its ZeRO stage and precision.`, valueRange);
    return null;
  }
  if (!isFound(r)) {
    b.problem(
      'info',
      'linked-config',
      `The DeepSpeed config ${path} was not found (${r.reason}): its ZeRO stage, offload and precision are unknown, so no sharding is assumed.`,
      valueRange,
    );
    return {
      setup: {
        sharding: b.trace('none' as const, 'assumed', `deepspeed: ${path}`, range, `${path} was not found: its ZeRO stage is unknown, no sharding assumed`),
      },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(r.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    b.problem('info', 'linked-config', `The DeepSpeed config ${r.location} is not JSON (${e instanceof Error ? e.message : String(e)}): not read.`, valueRange);
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    b.problem('info', 'linked-config', `The DeepSpeed config ${r.location} is not a JSON object: not read.`, valueRange);
    return null;
  }
  const get = (key: string) => {
    const v = at(json, key);
    return v === undefined ? undefined : { value: v, range };
  };
  const named = <T>(t: Traced<T> | undefined): Traced<T> | undefined =>
    t && {
      ...t,
      source: `${path}: ${t.origin === 'default' ? 'DeepSpeed default' : t.source}`,
      ...(range ? { range } : {}),
      note: t.note ? `${t.note}; read from ${r.location}` : `read from ${r.location}`,
    };
  const raw = deepspeedSetup(b, get, true);
  const setup: { -readonly [K in keyof DeepspeedFileRead['setup']]: DeepspeedFileRead['setup'][K] } = {};
  if (raw.sharding) setup.sharding = named(raw.sharding)!;
  if (raw.offload) setup.offload = named(raw.offload)!;
  if (raw.optimizer) setup.optimizer = named(raw.optimizer)!;
  if (raw.gradReduceOverlap) setup.gradReduceOverlap = named(raw.gradReduceOverlap)!;
  if (raw.paramGatherOverlap) setup.paramGatherOverlap = named(raw.paramGatherOverlap)!;
  const enabled = (k: string) => at(json, `${k}.enabled`) === true;
  const p: Precision | null = enabled('bf16') ? 'bf16' : enabled('fp16') ? 'fp16' : null;
  const precision = p ? named(b.trace(p, 'stated', `${p}.enabled`, range)) : undefined;
  return { setup, ...(precision ? { precision } : {}) };
}

/** The file's sharding, offload and optimizer over what the YAML's keys said (DeepSpeed's own optimizer section wins over `optim`). */
export function applyDeepspeedFile(run: RunRead, ds: DeepspeedFileRead): void {
  const s = (run.setup ??= {});
  if (ds.setup.sharding) s.sharding = ds.setup.sharding;
  if (ds.setup.offload) s.offload = ds.setup.offload;
  if (ds.setup.optimizer) s.optimizer = ds.setup.optimizer;
  if (ds.setup.gradReduceOverlap) s.gradReduceOverlap = ds.setup.gradReduceOverlap;
  if (ds.setup.paramGatherOverlap) s.paramGatherOverlap = ds.setup.paramGatherOverlap;
}

/** The YAML's precision, unless it only fell back to a default and the DeepSpeed file enables bf16 or fp16. */
export function withFilePrecision<P extends Traced<Precision> | null>(own: P, ds: DeepspeedFileRead | null): P | Traced<Precision> {
  if (ds?.precision && (own === null || own.origin === 'default')) return ds.precision;
  return own;
}
