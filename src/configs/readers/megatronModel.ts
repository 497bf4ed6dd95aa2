// The model a Megatron-LM launch builds (docs/configs.md#megatron-lm): layers, widths, heads,
// attention and MLP kinds, position embeddings, norms, the padded vocabulary and the MoE layout,
// each from its argparse flag or Megatron's default for it (NVIDIA/Megatron-LM@000c4ac
// megatron/training/arguments.py unless noted).

import type { Architecture, MoeSpec } from '../../core/architecture';
import type { Origin, Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import { findTokenizer } from '../registry/tokenizers';
import type { ArchParts } from '../shared/builder';
import { coerceNumber } from '../shared/values';
import { NAME, type MegatronFlags } from './megatronFlags';
import { unknownWhy } from '../shared/shellWords';

// ---------------------------------------------------------------------------------------------
// Tokenizers whose vocabulary size a script implies without stating it: Hub ids and aliases from
// the shared registry, then Megatron's own tokenizer types and the paths people give them.

interface KnownTokenizer {
  /** The --tokenizer-type that names it. */
  readonly type?: string;
  /** A pattern of the --tokenizer-model / --vocab-file path that names it. */
  readonly model: RegExp;
  /** The path names it only when no --tokenizer-type is given. */
  readonly untypedOnly?: boolean;
  readonly vocab: number;
  readonly name: string;
}

const MEGATRON_TOKENIZERS: readonly KnownTokenizer[] = [
  // GPT-2 BPE files (gpt2-vocab.json / gpt2-merges.txt): 50,257 entries.
  { type: 'GPT2BPETokenizer', model: /gpt2/i, untypedOnly: true, vocab: 50257, name: 'the GPT-2 BPE vocabulary' },
  // Llama 3: 128,000 BPE + 256 special tokens (registry: meta-llama/Meta-Llama-3-8B).
  { type: 'Llama3Tokenizer', model: /llama[-_ ]?3/i, vocab: 128256, name: 'the Llama 3 tokenizer' },
  // Llama 2 SentencePiece: 32,000 (registry: meta-llama/Llama-2-7b-hf).
  { type: 'Llama2Tokenizer', model: /llama[-_ ]?2/i, vocab: 32000, name: 'the Llama 2 SentencePiece tokenizer' },
  // Mixtral-8x7B / Mistral-7B-v0.1: 32,000 (registry: mistralai/Mistral-7B-v0.1).
  { model: /mixtral-8x7b|mistral-7b-v0\.1/i, vocab: 32000, name: 'the Mistral/Mixtral v0.1 tokenizer' },
  // Hub ids and paths naming StarCoder's BPE (bigcode/starcoder, bigcode/starcoderbase,
  // bigcode/starcoder2-*): 49,152 tokens (Li et al. 2023, StarCoder §5.1; their config.json vocab_size).
  { model: /starcoder/i, vocab: 49152, name: 'the StarCoder tokenizer' },
];

function knownTokenizer(type: string, model: string): { vocab: number; name: string } | null {
  // `/models/meta-llama/Meta-Llama-3-8B/` -> also try `meta-llama/Meta-Llama-3-8B`.
  const tail = model.replace(/\/+$/, '').split('/').slice(-2).join('/');
  const entry = (model && (findTokenizer(model) ?? findTokenizer(tail))) || (type ? findTokenizer(type) : undefined);
  if (entry) return { vocab: entry.vocab, name: `the ${entry.id} tokenizer` };
  const k = MEGATRON_TOKENIZERS.find((x) => (x.type !== undefined && type === x.type) || ((!x.untypedOnly || type === '') && x.model.test(model)));
  return k ? { vocab: k.vocab, name: k.name } : null;
}

// ---------------------------------------------------------------------------------------------
// The architecture

/**
 * bigscience-workshop/Megatron-DeepSpeed's `--glu-activation {geglu,liglu,reglu,swiglu}`
 * (megatron/model/glu_activations.py): the first MLP projection widens to 2 × ffn and the GLU
 * halves it (megatron/model/transformer.py ParallelMLP). The four differ in the gate's
 * nonlinearity only, so the parameter count needs the flag's presence, not its value.
 */
const GLU_ACTIVATIONS = ['geglu', 'liglu', 'reglu', 'swiglu'];

function gluActivationFlag(f: MegatronFlags): boolean {
  const flag = f.flag('--glu-activation');
  if (!flag) return false;
  const v = f.str('--glu-activation', true);
  if (v && !GLU_ACTIVATIONS.includes(v.value))
    f.b.invalid(
      '--glu-activation',
      `expected one of ${GLU_ACTIVATIONS.join(', ')} (Megatron-DeepSpeed's choices), got ${JSON.stringify(v.value)}`,
      v.word.range,
    );
  else f.b.stated('--glu-activation', v?.value ?? true, f.keyRange(flag), 'architecture');
  return true;
}

/**
 * Megatron entry points that train something other than a decoder-only language model: BERT
 * and T5 (encoder / encoder-decoder with their own heads), ICT and RETRO (retrieval encoders),
 * the vision and multimodal models. Counted as a GPT they would give a silent wrong number.
 */
/** --normalization: NVIDIA Megatron-LM's spellings and Megatron-DeepSpeed's. */
const NORMALIZATIONS: ReadonlyMap<string, 'layernorm' | 'rmsnorm'> = new Map([
  ['LayerNorm', 'layernorm'],
  ['RMSNorm', 'rmsnorm'],
  ['layernorm', 'layernorm'],
  ['rmsnorm', 'rmsnorm'],
]);

const NOT_DECODER_ENTRY = /(^|\/)pretrain_(bert|t5|ict|retro|vision_[a-z_]+|vlm|multimodal[a-z_]*)\.py$/;

export function architecture(f: MegatronFlags, entry: string, tp: number): Traced<Architecture> | null {
  const b = f.b;
  const other = NOT_DECODER_ENTRY.exec(entry);
  if (other) {
    b.problem(
      'warning',
      'unsupported-architecture',
      `${entry.split('/').pop()} trains a ${other[2] === 't5' ? 'T5 encoder-decoder' : other[2] === 'bert' ? 'BERT encoder' : `${other[2]} model`}, not a decoder-only language model; Scaling Lens cannot count its parameters exactly, so it gives no count.`,
      null,
    );
    return null;
  }
  const parts: ArchParts = {};
  const layers = f.int('--num-layers', 'architecture', 1) ?? f.int('--encoder-num-layers', 'architecture', 1);
  if (layers) parts.layers = layers;
  const hidden = f.int('--hidden-size', 'architecture', 1);
  if (hidden) parts.dModel = hidden;
  const heads = f.int('--num-attention-heads', 'architecture', 1);
  if (heads) parts.heads = heads;

  const gqa = f.bool('--group-query-attention', 'architecture');
  const groups = f.int('--num-query-groups', 'architecture', 1);
  // bigcode-project/Megatron-LM (StarCoder's fork): --attention-head-type multiquery shares one
  // key/value head across all heads (its arguments.py, choices multihead / multiquery).
  const headType = f.str('--attention-head-type');
  if (headType) {
    b.stated('--attention-head-type', headType.value, f.fieldRange(headType.flag, headType.word), 'architecture');
    if (headType.value === 'multiquery') parts.kvHeads = b.trace(1, 'stated', '--attention-head-type multiquery', headType.word.range);
    else if (headType.value !== 'multihead')
      b.invalid('--attention-head-type', `expected multihead or multiquery, got ${JSON.stringify(headType.value)}`, headType.word.range);
  }
  if (headType?.value === 'multiquery') {
    // Set above; GQA flags do not apply on that fork.
  } else if (gqa) {
    // --num-query-groups defaults to 1 (multi-query attention) once GQA is on.
    parts.kvHeads =
      groups ??
      b.frameworkDefault('--num-query-groups', 1, 'architecture', 'Megatron default with --group-query-attention: 1 key/value group (multi-query attention)');
  } else if (groups) {
    b.problem(
      'info',
      'ignored-flag',
      '--num-query-groups has no effect without --group-query-attention: Megatron gives every attention head its own keys and values.',
      f.keyRange(f.flag('--num-query-groups')!),
    );
  }
  const kvChannels = f.int('--kv-channels', 'architecture', 1);
  if (kvChannels) parts.headDim = kvChannels;

  const swiglu = f.bool('--swiglu', 'architecture');
  const geglu = f.bool('--quick-geglu', 'architecture');
  f.bool('--squared-relu', 'architecture');
  const gluActivation = gluActivationFlag(f);
  const glu = swiglu || geglu || gluActivation;
  parts.mlp = b.trace(
    glu ? 'glu' : 'mlp',
    glu ? 'stated' : 'default',
    swiglu ? '--swiglu' : geglu ? '--quick-geglu' : gluActivation ? '--glu-activation' : `${NAME} default (GELU MLP)`,
  );
  const ffn = f.int('--ffn-hidden-size', 'architecture', 1);
  if (ffn) parts.ffn = ffn;
  else if (hidden) {
    // arguments.py validate_args: 4h, or for SwiGLU int((4h·2/3)/64)·64 to keep the parameter count.
    // Megatron-DeepSpeed's --glu-activation keeps the 4h default (its arguments.py sets
    // ffn_hidden_size = 4h whatever the activation), hence no --swiglu rule for it.
    const h = hidden.value;
    parts.ffn = swiglu
      ? b.derived(
          '--ffn-hidden-size',
          Math.floor((4 * h * 2) / 3 / 64) * 64,
          'architecture',
          `Megatron default with --swiglu: int(4 × ${h} × 2/3 / 64) × 64`,
          null,
          'default',
        )
      : b.frameworkDefault('--ffn-hidden-size', 4 * h, 'architecture', `Megatron default: 4 × hidden size ${h}`);
  }

  const seq = f.int('--seq-length', 'architecture', 1, 2 ** 31) ?? f.int('--encoder-seq-length', 'architecture', 1, 2 ** 31);
  if (seq) parts.seqLen = seq;
  const maxPos = f.int('--max-position-embeddings', 'architecture', 1, 2 ** 31);

  const posFlag = f.str('--position-embedding-type');
  let pos = posFlag?.value ?? 'learned_absolute';
  let posSource = posFlag ? '--position-embedding-type' : `${NAME} default (learned_absolute)`;
  if (f.has('--use-rotary-position-embeddings')) {
    pos = 'rope';
    posSource = '--use-rotary-position-embeddings';
  } else if (f.has('--enable-gpt-oss')) {
    // megatron/post_training/model_builder.py: GPT-OSS mode sets position_embedding_type "yarn" (rotary, no table) whatever the flag says.
    pos = 'yarn';
    posSource = '--enable-gpt-oss';
  } else if (f.has('--no-position-embedding') && !posFlag) {
    pos = 'none';
    posSource = '--no-position-embedding';
  }
  if (posFlag) b.stated('--position-embedding-type', posFlag.value, f.fieldRange(posFlag.flag, posFlag.word), 'architecture');
  // Megatron-LM's names, then Megatron-DeepSpeed's (bigscience-workshop/Megatron-DeepSpeed
  // megatron/enums.py PositionEmbeddingType: absolute, rotary, alibi; BLOOM trained with alibi).
  const positions =
    pos === 'rope' || pos === 'mrope' || pos === 'rotary' || pos === 'yarn'
      ? 'rotary'
      : pos === 'learned_absolute' || pos === 'absolute'
        ? 'learned'
        : pos === 'alibi'
          ? 'alibi'
          : pos === 'none' || pos === 'relative'
            ? 'none'
            : null;
  if (positions === null) {
    b.invalid(
      '--position-embedding-type',
      `unknown type ${JSON.stringify(pos)} (Megatron-LM accepts learned_absolute, rope, mrope, yarn, relative, none; Megatron-DeepSpeed absolute, rotary, alibi)`,
      posFlag?.word.range ?? null,
    );
  } else {
    parts.positions = b.trace(positions, posFlag || posSource !== `${NAME} default (learned_absolute)` ? 'stated' : 'default', posSource, posFlag?.word.range);
    if (pos === 'relative')
      b.problem(
        'info',
        'approximate-count',
        'Relative position embeddings (a small bias table per attention head) are not counted.',
        posFlag?.word.range ?? null,
      );
    if (positions === 'learned') {
      if (maxPos) parts.maxPositions = maxPos;
      else if (seq)
        b.problem(
          'warning',
          'missing-value',
          'Learned position embeddings need --max-position-embeddings (Megatron requires it); --seq-length is used for the table size.',
          f.keyRange(f.flag('--seq-length') ?? f.flag('--num-layers')!),
        );
    }
  }
  if (maxPos && seq && maxPos.value < seq.value)
    b.invalid('--max-position-embeddings', `must be at least --seq-length ${seq.value} (Megatron asserts it)`, maxPos.range ?? null);

  // NVIDIA Megatron-LM spells the choices LayerNorm / RMSNorm; Megatron-DeepSpeed layernorm / rmsnorm
  // (microsoft/Megatron-DeepSpeed@f4157bea megatron/arguments.py: choices=['layernorm', 'rmsnorm']).
  const normFlag = f.str('--normalization');
  const norm = normFlag ? NORMALIZATIONS.get(normFlag.value) : undefined;
  if (normFlag) {
    b.stated('--normalization', normFlag.value, f.fieldRange(normFlag.flag, normFlag.word), 'architecture');
    if (!norm)
      b.invalid(
        '--normalization',
        `expected LayerNorm or RMSNorm (Megatron-DeepSpeed: layernorm or rmsnorm), got ${JSON.stringify(normFlag.value)}`,
        normFlag.word.range,
      );
  }
  parts.norm = b.trace(norm ?? 'layernorm', normFlag ? 'stated' : 'default', normFlag ? '--normalization' : `${NAME} default (LayerNorm with bias)`);
  const noBias = f.bool('--disable-bias-linear', 'architecture');
  parts.linearBias = b.trace(!noBias, noBias ? 'stated' : 'default', noBias ? '--disable-bias-linear' : `${NAME} default (biases on linear layers)`);
  if (f.bool('--add-qkv-bias', 'architecture')) parts.qkvBias = b.trace(true, 'stated', '--add-qkv-bias');
  if (f.bool('--qk-layernorm', 'architecture')) parts.qkNorm = b.trace('per-head', 'stated', '--qk-layernorm');
  // Megatron-DeepSpeed: a LayerNorm right after the word embedding (BLOOM).
  if (f.bool('--embed-layernorm', 'architecture')) parts.embeddingNorm = b.trace(true, 'stated', '--embed-layernorm');
  const untie = f.bool('--untie-embeddings-and-output-weights', 'architecture');
  parts.tiedEmbeddings = b.trace(
    !untie,
    untie ? 'stated' : 'default',
    untie ? '--untie-embeddings-and-output-weights' : `${NAME} default (output layer tied to the embedding)`,
  );

  const vocab = vocabulary(f, tp);
  if (vocab) parts.vocab = vocab;

  const moe = moeSpec(f, parts.ffn?.value, layers?.value);
  if (moe) parts.moe = moe;

  if (f.bool('--multi-latent-attention', 'architecture')) {
    // NVIDIA/Megatron-LM@d98e8a6 megatron/training/arguments.py: --q-lora-rank None (a full
    // query projection), --kv-lora-rank 32, --qk-head-dim 128, --qk-pos-emb-head-dim 64,
    // --v-head-dim 128; megatron/core/transformer/multi_latent_attention.py builds the shapes.
    const rank = (key: string, value: number, note: string) =>
      f.int(key, 'architecture', 0) ?? b.frameworkDefault(key, value, 'architecture', `Megatron default: ${note}`);
    const qLora = f.int('--q-lora-rank', 'architecture', 1);
    const kvLora = rank('--kv-lora-rank', 32, 'kv_lora_rank 32');
    const nope = rank('--qk-head-dim', 128, 'qk_head_dim 128');
    const ropeDim = rank('--qk-pos-emb-head-dim', 64, 'qk_pos_emb_head_dim 64');
    const vDim = rank('--v-head-dim', 128, 'v_head_dim 128');
    parts.mla = b.trace(
      { qLoraRank: qLora?.value ?? 0, kvLoraRank: kvLora.value, qkNopeHeadDim: nope.value, qkRopeHeadDim: ropeDim.value, vHeadDim: vDim.value },
      'stated',
      '--multi-latent-attention',
      f.keyRange(f.flag('--multi-latent-attention')!),
      `multi-latent attention: q rank ${qLora?.value ?? 'none (full query projection)'}, kv rank ${kvLora.value}, head dims ${nope.value} + ${ropeDim.value} rope, v ${vDim.value}`,
    );
    // The q/kv latent norms exist only with --qk-layernorm (mla_qk_norm_config.py); the counter always adds them.
    delete parts.qkNorm;
    if (!f.has('--qk-layernorm'))
      b.problem(
        'warning',
        'approximate-count',
        `Without --qk-layernorm Megatron builds no norms on the query and key/value latents; the count includes them (${((qLora?.value ?? 0) + kvLora.value) * (parts.norm?.value === 'rmsnorm' ? 1 : 2)} weights per layer too many).`,
        f.keyRange(f.flag('--multi-latent-attention')!),
      );
  }
  // NVIDIA/Megatron-LM@d98e8a6: --softmax-type learnable keeps one learnable sink logit per head
  // and layer (dot_product_attention.py); --window-size L,R windows L + 1 keys on the layers
  // core/transformer/utils.py is_layer_window_attention picks (1-based layer % N != 0 for an
  // integer --window-attn-skip-freq N, the 1s of a pattern, every layer without it).
  const softmax = f.str('--softmax-type');
  if (softmax?.value === 'learnable') parts.attentionSinks = b.trace(true, 'stated', '--softmax-type', softmax.word.range);
  const window = f.str('--window-size');
  if (window && layers) {
    const left = /^\(?\s*(\d+)\s*,\s*-?\d+\s*\)?$/.exec(window.value)?.[1];
    if (left === undefined) b.invalid('--window-size', `expected "left,right" (e.g. 127,0), got ${JSON.stringify(window.value)}`, window.word.range);
    else {
      const skip = f.flag('--window-attn-skip-freq')?.values[0];
      const skipInt = skip?.known ? coerceNumber(skip.text) : null;
      const skipPattern = skip?.known && skipInt === null ? layerPattern(skip.text) : null;
      const n = layers.value;
      const windowed =
        skip === undefined
          ? n
          : skipInt !== null && Number.isInteger(skipInt) && skipInt >= 1
            ? n - Math.floor(n / skipInt)
            : skipPattern && skipPattern.length === n
              ? skipPattern.filter((x) => x === 1).length
              : null;
      if (windowed === null)
        b.problem(
          'warning',
          'approximate-count',
          `--window-attn-skip-freq ${skip?.text ?? ''}: which layers are windowed is not known; attention FLOPs count every layer in full.`,
          skip?.range ?? null,
        );
      else if (windowed > 0)
        parts.slidingWindow = b.trace(
          { window: Number(left) + 1, layers: windowed },
          'stated',
          '--window-size',
          window.word.range,
          `sliding-window attention of ${Number(left) + 1} keys on ${windowed} of ${n} layers`,
        );
    }
  }
  const mtp = f.int('--mtp-num-layers', 'architecture', 0);
  if (mtp && mtp.value > 0)
    b.problem(
      'warning',
      'approximate-count',
      `The ${mtp.value} multi-token-prediction layer${mtp.value === 1 ? ' is' : 's are'} not counted.`,
      mtp.range ?? null,
    );

  if (f.has('--heterogeneous-layers-config-path')) {
    b.problem(
      'warning',
      'unsupported-architecture',
      'The layers come from the JSON file given by --heterogeneous-layers-config-path, which is not read here: no count (the flags describe a uniform model the run does not build).',
      f.keyRange(f.flag('--heterogeneous-layers-config-path')!),
    );
    return null;
  }
  if (/pretrain_(mamba|hybrid)/.test(entry) || f.has('--hybrid-override-pattern') || f.has('--hybrid-layer-pattern')) {
    b.problem(
      'warning',
      'unsupported-architecture',
      'Mamba and hybrid Mamba models are not counted yet: the parameter count is left out. Tokens and batch are still read.',
      (f.flag('--hybrid-layer-pattern') ?? f.flag('--hybrid-override-pattern'))?.keyWord.range ?? null,
    );
    return null;
  }
  // Name what is missing: a script with every shape flag but a tokenizer Scaling Lens cannot size needs the vocabulary, not the flags it has.
  const shapeKnown = parts.layers && parts.dModel && parts.heads && parts.seqLen;
  return b.architecture(
    parts,
    shapeKnown
      ? 'Give the vocabulary: --vocab-size (or --padded-vocab-size), a tokenizer Scaling Lens knows, or `# scaling-lens: vocab=N`.'
      : 'Megatron needs --num-layers, --hidden-size, --num-attention-heads and --seq-length on the pretrain_gpt.py line.',
  );
}

/** The embedding rows: tokenizer size (or --vocab-size) padded to make-vocab-size-divisible-by × TP. */
function vocabulary(f: MegatronFlags, tp: number): Traced<number> | undefined {
  const b = f.b;
  const type = f.str('--tokenizer-type');
  if (type) b.stated('--tokenizer-type', type.value, f.fieldRange(type.flag, type.word), 'architecture');
  // The name or path of the tokenizer: Megatron-LM's --tokenizer-model, Megatron-DeepSpeed's
  // --tokenizer-name-or-path (PretrainedFromHF), bigcode's --tokenizer-file, or the vocab file.
  const model =
    f.str('--tokenizer-model', true)?.value ??
    f.str('--tokenizer-name-or-path', true)?.value ??
    f.str('--tokenizer-file', true)?.value ??
    f.str('--vocab-file', true)?.value ??
    '';
  const stated = f.int('--vocab-size', 'architecture', 1, 2 ** 31);
  const divisible = f.int('--make-vocab-size-divisible-by', 'architecture', 1) ?? f.defaultInt(128, 'Megatron default 128');
  const typeName = type?.value ?? '';
  // Megatron-DeepSpeed: --pad-vocab-size-to is the padded size itself, whatever the tokenizer
  // (megatron/tokenizer/tokenizer.py _vocab_size_with_padding; BLOOM: 250,880).
  // NVIDIA/Megatron-LM@d98e8a6 --padded-vocab-size: the embedding's row count itself
  // (megatron/training/tokenizer/build_tokenizer.py), as Megatron-DeepSpeed's --pad-vocab-size-to.
  const padKey = f.has('--pad-vocab-size-to') ? '--pad-vocab-size-to' : '--padded-vocab-size';
  const padTo = f.int(padKey, 'architecture', 1, 2 ** 31);
  if (padTo) {
    if (padKey === '--pad-vocab-size-to' && padTo.value % divisible.value !== 0)
      b.invalid(
        '--pad-vocab-size-to',
        `${formatInteger(padTo.value)} is not divisible by --make-vocab-size-divisible-by ${divisible.value} (Megatron-DeepSpeed refuses it)`,
        padTo.range ?? null,
      );
    return b.derived('vocab (padded)', padTo.value, 'architecture', `${padKey} ${formatInteger(padTo.value)}`, padTo.range ?? null, 'stated');
  }

  let raw: Traced<number>;
  if (typeName === 'NullTokenizer' && stated) {
    // Mock data: since NVIDIA/Megatron-LM c9dfe34 (2026-04-22, "Enable NullTokenizer for
    // pretraining") NullTokenizer.vocab_size is --vocab-size exactly, the end-of-document id
    // being vocab_size - 1 (megatron/core/tokenizers/text/libraries/null_tokenizer.py at
    // d98e8a6). Before, it was --vocab-size + 1; scripts run on older checkouts have one more row.
    raw = b.derived(
      'vocab (NullTokenizer)',
      stated.value,
      'architecture',
      `NullTokenizer: --vocab-size ${formatInteger(stated.value)} (current Megatron-LM; before April 2026 it added 1 end-of-document row)`,
      stated.range,
    );
    b.problem(
      'info',
      'mock-tokenizer',
      `NullTokenizer (mock data): the embedding has --vocab-size ${formatInteger(stated.value)} rows before padding, as current Megatron-LM builds it; checkouts before April 2026 added an end-of-document row (${formatInteger(stated.value + 1)}).`,
      stated.range ?? null,
    );
  } else if (stated) {
    raw = stated;
  } else {
    const hint = b.vocabHint();
    const known = knownTokenizer(typeName, model);
    const mergeFile = f.has('--merge-file');
    if (hint) raw = hint;
    else if (known || (typeName === '' && mergeFile)) {
      // Merge files belong to GPT-2-style BPE.
      const k = known ?? { vocab: 50257, name: 'the GPT-2 BPE vocabulary' };
      raw = b.assumed(
        'vocab',
        k.vocab,
        'architecture',
        k.name,
        `the tokenizer files are not read; ${formatInteger(k.vocab)} is ${k.name}. Add \`# scaling-lens: vocab=N\` if yours differs`,
      );
    } else if (typeName !== '' && typeName !== 'GPT2BPETokenizer') {
      // A tokenizer the script names but does not size (a Hub id or a file not in the registry):
      // its vocabulary is unknown, and so is every count that needs it.
      b.problem(
        'warning',
        'unknown-tokenizer',
        `The vocabulary size is not in the script: ${typeName}${model ? ` ${JSON.stringify(model)}` : ''} is not a tokenizer Scaling Lens knows, so the parameter count is unknown. Add --vocab-size or \`# scaling-lens: vocab=N\`.`,
        type?.word.range ?? null,
      );
      return undefined;
    } else {
      b.problem(
        'warning',
        'assumed-vocab',
        `The vocabulary size is not in the script${typeName ? ` (${typeName})` : ''}: 50,257 (GPT-2) is assumed. Add --vocab-size or \`# scaling-lens: vocab=N\`.`,
        type?.word.range ?? null,
        b.directiveFix('vocab', 'vocab=50257'),
      );
      raw = b.assumed('vocab', 50257, 'architecture', 'built-in assumption (GPT-2 vocabulary)', 'the tokenizer is not known from the script');
    }
  }
  const multiple = divisible.value * tp;
  const padded = Math.ceil(raw.value / multiple) * multiple;
  const origin: Origin = raw.origin === 'assumed' ? 'assumed' : 'derived';
  return b.derived(
    'vocab (padded)',
    padded,
    'architecture',
    padded === raw.value
      ? `${formatInteger(raw.value)}, already a multiple of ${multiple} (make-vocab-size-divisible-by ${divisible.value} × TP ${tp})`
      : `${formatInteger(raw.value)} padded to a multiple of ${multiple} (make-vocab-size-divisible-by ${divisible.value} × TP ${tp})`,
    raw.range ?? null,
    origin,
  );
}

/** Flags only microsoft/Megatron-DeepSpeed's MoE has, and Megatron-LM's MoE flags it lacks. */
const DEEPSPEED_MOE_FLAGS = ['--expert-interval', '--topk', '--mlp-type', '--moe-expert-parallel-size'];
const MEGATRON_MOE_FLAGS = ['--moe-router-topk', '--moe-layer-freq', '--expert-model-parallel-size', '--moe-ffn-hidden-size'];

/** Whether `--num-experts` means DeepSpeed-MoE's list (microsoft/Megatron-DeepSpeed) rather than Megatron-LM's count. */
export function isDeepSpeedMoe(f: MegatronFlags): boolean {
  if (DEEPSPEED_MOE_FLAGS.some((k) => f.has(k))) return true;
  return f.has('--deepspeed') && !MEGATRON_MOE_FLAGS.some((k) => f.has(k));
}

/**
 * microsoft/Megatron-DeepSpeed's MoE (DeepSpeed-MoE, Rajbhandari et al. 2022), as
 * microsoft/Megatron-DeepSpeed@f4157bea builds it (megatron/arguments.py,
 * megatron/model/transformer.py get_num_experts_per_layer): `--num-experts` is one count or one per MoE
 * layer; experts sit on every `--expert-interval`-th layer (default 2), the last of each period
 * (1-based layer_num % interval == 0); `--topk` experts per token (default 1); every expert is
 * the dense MLP's width; `--mlp-type residual` is PR-MoE, which adds a dense MLP and a d → 2
 * mixing layer to each MoE layer.
 */
function deepSpeedMoeSpec(f: MegatronFlags, ffn: number | undefined, layers: number | undefined): Traced<MoeSpec> | undefined {
  const b = f.b;
  const flag = f.flag('--num-experts')!;
  const counts: number[] = [];
  for (const w of flag.values) {
    if (!w.known) {
      b.problem('warning', 'unknown-value', `--num-experts: the value comes from ${unknownWhy(w)}.`, w.range);
      return undefined;
    }
    const n = coerceNumber(w.text);
    if (n === null || !Number.isInteger(n) || n < 1 || n > 1e6) {
      b.invalid('--num-experts', `expected whole numbers of experts, got ${JSON.stringify(w.text)}`, w.range);
      return undefined;
    }
    counts.push(n);
  }
  if (counts.length === 0 || counts.every((n) => n <= 1)) return undefined;
  const range = f.fieldRange(flag, flag.values[0]);
  const interval =
    f.int('--expert-interval', 'architecture', 1, 1e6) ??
    b.frameworkDefault('--expert-interval', 2, 'architecture', 'Megatron-DeepSpeed default: experts on every 2nd layer');
  const topK = f.int('--topk', 'architecture', 1, 1e6) ?? b.frameworkDefault('--topk', 1, 'architecture', 'Megatron-DeepSpeed default: top-1 gating');
  if (ffn === undefined) return undefined;
  const mlpType = f.str('--mlp-type');
  if (mlpType && mlpType.value !== 'standard' && mlpType.value !== 'residual')
    b.invalid('--mlp-type', `expected standard or residual, got ${JSON.stringify(mlpType.value)}`, mlpType.word.range);
  else if (mlpType) b.stated('--mlp-type', mlpType.value, f.fieldRange(mlpType.flag, mlpType.word), 'architecture');
  const residual = mlpType?.value === 'residual';
  const moeLayers = layers !== undefined ? Math.floor(layers / interval.value) : undefined;
  if (counts.length > 1 && moeLayers !== undefined && counts.length !== moeLayers) {
    b.invalid(
      '--num-experts',
      `${counts.length} counts for ${moeLayers} MoE layers (${layers} layers, one in ${interval.value}); Megatron-DeepSpeed needs one count or one per MoE layer`,
      range,
    );
    return undefined;
  }
  const experts = counts[0]!;
  if (counts.some((n) => n !== experts)) {
    const groups = [...new Set(counts)].map((n) => `${n} in ${counts.filter((c) => c === n).length}`).join(', ');
    b.problem(
      'warning',
      'approximate-count',
      `--num-experts varies by layer (${groups} MoE layers, a PR-MoE pyramid); the counter gives every MoE layer ${experts} experts, so the total is approximate.`,
      range,
    );
  }
  const spec: MoeSpec = {
    experts,
    topK: topK.value,
    expertFfn: ffn,
    sharedExperts: residual ? 1 : 0,
    ...(residual ? { residualCoefficient: true } : {}),
    denseLayers: 0,
    layerFrequency: interval.value,
    layerPhase: interval.value - 1,
  };
  return b.trace(spec, 'stated', '--num-experts', range);
}

function moeSpec(f: MegatronFlags, ffn: number | undefined, layers: number | undefined): Traced<MoeSpec> | undefined {
  const b = f.b;
  if (f.has('--num-experts') && isDeepSpeedMoe(f)) return deepSpeedMoeSpec(f, ffn, layers);
  const experts = f.int('--num-experts', 'architecture', 0, 1e6);
  // One expert is a dense MLP: Megatron-DeepSpeed's `--num-experts` defaults to [1] ("1 means
  // dense", megatron/arguments.py), and its MoE example scripts pass EP_SIZE=1 for dense runs.
  // No router default (top-k 2) may then reject the script.
  if (!experts || experts.value <= 1) return undefined;
  const topK =
    f.int('--moe-router-topk', 'architecture', 1, 1e6) ?? b.frameworkDefault('--moe-router-topk', 2, 'architecture', 'Megatron default: 2 experts per token');
  const expertFfn =
    f.int('--moe-ffn-hidden-size', 'architecture', 1) ??
    (ffn !== undefined ? b.frameworkDefault('--moe-ffn-hidden-size', ffn, 'architecture', `Megatron default: the dense --ffn-hidden-size ${ffn}`) : undefined);
  if (!expertFfn) return undefined;
  const shared = f.int('--moe-shared-expert-intermediate-size', 'architecture', 1);
  const gate = f.has('--moe-shared-expert-gate');
  let denseLayers = 0;
  let layerFrequency = 1;
  let layerPhase = 0;
  const freq = f.flag('--moe-layer-freq');
  const freqWord = freq?.values[0];
  if (freq && freqWord) {
    const pattern = freqWord.known ? layerPattern(freqWord.text) : null;
    const asInt = freqWord.known ? coerceNumber(freqWord.text) : null;
    if (asInt !== null && Number.isInteger(asInt) && asInt >= 1) layerFrequency = asInt;
    else if (pattern && layers !== undefined && pattern.length !== layers) {
      b.invalid(
        '--moe-layer-freq',
        `the pattern has ${pattern.length} entries for ${layers} layers (Megatron requires one per layer); every layer is counted as MoE`,
        freqWord.range,
      );
    } else if (pattern && layers !== undefined) {
      const fit = fitPattern(pattern, layers);
      if (fit) ({ denseLayers, layerFrequency, layerPhase } = fit);
      else {
        // The count and Megatron's FLOPs depend only on how many layers are MoE: those are placed
        // last, which moves them between pipeline stages but not in the total.
        denseLayers = pattern.filter((p) => p !== 1).length;
        b.problem(
          'info',
          'approximate-count',
          `--moe-layer-freq ${freqWord.text}: its ${layers - denseLayers} MoE layers are counted exactly, but placed after its ${denseLayers} dense ones, so per-stage memory of a pipeline is approximate.`,
          freqWord.range,
        );
      }
    } else b.invalid('--moe-layer-freq', `expected a whole number or a pattern like "([0]+[1]*23)", got ${JSON.stringify(freqWord.text)}`, freqWord.range);
    b.stated('--moe-layer-freq', freqWord.text, f.fieldRange(freq, freqWord), 'architecture');
  }
  const spec: MoeSpec = {
    experts: experts.value,
    topK: topK.value,
    expertFfn: expertFfn.value,
    sharedExperts: shared ? 1 : 0,
    ...(shared ? { sharedFfn: shared.value } : {}),
    ...(gate ? { sharedExpertGate: true } : {}),
    denseLayers,
    layerFrequency,
    ...(layerPhase ? { layerPhase } : {}),
    // NVIDIA/Megatron-LM@d98e8a6 moe/router.py: the router has a bias whenever linear layers do.
    ...(f.has('--disable-bias-linear') ? {} : { routerBias: true }),
  };
  return b.trace(spec, 'stated', '--num-experts', experts.range);
}

/** `([0]+[1]*23)`-style patterns (Megatron's moe_freq_type): only [], digits, commas, +, *, parens. */
function layerPattern(text: string): number[] | null {
  const s = text.replace(/^['"]|['"]$/g, '').replace(/\s+/g, '');
  if (!s.includes('[') || /[^,\d[\]()+*]/.test(s)) return null;
  let pos = 0;
  let depth = 0;
  const LIMIT = 100_000;
  // expr := term ('+' term)* ; term := atom ('*' int)* ; atom := '[' ints ']' | '(' expr ')' | int
  const expr = (): number[] | null => {
    if (++depth > 50) return null;
    let out = term();
    while (out && s[pos] === '+') {
      pos++;
      const t = term();
      out = t && out.length + t.length <= LIMIT ? [...out, ...t] : null;
    }
    depth--;
    return out;
  };
  const int = (): number | null => {
    const m = /^\d+/.exec(s.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };
  const term = (): number[] | null => {
    let out = atom();
    while (out && s[pos] === '*') {
      pos++;
      const n = int();
      if (n === null || out.length * n > LIMIT) return null;
      const base: number[] = out;
      out = Array.from({ length: base.length * n }, (_, i) => base[i % base.length]!);
    }
    return out;
  };
  const atom = (): number[] | null => {
    if (s[pos] === '[') {
      pos++;
      const items: number[] = [];
      while (s[pos] !== ']') {
        const n = int();
        if (n === null) return null;
        items.push(n);
        if (s[pos] === ',') pos++;
        else if (s[pos] !== ']') return null;
      }
      pos++;
      return items;
    }
    if (s[pos] === '(') {
      pos++;
      const e = expr();
      if (s[pos] !== ')') return null;
      pos++;
      return e;
    }
    return null;
  };
  const r = expr();
  return r && pos === s.length ? r : null;
}

/** The pattern as "k dense layers, then every n-th layer from phase p" (model.isMoeLayer), if it is one. */
function fitPattern(pattern: readonly number[], layers: number): { denseLayers: number; layerFrequency: number; layerPhase: number } | null {
  if (pattern.length !== layers) return null;
  const first = pattern.indexOf(1);
  if (first < 0) return { denseLayers: layers, layerFrequency: 1, layerPhase: 0 };
  const second = pattern.indexOf(1, first + 1);
  // Layer i is MoE when i >= dense and i % freq == phase: the gap between the first two MoE
  // layers fixes freq, the first one's index the phase; dense layers before it are the rest.
  const freq = second > 0 ? second - first : layers;
  const phase = first % freq;
  if (pattern.every((p, i) => (p === 1) === (i >= first && i % freq === phase))) return { denseLayers: first, layerFrequency: freq, layerPhase: phase };
  return null;
}
