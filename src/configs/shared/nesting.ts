// A guard run before the YAML and JSON parsers.

/**
 * Flow collections nested deeper than this are refused before parsing. No config comes close;
 * both parsers recurse once per level, and on Node 20 parsing ~1,000 nested `[` twice with the
 * `yaml` package (used before js-yaml) made V8's regexp compiler abort the process: a crash no
 * reader could catch.
 */
export const MAX_FLOW_DEPTH = 128;

/**
 * Deepest `[`/`{` nesting, one linear pass. Quotes and comments are not skipped on purpose:
 * that can only over-count, and a file would need 128 unclosed brackets in its strings to be
 * refused, while an under-count would let the crash through.
 */
export function flowDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > max) {
        max = depth;
        at = i;
      }
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return { depth: max, offset: at };
}
