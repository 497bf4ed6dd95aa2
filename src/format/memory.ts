// Memory figures as the CLI, the editor and the webview show them. GiB = 2^30 bytes; a GPU's
// capacity is shown in GiB as well, so "of 74.5" on an 80 GB card is the same unit as the peak.

const GIB = 2 ** 30;

/** "61 GiB", "6.4 GiB", "0.31 GiB": three significant figures below 10, whole GiB above. */
export function formatGiB(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return 'unknown';
  const g = bytes / GIB;
  const text =
    g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1).replace(/\.0$/, '') : g >= 1 ? g.toFixed(2).replace(/0$/, '').replace(/\.$/, '') : g.toPrecision(2);
  return `${text} GiB`;
}

/** The bare number of GiB for "of 74.5": one decimal unless whole. */
export function formatGiBNumber(bytes: number): string {
  const g = bytes / GIB;
  return g >= 100 ? g.toFixed(0) : g.toFixed(1).replace(/\.0$/, '');
}

export interface MemoryHintInput {
  readonly perGpuBytes: number;
  readonly capacityBytes: number;
  readonly fits: boolean;
  readonly fraction: number;
  readonly lowerBound: boolean;
}

/** Above this share of the GPU the hint warns (matches core MEMORY_WARNING_FRACTION). */
const NEAR = 0.9;

/** "≈ 61 GiB/GPU of 74.5 ✓", "≥ 12 GiB/GPU of 74.5 ✓" (micro-batch assumed), "≈ 120 GiB/GPU of 74.5 ✗ out of memory". */
export function formatMemoryHint(m: MemoryHintInput): string {
  const mark = !m.fits ? '✗ out of memory' : m.fraction > NEAR ? '⚠ near the limit' : '✓';
  return `${m.lowerBound ? '≥' : '≈'} ${formatGiB(m.perGpuBytes).replace(' GiB', '')} GiB/GPU of ${formatGiBNumber(m.capacityBytes)} ${mark}`;
}

/** "512 KiB", "70.3 KB" style for per-token cache: binary units. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${+(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < GIB) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return formatGiB(bytes);
}
