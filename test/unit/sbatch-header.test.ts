// The #SBATCH header parser both the shell reader (SLURM_NNODES) and the Megatron reader (world
// size) use: the option forms Slurm accepts, offsets of the digits, and what is not a count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSbatchHeader } from '../../src/configs/shared/sbatchHeader';

const digits = (text: string, v: { start: number; end: number } | null) => (v ? text.slice(v.start, v.end) : null);

test('#SBATCH: --nodes=N, --nodes N, -N N and -NN; GPUs per node from --gpus-per-node, --ntasks-per-node or --gres', () => {
  for (const [text, nodes, perNode] of [
    ['#SBATCH --nodes=24\n#SBATCH --gres=gpu:8\n', 24, 8],
    ['#SBATCH --nodes 6 --gres=gpu:8\n', 6, 8],
    ['#SBATCH -N 3\n#SBATCH --gpus-per-node=a100:4\n', 3, 4],
    ['#SBATCH -N12\n#SBATCH --ntasks-per-node=8\n', 12, 8],
    ['#SBATCH --nodes=16\n#SBATCH --ntasks-per-node=1          # crucial\n#SBATCH --gres=gpu:4                 # number of gpus\n', 16, 4],
    ['#SBATCH --gres=nvme:1,gpu:h100:8\r\n#SBATCH --nodes=2\r\n', 2, 8],
  ] as const) {
    const h = readSbatchHeader(text);
    assert.equal(h.nodes?.n, nodes, text);
    assert.equal(h.perNode?.n, perNode, text);
    // The offsets point at the digits themselves (the shell reader gives them as the variable's range).
    assert.equal(digits(text, h.nodes), String(nodes), text);
    assert.equal(digits(text, h.perNode), String(perNode), text);
  }
});

test('#SBATCH: the last value wins; ranges, comments and lines that only mention #SBATCH are not counts', () => {
  const twice = readSbatchHeader('#SBATCH --nodes=2\n#SBATCH --nodes=4\n');
  assert.deepEqual([twice.nodes?.n, twice.nodes?.line], [4, 1]);
  assert.deepEqual(readSbatchHeader('#SBATCH --nodes=2-4\n'), { nodes: null, perNode: null });
  assert.deepEqual(readSbatchHeader('# #SBATCH --nodes=9\necho "#SBATCH -N 3"\n'), { nodes: null, perNode: null });
  assert.equal(readSbatchHeader('#SBATCH --job-name=x # --nodes=9\n').nodes, null);
  assert.equal(readSbatchHeader('#SBATCH --nodes\n').nodes, null);
  assert.deepEqual(readSbatchHeader('no header here'), { nodes: null, perNode: null });
});
