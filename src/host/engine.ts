// The one seam to the heavy part of the extension host: everything that reads configs,
// evaluates laws or builds curves and budgets lives in dist/engine.js (src/host/engine.lazy.ts),
// loaded by the one import() below the first time a curve view, a command or a law needs it.
// Editor, panels and commands take the engine from here, never from src/core or src/configs,
// so extension.js stays small (esbuild.mjs keeps `*.lazy` imports out of it). Config analyses
// do not come here: they run in the analysis worker (src/host/analysisService.ts).

export type Engine = typeof import('./engine.lazy');

let loading: Promise<Engine> | undefined;

/** The engine, loaded once. */
export function loadEngine(): Promise<Engine> {
  return (loading ??= import('./engine.lazy'));
}
