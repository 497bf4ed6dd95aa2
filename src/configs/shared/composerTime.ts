// Training-duration strings of Composer (llm-foundry) and OLMo.
//
// Composer (mosaicml/composer@50db85a composer/core/time.py, `Time.from_timestring`): a
// wall-clock `XhYmZs` is tried first, then `<number><unit>` with the unit one of iter, ep, ba,
// sp, tok, dur, sec (case-insensitive). The number is read as a float first (so `3e4tok`
// works) and must be whole unless the unit is `dur`. A bare integer is epochs
// (`ensure_time(max_duration, TimeUnit.EPOCH)` in the Trainer).
//
// OLMo (allenai/OLMo@394bb22 olmo/train.py `max_steps`): an int is steps; a string ending in
// `T` is tokens (`2e12T`, float first, then truncated); ending in `ep` is epochs; any other
// string is steps via int(float(s)) (OLMo PR #385), so `739_328` works too.

export type ComposerUnit = 'iter' | 'ep' | 'ba' | 'sp' | 'tok' | 'dur' | 'sec';

export interface ComposerTime {
  readonly unit: ComposerUnit;
  /** Whole for every unit but `dur` (a fraction of the run). `sec` for `XhYmZs` too. */
  readonly value: number;
}

export type Parsed<T> = { readonly ok: true; readonly time: T } | { readonly ok: false; readonly error: string };

/** Larger values are typos, and past 2^53 they would stop being exact. */
const MAX_VALUE = 1e15;

const UNITS: readonly ComposerUnit[] = ['iter', 'ep', 'ba', 'sp', 'tok', 'dur', 'sec'];

/** Python's float() on the part before the unit: decimal, exponent, underscores between digits. */
function pythonFloat(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(t)) return null;
  const v = Number(t.replace(/_/g, ''));
  return Number.isFinite(v) ? v : null;
}

function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

/** `1h30m`, `45m`, `20s`: strptime('%Hh%Mm%Ss') in Composer, so hours < 24, minutes < 60, seconds ≤ 61. */
function wallClock(s: string): Parsed<ComposerTime> | null {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (!m || s === '') return null;
  const [h, mi, se] = [m[1], m[2], m[3]].map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number];
  if (h > 23 || mi > 59 || se > 61)
    return fail(`"${s}": Composer reads XhYmZs with strptime, so hours must be below 24, minutes below 60 and seconds below 62`);
  return { ok: true, time: { unit: 'sec', value: h * 3600 + mi * 60 + se } };
}

/**
 * Parses a Composer time (`4800ba`, `3e4tok`, `0.5dur`, `1h30m`, or a number in `intUnit`).
 * Never throws: bad input gives `{ok: false, error}` saying what is wrong.
 */
export function parseComposerTime(input: unknown, intUnit: ComposerUnit = 'ep'): Parsed<ComposerTime> {
  if (typeof input === 'number' || typeof input === 'bigint') {
    const v = Number(input);
    if (!Number.isFinite(v)) return fail(`${String(input)} is not a number`);
    if (intUnit !== 'dur' && !Number.isInteger(v)) return fail(`${v} ${intUnit} must be a whole number`);
    if (v < 0) return fail(`a duration cannot be negative (${v})`);
    if (v > MAX_VALUE) return fail(`${v} is implausibly large`);
    return { ok: true, time: { unit: intUnit, value: v } };
  }
  if (typeof input !== 'string') return fail(`expected a time string such as 4800ba or 1ep, got ${input === null ? 'null' : typeof input}`);
  const s = input.trim();
  const clock = wallClock(s);
  if (clock) return clock;
  const lower = s.toLowerCase();
  // Like Composer's `^(.+)(iter|ep|ba|sp|tok|dur|sec)$`: the greedy number part leaves the last unit.
  const unit = UNITS.find((u) => lower.endsWith(u) && lower.length > u.length);
  if (!unit) return fail(`"${s}" is not a Composer time: expected <number><unit> with unit ba, ep, tok, sp, iter, dur or sec (e.g. 4800ba), or XhYmZs`);
  const v = pythonFloat(s.slice(0, s.length - unit.length));
  if (v === null) return fail(`"${s}": "${s.slice(0, s.length - unit.length)}" is not a number`);
  if (unit !== 'dur' && !Number.isInteger(v)) return fail(`"${s}": ${unit} must be a whole number (Composer rejects ${v}${unit})`);
  if (v < 0) return fail(`"${s}": a duration cannot be negative`);
  if (v > MAX_VALUE) return fail(`"${s}" is implausibly large`);
  return { ok: true, time: { unit, value: v } };
}

export type OlmoDuration = { readonly kind: 'steps' | 'tokens' | 'epochs'; readonly value: number };

/** OLMo `max_duration`: int steps, `<x>T` tokens, `<n>ep` epochs, numeric string steps. */
export function parseOlmoDuration(input: unknown): Parsed<OlmoDuration> {
  const check = (kind: OlmoDuration['kind'], v: number, text: string): Parsed<OlmoDuration> => {
    if (v < 0) return fail(`${text}: a duration cannot be negative`);
    if (v > MAX_VALUE) return fail(`${text} is implausibly large`);
    return { ok: true, time: { kind, value: v } };
  };
  if (typeof input === 'number' || typeof input === 'bigint') {
    const v = Number(input);
    // OLMo raises TypeError for anything but int or str; a YAML float is neither.
    if (!Number.isInteger(v)) return fail(`${String(input)}: OLMo takes an integer number of steps here (or a string like "2e12T" or "1ep")`);
    return check('steps', v, String(input));
  }
  if (typeof input !== 'string') return fail(`expected steps (an integer), "<x>T" tokens or "<n>ep", got ${input === null ? 'null' : typeof input}`);
  const s = input.trim();
  if (s.endsWith('T')) {
    const v = pythonFloat(s.slice(0, -1));
    if (v === null) return fail(`"${s}": "${s.slice(0, -1).trim()}" is not a number of tokens`);
    return check('tokens', Math.trunc(v), `"${s}"`);
  }
  if (s.endsWith('ep')) {
    const body = s.slice(0, -2).trim();
    // int() in Python: digits (underscores allowed), no decimal point.
    if (!/^[+-]?\d(_?\d)*$/.test(body)) return fail(`"${s}": OLMo reads the epochs with int(), so "${body}" must be a whole number`);
    return check('epochs', Number(body.replace(/_/g, '')), `"${s}"`);
  }
  const v = pythonFloat(s);
  if (v === null) return fail(`"${s}" is not an OLMo duration: expected steps (739328), tokens ("2e12T") or epochs ("1ep")`);
  return check('steps', Math.trunc(v), `"${s}"`);
}
