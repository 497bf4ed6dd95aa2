// A YAML mapping seen as an HF-style key lookup (nanotron `model.model_config`, axolotl
// `overrides_of_model_config`, litgpt `model_config`): values with the `key: value` range.

import type { YamlConfig } from './yamlConfig';
import type { HfKeyHit, HfKeyLookup } from './hfArchitecture';

export function yamlLookup(y: YamlConfig, prefix: string, extra: Partial<Pick<HfKeyHit, 'origin'>> & { label?: boolean } = {}): HfKeyLookup {
  return (key) => {
    const path = prefix + key;
    const e = y.get(path);
    if (!e) return undefined;
    const hit: HfKeyHit = {
      value: e.isMap || e.isSeq ? y.toJS(path) : e.value,
      range: e.range,
      ...(extra.origin ? { origin: extra.origin } : {}),
      ...(extra.label ? { label: path } : {}),
    };
    return hit;
  };
}
