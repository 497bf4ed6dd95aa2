// A hostile corpus, generated rather than committed (some cases are megabytes): one case per
// class of input that once froze or exhausted the analysis (issue 13), each under a file name
// its format's detector accepts, so the reader that would choke on it really runs.

export interface HostileCase {
  readonly name: string;
  /** Path relative to the corpus folder; the folder part is what detectors look at. */
  readonly file: string;
  readonly text: string;
  /** Special files (links, pipes, folders) made by the test itself instead of `text`. */
  readonly special?: 'link-dev-zero' | 'fifo' | 'directory';
  /** An ordinary file at the size limit: measured by `npm run bench`, too slow to repeat in the unit suite. */
  readonly large?: true;
}

const MB = 1_000_000;

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

const MEGATRON_TAIL =
  '--hidden-size 4096 --num-attention-heads 32 --seq-length 2048 --max-position-embeddings 2048 --micro-batch-size 1 --global-batch-size 8 --train-iters 100';
const NEOX_BODY =
  '"hidden_size": 4096,\n"num_attention_heads": 32,\n"seq_length": 2048,\n"max_position_embeddings": 2048,\n"train_micro_batch_size_per_gpu": 4,\n"train_iters": 1000,\n';

/** A chain of variables each naming the previous three times: 3^depth references if re-evaluated. */
function shellFanOut(depth: number, lazy: boolean): string {
  const lines = ['#!/bin/bash', 'V0=1'];
  for (let i = 1; i <= depth; i++) lines.push(lazy ? `V${i}=V${i - 1}+V${i - 1}+V${i - 1}` : `V${i}=$(( V${i - 1} + V${i - 1} + V${i - 1} ))`);
  lines.push(`LAYERS=$(( V${depth} % 40 + 1 ))`, `torchrun pretrain_gpt.py --num-layers $LAYERS ${MEGATRON_TAIL}`);
  return lines.join('\n') + '\n';
}

function ordinaryYaml(bytes: number): string {
  let out =
    'model:\n  name: mpt_causal_lm\n  d_model: 2048\n  n_heads: 16\n  n_layers: 24\n  max_seq_len: 2048\n  vocab_size: 50368\nmax_seq_len: 2048\nglobal_train_batch_size: 512\nmax_duration: 24800ba\ncallbacks:\n';
  let i = 0;
  while (out.length < bytes) out += `  cb_${i++}:\n    every: ${i}\n    path: ./logs/run_${i}  # trailing comment ${i}\n`;
  return out;
}

function ordinaryJson(bytes: number): string {
  const parts = ['{', NEOX_BODY, '"num_layers": 24,', '"extra": {'];
  let n = 0;
  let size = 0;
  while (size < bytes) {
    const p = `"k${n}": [${n}, "value ${n}", {"nested": ${n}}],\n`;
    parts.push(p);
    size += p.length;
    n++;
  }
  parts.push('"end": 0}}');
  return parts.join('');
}

function ordinaryToml(bytes: number): string {
  let out =
    '[job]\ndescription = "Llama 3 8B"\n\n[model]\nname = "llama3"\nflavor = "8B"\n\n[training]\nlocal_batch_size = 1\nseq_len = 8192\nsteps = 1000\n\n[metrics]\n';
  let i = 0;
  while (out.length < bytes) out += `key_${i} = "value ${i++}" # comment\n`;
  return out;
}

function ordinaryPython(bytes: number): string {
  let out = 'n_layer = 12\nn_head = 12\nn_embd = 768\nblock_size = 1024\nbatch_size = 12\ngradient_accumulation_steps = 40\nmax_iters = 600000\n';
  let i = 0;
  for (; out.length < bytes; i++) out += `out_dir_${i} = 'out-${i}'  # comment ${i}\n` + `eval_interval_${i} = ${i} * 2 + 1\n`;
  return out;
}

