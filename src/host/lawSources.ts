// Where custom and fitted laws come from, as plain data: the host reads them (settings,
// workspace state) and hands them to whoever builds laws (the analysis worker, the engine).
// Small on purpose: extension.js imports it, and it must not pull in the laws themselves.

export interface LawSources {
  /** `scalingLens.customLaws` as VS Code gives it (withheld in untrusted workspaces). */
  readonly custom: unknown;
  /** Stored fits by name (FitResult JSON), validated where the laws are built. */
  readonly fits: Readonly<Record<string, unknown>>;
}

/** Whether the customLaws setting holds anything (an empty object or list does not). */
export function customLawsSet(c: unknown): boolean {
  return c != null && (Array.isArray(c) ? c.length > 0 : typeof c !== 'object' || Object.keys(c).length > 0);
}

/** Whether there is anything beyond the built-in laws (else nothing needs loading). */
export function hasExtraLaws(sources: LawSources): boolean {
  return customLawsSet(sources.custom) || Object.keys(sources.fits).length > 0;
}
