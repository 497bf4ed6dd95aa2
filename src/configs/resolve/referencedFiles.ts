// Files a config points at by path (`deepspeed: examples/deepspeed/ds_z3_config.json` in
// LLaMA-Factory, axolotl and transformers TrainingArguments): readers are pure and cannot read
// them, so a reader lists the path (ReadResult.unresolvedFiles), the host reads it with the same
// bounded, regular-file-only source it uses for a model's config.json (node:fs in the CLI,
// vscode.workspace.fs in the editor) and the reader runs again with the text in
// ReadContext.files. Relative paths are tried against the config's folder, then the folders a
// run is launched from (workspace folders; the CLI's working directory), as the model resolver
// does: LLaMA-Factory's examples name their DeepSpeed file relative to the repository root.

import { joinPath, type ModelEnvironment, type ModelFileSource } from './modelResolver';

export interface FoundFile {
  /** The path as the config writes it. */
  readonly path: string;
  readonly text: string;
  /** The file that was read. */
  readonly location: string;
}

export interface MissingFile {
  readonly path: string;
  readonly tried: readonly string[];
  /** One sentence: why it was not read. */
  readonly reason: string;
}

export type FileResolution = FoundFile | MissingFile;

export const isFound = (r: FileResolution): r is FoundFile => 'text' in r;

/** Where a path may be, in order. */
export function fileCandidates(path: string, env: ModelEnvironment): string[] {
  const p = path.trim();
  const expanded = /^~[\\/]/.test(p) && env.home ? joinPath(env.home, p.slice(2)) : p;
  if (/^(\/|[A-Za-z]:[\\/])/.test(expanded.replace(/\\/g, '/'))) return [joinPath(expanded, '.')];
  return [...new Set([env.configDir, ...(env.roots ?? [])].map((d) => joinPath(d, expanded)))];
}

/** The file's text from the first candidate that is a readable regular file under the source's size limit. Never throws. */
export async function resolveReferencedFile(path: string, files: ModelFileSource, env: ModelEnvironment): Promise<FileResolution> {
  const tried: string[] = [];
  const problems: string[] = [];
  for (const candidate of fileCandidates(path, env)) {
    tried.push(candidate);
    try {
      const text = await files.readText(candidate);
      if (text !== null) return { path: path.trim(), text, location: candidate };
    } catch (e) {
      problems.push(`${candidate}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { path: path.trim(), tried, reason: problems[0] ?? `no file at ${tried.join(' or ')}` };
}
