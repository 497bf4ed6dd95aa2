// Hugging Face `config.json` (docs/configs.md#hugging-face-model-config): the model's shape, no training run.
// Parameters are counted from the keys and the model type's layout (shared/hfArchitecture);
// tokens are unknown because a model config does not say what it was or will be trained on.

import type { Traced } from '../../core/plan';
import { PlanBuilder } from '../shared/builder';
import { hfArchitectureParts, hfContextLength, type HfKeyLookup } from '../shared/hfArchitecture';
import { JsonConfig } from '../shared/jsonConfig';
import { notAConfig } from '../shared/notAConfig';
import type { ReadContext, ReadResult, Reader } from '../types';

const NAME = 'Hugging Face config.json';

/** Sequence length assumed for the attention FLOPs when config.json gives no context length. */
const FALLBACK_SEQ = 2048;

/** Training-config keys that never appear in a model config (DeepSpeed, TrainingArguments). */
const NOT_A_MODEL = /"(zero_optimization|train_micro_batch_size_per_gpu|per_device_train_batch_size|train_batch_size)"\s*:/;

export const hfConfigReader: Reader = {
  id: 'hf-config',
  name: NAME,
  detect(text, fileName) {
    if (!/^\s*\{/.test(text) || NOT_A_MODEL.test(text)) return 0;
    const typed = /"(model_type|architectures)"\s*:/.test(text);
    const shaped = /"(hidden_size|n_embd|num_hidden_layers|n_layer|text_config)"\s*:/.test(text);
    if (!typed || !shaped) return 0;
    return /(^|[\\/])config\.json$/i.test(fileName) ? 0.95 : 0.75;
  },
  read(text, fileName, ctx: ReadContext): ReadResult {
    const b = new PlanBuilder('hf-config', NAME, text, ctx, false);
    const parsed = JsonConfig.parse(text);
    b.addProblems(parsed.problems);
    const j = parsed.config;
    if (!j) return notAConfig(b);
    const lookup: HfKeyLookup = (key) => {
      const e = j.get(key);
      return e ? { value: e.value, range: e.range } : undefined;
    };

    const parts = hfArchitectureParts(b, lookup, 'stated', fileName);
    let architecture = null;
    if (Object.keys(parts).length > 0) {
      // The attention term of the FLOPs needs a sequence length; the context length stands in.
      const context = hfContextLength(lookup);
      parts.seqLen = context
        ? b.trace(
            context.value,
            'derived',
            context.key,
            context.range,
            `the context length (${context.key}) stands in for the training sequence length, which config.json does not give`,
          )
        : b.assumed(
            'sequence length',
            FALLBACK_SEQ,
            'architecture',
            'built-in assumption',
            `config.json gives no context length; ${FALLBACK_SEQ} is assumed for the attention FLOPs`,
          );
      architecture = b.architecture(parts, 'config.json should give num_hidden_layers, hidden_size, num_attention_heads, intermediate_size and vocab_size.');
    }

    const tokens: Traced<number | null> = b.trace(
      null,
      'derived',
      'config.json',
      null,
      'config.json describes the model, not a training run; open the training config to see how many tokens it trains on',
    );
    return b.finish({ architecture, tokens });
  },
};