/** An ordinary Megatron launch script of `bytes` (one variable per line): slow to read only by its size. */
export function ordinaryShell(bytes: number): string {
  let out = '#!/bin/bash\nGPUS_PER_NODE=8\nNNODES=1\n';
  let i = 0;
  for (; out.length < bytes; i++) out += `VAR_${i}="value-${i}-$GPUS_PER_NODE"  # comment\n`;
  return out + `torchrun --nproc_per_node $GPUS_PER_NODE pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL}\n`;
}

export function hostileCases(): HostileCase[] {
  const bigWord = repeatTo('w ', 98_000);
  return [
    // Numbers that make loops or allocations unbounded.
    { name: 'NeoX with 10^20 layers', file: 'configs/pythia/huge-layers.yml', text: `{\n"num_layers": 99999999999999999999,\n${NEOX_BODY}}\n` },
    {
      name: 'NeoX MoE with 10^15 layers',
      file: 'configs/pythia/huge-moe.yml',
      text: `{\n"num_layers": 1000000000000000,\n"moe_num_experts": 8,\n"moe_top_k": 2,\n${NEOX_BODY}}\n`,
    },
    {
      name: 'NeoX with 2**53 + 1 hidden size',
      file: 'configs/pythia/unsafe-int.yml',
      text: `{\n"num_layers": 24,\n${NEOX_BODY.replace('4096', '9007199254740993')}}\n`,
    },
    {
      name: 'nanoGPT with 10**100 layers',
      file: 'config/train_huge.py',
      text: 'n_layer = 10**100\nn_head = 12\nn_embd = 768\nblock_size = 1024\nbatch_size = 12\nmax_iters = 1000\n',
    },
    { name: 'nanoGPT power tower', file: 'config/train_tower.py', text: 'n_layer = 9**9**9**9\nn_head = 12\nn_embd = 768\nblock_size = 1024\n' },
    {
      name: 'nanoGPT string multiplied to a gigabyte',
      file: 'config/train_strmul.py',
      text: "out_dir = 'x' * 10**9\nn_layer = 12\nn_head = 12\nn_embd = 768\nblock_size = 1024\n",
    },
    {
      name: 'nanoGPT list multiplied to a gigabyte',
      file: 'config/train_listmul.py',
      text: 'xs = [1] * 10**9\nn_layer = 12\nn_head = 12\nn_embd = 768\nblock_size = 1024\n',
    },
    { name: 'nanoGPT inf and nan', file: 'config/train_inf.py', text: "n_layer = float('inf')\nn_head = float('nan')\nn_embd = 768\nblock_size = 1024\n" },
    {
      name: 'Megatron with 2**62 * 4 layers',
      file: 'examples/pretrain_overflow.sh',
      text: `#!/bin/bash\ntorchrun pretrain_gpt.py --num-layers $(( 2**62 * 4 )) ${MEGATRON_TAIL}\n`,
    },
    {
      name: 'HF config.json with 1e300 vocabulary',
      file: 'config.json',
      text: '{"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 1e300}\n',
    },
    // Names that are keys of every JavaScript object: tables must be looked up by own key.
    {
      name: 'HF config.json with model_type constructor',
      file: 'config.json',
      text: '{"model_type": "constructor", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128, "vocab_size": 100}\n',
    },
    {
      name: 'HF config.json with model_type __proto__',
      file: 'config.json',
      text: '{"model_type": "__proto__", "architectures": ["toString"], "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128, "vocab_size": 100}\n',
    },
    {
      name: 'torchtitan model toString, flavor constructor',
      file: 'train_configs/proto.toml',
      text: '[model]\nname = "toString"\nflavor = "constructor"\n\n[training]\nseq_len = 2048\nsteps = 10\nlocal_batch_size = 1\n',
    },
    {
      name: 'nanoGPT dataset constructor',
      file: 'config/train_proto.py',
      text: "dataset = 'constructor'\nn_layer = 2\nn_head = 2\nn_embd = 64\nblock_size = 64\nmax_iters = 10\n",
    },
    {
      name: 'MaxText model_name constructor',
      file: 'configs/proto.yml',
      text: 'model_name: constructor\nsteps: 10\nper_device_batch_size: 1\nmax_target_length: 2048\n',
    },
    {
      name: 'Megatron tokenizer hasOwnProperty',
      file: 'examples/pretrain_proto.sh',
      text: `#!/bin/bash\ntorchrun pretrain_gpt.py --num-layers 2 --tokenizer-type hasOwnProperty --tokenizer-model constructor ${MEGATRON_TAIL}\n`,
    },
    // Work that fans out.
    { name: 'shell variables naming each other 3× per level (lazy, 20 levels)', file: 'examples/pretrain_fan_lazy.sh', text: shellFanOut(20, true) },
    { name: 'shell variables naming each other 3× per level (eager, 60 levels)', file: 'examples/pretrain_fan_eager.sh', text: shellFanOut(60, false) },
    {
      name: 'shell: a 49,000-word variable assigned 2,000 times',
      file: 'examples/pretrain_words.sh',
      text: `#!/bin/bash\nW="${bigWord}"\n${'V=$W\n'.repeat(2000)}torchrun pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL}\n`,
    },
    {
      name: 'shell: a word array doubled 30 times',
      file: 'examples/pretrain_double.sh',
      text: `#!/bin/bash\nA=(x)\n${'A=("${A[@]}" "${A[@]}")\n'.repeat(30)}torchrun pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL}\n`,
    },
    {
      name: 'shell: 1 MB of $',
      file: 'examples/pretrain_dollars.sh',
      text: `#!/bin/bash\ntorchrun pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL} ${'$'.repeat(MB)}\n`,
    },
    {
      name: 'shell: unclosed ${A[ repeated',
      file: 'examples/pretrain_unclosed.sh',
      text: `#!/bin/bash\ntorchrun pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL}\n${repeatTo('${A[', MB)}\n`,
    },
    {
      name: 'shell: unclosed quotes and $( repeated',
      file: 'examples/pretrain_quotes.sh',
      text: `#!/bin/bash\ntorchrun pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL}\n${repeatTo('"$(\'`', MB)}\n`,
    },
    {
      name: 'shell: 10,000 nested if',
      file: 'examples/pretrain_ifs.sh',
      text: `#!/bin/bash\n${'if true; then\n'.repeat(10_000)}torchrun pretrain_gpt.py --num-layers 24 ${MEGATRON_TAIL}\n${'fi\n'.repeat(10_000)}`,
    },
    {
      name: 'YAML merge key listing one anchor 200,000 times',
      file: 'yamls/pretrain/merge-fan.yaml',
      text: `base: &a {d_model: 2048, n_heads: 16}\nmodel:\n  <<: [${Array(200_000).fill('*a').join(', ')}]\n  name: mpt_causal_lm\n  n_layers: 24\n  max_seq_len: 2048\n  vocab_size: 50368\nmax_duration: 100ba\nglobal_train_batch_size: 8\n`,
    },
    {
      name: 'YAML merge key listing one anchor 200,000 times (block)',
      file: 'yamls/pretrain/merge-fan-block.yaml',
      text: `base: &a {d_model: 2048, n_heads: 16}\nmodel:\n  name: mpt_causal_lm\n  n_layers: 24\n  max_seq_len: 2048\n  vocab_size: 50368\n  <<:\n${'    - *a\n'.repeat(200_000)}max_duration: 100ba\nglobal_train_batch_size: 8\n`,
    },
    {
      name: 'YAML alias bomb',
      file: 'yamls/pretrain/laughs.yaml',
      text: `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ).join('\n')}\nmodel:\n  name: mpt_causal_lm\n  d_model: 2048\n  n_heads: 16\n  n_layers: 24\n  max_seq_len: 2048\n`,
    },
    {
      name: 'YAML 150,000 duplicate keys',
      file: 'yamls/pretrain/dupes.yaml',
      text: `model:\n  name: mpt_causal_lm\n  d_model: 2048\n  n_heads: 16\n  max_seq_len: 2048\n${'  n_layers: 24\n'.repeat(150_000)}`,
    },
    {
      name: 'YAML deep nesting with trailing comments',
      file: 'yamls/pretrain/deep-comments.yaml',
      text: `model:\n  name: mpt_causal_lm\n  d_model: 2048\n  n_heads: 16\n  n_layers: 24\n${Array.from({ length: 900 }, (_, i) => `${' '.repeat(2 * i)}k${i}:  # comment ${'c'.repeat(900)}\n`).join('')}${' '.repeat(1800)}leaf: 1\n`,
    },
    { name: 'YAML 100,000 nested flow sequences', file: 'yamls/pretrain/flow.yaml', text: `model: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` },
    { name: 'JSON 150,000 duplicate keys', file: 'configs/pythia/dupes.yml', text: `{\n${'"num_layers": 24,\n'.repeat(150_000)}${NEOX_BODY}"end": 0}\n` },
    { name: 'JSON 100,000 nested arrays', file: 'config.json', text: `{"model_type": "llama", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
    {
      name: 'TOML 10,000 nested inline tables',
      file: 'train_configs/nested.toml',
      text: `[model]\nname = "llama3"\nflavor = "8B"\nx = ${'{a = '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    },
    {
      name: 'Python 100,000 nested parentheses',
      file: 'config/train_parens.py',
      text: `n_layer = ${'('.repeat(100_000)}12${')'.repeat(100_000)}\nn_head = 12\nn_embd = 768\nblock_size = 1024\n`,
    },
    {
      // Found while adding the hybrid entry points: an unbounded [A-Za-z0-9_]* after "pretrain_" rescans the word per occurrence.
      name: '"pretrain_" 800,000 times in one word',
      file: 'train_pretrain.sh',
      text: `#!/bin/bash\n# ${'pretrain_'.repeat(800_000)}\n`,
    },
    {
      // Found in review: stringScripts looked back over a command's words at every `-c` (quadratic).
      name: 'a Megatron script with one command of 20,000 `-c` words',
      file: 'train.sh',
      text: `#!/bin/bash\nARGS="--num-layers 2"\nlaunch${' -c'.repeat(20_000)} x\n`,
    },
    {
      name: "a torchtune header's tune run line of 7 MB",
      file: 'recipes/configs/llama3_2/1B_lora.yaml',
      text: `# tune run ${'y'.repeat(7 * MB)}\nmodel:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n`,
    },
    {
      name: 'a single 8 MB line',
      file: 'config/train_oneline.py',
      text: `n_layer = 12; n_head = 12; n_embd = 768; block_size = 1024; x = '${'y'.repeat(8 * MB - 100)}'`,
    },
    { name: 'binary noise', file: 'config.json', text: Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join('') },
    // Files that are not files.
    { name: 'a link to /dev/zero', file: 'train_configs/zero.toml', text: '', special: 'link-dev-zero' },
    { name: 'a named pipe', file: 'train_configs/pipe.toml', text: '', special: 'fifo' },
    { name: 'a directory', file: 'train_configs/dir.toml', text: '', special: 'directory' },
    // Ordinary files at the size limit (8 MB): slow, not hostile.
    { name: '8 MB YAML', file: 'yamls/pretrain/big.yaml', text: ordinaryYaml(8 * MB - 4096), large: true },
    { name: '8 MB JSON', file: 'configs/pythia/big.yml', text: ordinaryJson(8 * MB - 4096), large: true },
    { name: '8 MB TOML', file: 'train_configs/big.toml', text: ordinaryToml(8 * MB - 4096), large: true },
    { name: '8 MB Python', file: 'config/train_big.py', text: ordinaryPython(8 * MB - 4096), large: true },
    { name: '8 MB shell', file: 'examples/pretrain_big.sh', text: ordinaryShell(8 * MB - 4096), large: true },
  ];
}
