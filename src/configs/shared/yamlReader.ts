// The opening every YAML reader shares: parse the text, start a PlanBuilder carrying the parser's
// problems, and stop with "not a config" when the text is not a YAML mapping.

import type { FormatId, ReadContext, ReadResult } from '../types';
import { PlanBuilder } from './builder';
import { notAConfig } from './notAConfig';
import { YamlConfig, type YamlOptions } from './yamlConfig';

export interface OpenYaml {
  readonly b: PlanBuilder;
  readonly y: YamlConfig;
}

export interface OpenYamlOptions extends YamlOptions {
  /** Formats with `#` comments read `# scaling-lens:` directives (PlanBuilder's flag; JSON has none). */
  readonly hashComments?: boolean;
}

/** The parsed file and its builder, or the finished "not a config" result to return as it is. */
export function openYaml(
  format: FormatId,
  name: string,
  text: string,
  ctx: ReadContext,
  options: OpenYamlOptions = {},
): OpenYaml | { readonly done: ReadResult } {
  const { hashComments, ...yamlOptions } = options;
  const parsed = YamlConfig.parse(closingBracketsIndented(text), yamlOptions);
  const b = new PlanBuilder(format, name, text, ctx, hashComments ?? true);
  b.addProblems(parsed.problems);
  return parsed.config ? { b, y: parsed.config } : { done: notAConfig(b) };
}

/**
 * Configs close multi-line flow lists at the key's own indentation (torchtune's
 * `checkpoint_files: [` … `]`, MaxText's `logical_axis_rules: [` … `]` at column 0, axolotl's
 * sparse-finetuning.yaml), which PyYAML (and so OmegaConf) accepts and js-yaml rejects as
 * deficient indentation. Indenting a line that holds only the closing bracket by two spaces changes
 * nothing else: other lines, and so every range, stay where they are.
 */
function closingBracketsIndented(text: string): string {
  return text.replace(/^([ \t]*)([\]}][ \t,]*(#.*)?)$/gm, '$1  $2');
}
