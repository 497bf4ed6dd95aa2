// A cheap look at a YAML file's shape for detect(): its top-level keys and the keys one level
// under each. No parsing, no values; good enough to tell framework configs apart.

export interface YamlShape {
  readonly top: ReadonlySet<string>;
  /** Direct children of each top-level mapping. */
  readonly children: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Detection looks at the head of a file only; configs state their keys early. */
const SNIFF_CHARS = 200_000;

/** Several readers sniff the same text in one detection pass: keep the last answer. */
let last: { text: string; shape: YamlShape } | undefined;

export function sniffYaml(text: string): YamlShape {
  if (last?.text === text) return last.shape;
  const shape = computeShape(text);
  last = { text, shape };
  return shape;
}

function computeShape(text: string): YamlShape {
  const top = new Set<string>();
  const children = new Map<string, Set<string>>();
  let parent: string | null = null;
  let childIndent = -1;
  for (const raw of text.slice(0, SNIFF_CHARS).split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = /^( *)["']?([A-Za-z_][\w.-]*)["']?\s*:(?:\s|$)/.exec(line);
    if (!m) {
      if (/^\S/.test(line) && !line.startsWith('#') && !line.startsWith('-')) parent = null;
      continue;
    }
    const indent = m[1]!.length;
    const key = m[2]!;
    if (indent === 0) {
      top.add(key);
      parent = key;
      childIndent = -1;
      continue;
    }
    if (parent === null) continue;
    if (childIndent < 0) childIndent = indent;
    if (indent !== childIndent) continue;
    let set = children.get(parent);
    if (!set) children.set(parent, (set = new Set()));
    set.add(key);
  }
  return { top, children };
}

/** `shape.children.get(parent)?.has(key)`, spelled shorter. */
export function hasChild(shape: YamlShape, parent: string, key: string): boolean {
  return shape.children.get(parent)?.has(key) ?? false;
}
