// The `#SBATCH` header of a Slurm batch script: the options Slurm reads before the script runs
// (`#SBATCH --nodes=4`, `#SBATCH -N 4`, `#SBATCH --gres=gpu:8`). Two things are read from it:
// the node count, which Slurm also hands the script as SLURM_NNODES (shellWords.ts seeds it), and
// the GPUs per node, the world size's fallback when a launch names neither (megatronLayout.ts).
// One parser for both, so they agree on the forms: `--opt=value`, `--opt value`, `-N value`,
// `-Nvalue`; a `#` after the options starts a comment.

/** A number the header states, with where its digits are (offsets into the text) and its line. */
export interface SbatchValue {
  readonly n: number;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export interface SbatchHeader {
  /** The last `--nodes` / `-N`; a range (`2-4`) is not a count. */
  readonly nodes: SbatchValue | null;
  /** The last `--gpus-per-node`, `--ntasks-per-node` or `--gres=gpu[:type]:N`. */
  readonly perNode: SbatchValue | null;
}

const NODES = new Set(['--nodes', '-N']);
const PER_NODE = new Set(['--gpus-per-node', '--ntasks-per-node']);
const NONE: SbatchHeader = { nodes: null, perNode: null };

export function readSbatchHeader(text: string): SbatchHeader {
  if (!text.includes('#SBATCH')) return NONE;
  let nodes: SbatchValue | null = null;
  let perNode: SbatchValue | null = null;
  let lineStart = 0;
  for (let line = 0; lineStart <= text.length; line++) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const head = /^#SBATCH[ \t]+/.exec(text.slice(lineStart, lineEnd));
    if (head) {
      // Words of the line after the prefix, with their offsets, up to a comment.
      const words: Array<{ text: string; start: number }> = [];
      const re = /[^ \t\r]+/g;
      const body = text.slice(lineStart + head[0].length, lineEnd);
      for (let m = re.exec(body); m && !m[0].startsWith('#'); m = re.exec(body)) words.push({ text: m[0], start: lineStart + head[0].length + m.index });
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        const eq = /^(--[A-Za-z-]+)=(.*)$/.exec(w.text) ?? /^(-N)(\d.*)$/.exec(w.text);
        const key = eq ? eq[1]! : w.text;
        const value = eq ? { text: eq[2]!, start: w.start + eq[1]!.length + (eq[1] === '-N' ? 0 : 1) } : words[i + 1];
        if (!value) continue;
        if (NODES.has(key)) {
          if (/^\d+$/.test(value.text)) nodes = at(Number(value.text), line, value.start, value.text.length);
        } else if (PER_NODE.has(key)) {
          // --gpus-per-node takes an optional type: `a100:8`.
          const m = /^(?:[A-Za-z0-9_]+:)?(\d+)$/.exec(value.text);
          if (m) perNode = at(Number(m[1]), line, value.start + value.text.length - m[1]!.length, m[1]!.length);
        } else if (key === '--gres') {
          const m = /(^|,)(gpu(?::[A-Za-z0-9_]+)?:)(\d+)/.exec(value.text);
          if (m) perNode = at(Number(m[3]), line, value.start + m.index + m[1]!.length + m[2]!.length, m[3]!.length);
        }
      }
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return { nodes, perNode };
}

function at(n: number, line: number, start: number, length: number): SbatchValue {
  return { n, line, start, end: start + length };
}
