// The flow-mapping scanner (yamlFlow) against js-yaml: every file it reads must give the tree
// js-yaml's events give (same nodes, offsets, typed values), and everything outside its subset
// must be left to js-yaml. GPT-NeoX configs (JSON with `#` comments in a .yml) are its purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseEvents } from 'js-yaml';
import { flowTree } from '../../src/configs/shared/yamlFlow';
import { buildTree, LazySeq, scalarValue, type YNode } from '../../src/configs/shared/yamlTree';
import { YamlConfig } from '../../src/configs/shared/yamlConfig';

/** A tree as plain data: kind, offsets, typed values (with their type: 1 and "1" differ). */
function shape(n: YNode | null): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'scalar': {
      const v = scalarValue(n);
      return ['scalar', n.start, n.end, typeof v, String(v), n.anchored, n.mergeKey];
    }
    case 'alias':
      return ['alias', n.start, n.end, n.name];
    case 'seq':
      return ['seq', n.start, n.end, n.anchored, n.items.map(shape)];
    case 'map':
      return ['map', n.start, n.end, n.anchored, n.hasMerge, n.pairs.map((p) => [shape(p.key), shape(p.value)])];
  }
}

function viaJsYaml(text: string): unknown {
  const built = buildTree(text, parseEvents(text, { maxDepth: 1000 }));
  return [shape(built.root), built.secondDocument];
}

/** Read by the scanner, and to the same tree as js-yaml's. */
function assertSameTree(text: string): void {
  const built = flowTree(text);
  assert.ok(built, `not read by the flow scanner: ${JSON.stringify(text.slice(0, 80))}`);
  assert.deepEqual([shape(built.root), built.secondDocument], viaJsYaml(text));
}

const NEOX = join(__dirname, '../fixtures/gpt-neox');

test('GPT-NeoX configs (EleutherAI/gpt-neox configs/*.yml) are read by the scanner, to the tree js-yaml gives', () => {
  const files = readdirSync(NEOX).filter((f) => f.endsWith('.yml'));
  assert.equal(files.length, 5);
  for (const f of files) assertSameTree(readFileSync(join(NEOX, f), 'utf8'));
});

test('offsets and values: quoted keys, plain numbers and words, nested collections, comments, trailing commas', () => {
  const text = '# lead\n{"a": 1, "b": [1, "x", {"c": true}], # c\n"d": {}, e: -.5e3, "f": [1\n, 2], "g": null, "h": .inf,}\n# end\n';
  assertSameTree(text);
  const built = flowTree(text)!;
  assert.equal(built.root?.kind, 'map');
  if (built.root?.kind !== 'map') return;
  const [a, b, , e] = built.root.pairs;
  // `{` at offset 7; "a" spans 8-11 with its quotes; 1 at 13-14.
  assert.deepEqual([built.root.start, a!.key.start, a!.key.end, a!.value.start, a!.value.end], [7, 8, 11, 13, 14]);
  assert.equal(a!.value.kind === 'scalar' && scalarValue(a!.value), 1);
  // A sequence is built when first read (most values of a large file never are), to the same items.
  assert.ok(b!.value instanceof LazySeq);
  assert.deepEqual([b!.value.start, b!.value.end], [text.indexOf('[1, "x"'), text.indexOf('}], #') + 2]);
  const ref = buildTree(text, parseEvents(text, { maxDepth: 1000 })).root;
  assert.ok(ref?.kind === 'map');
  assert.deepEqual(shape(b!.value), shape(ref.pairs[1]!.value));
  assert.equal(e!.value.kind === 'scalar' && scalarValue(e!.value), -500);
  assert.equal(built.root.end, text.indexOf('}\n# end') + 1);
});

test('outside the subset: left to js-yaml (null), which then reads or rejects the file', () => {
  const outside = [
    'a: 1\n', // block mapping
    '[1, 2]', // a sequence at the top
    '{"a": "x\\ty"}', // an escape
    "{'a': 1}", // single quotes
    '{"a":\t1}', // a tab
    '{"a": 1}\r\n', // CR
    '{"a": &x 1, "b": *x}', // anchor and alias
    '{"a": !!str 1}', // tag
    '{"a": x y}', // multi-word plain scalar
    '{"a":1}', // no space after the colon
    '{a:b}', // a plain scalar with a colon
    '[a: 1]', // a pair in a sequence (not at the top either)
    '{"a": 1 "b": 2}', // a missing comma
    '{"a": 1,, "b": 2}', // an empty entry
    '{"a": 1}: 2', // the mapping is a key
    '{"a": 1}\n---\n{"b": 2}', // a second document
    '{"a": 1}#c', // a comment without a space before it
    '{"a": [1, 2}', // mismatched brackets
    '{"a": }', // a missing value
    '{"a": "b\nc"}', // a multi-line string
    '{"a": "\ufeff"}', // a byte-order mark
    '{"a": -x}', // a dash not before a digit
    '{"a": 1,\n...\n}', // a document end marker
    '# \n {\n\n  k1: "   "\n} # note\n', // an indented `{`: YAML's indentation rules apply inside (found by the edit property)
  ];
  for (const text of outside) assert.equal(flowTree(text), null, JSON.stringify(text));
  // The same text then gets js-yaml's verdict: here its syntax error, at its position.
  const { config, problems } = YamlConfig.parse('{"a": 1 "b": 2}');
  assert.equal(config, null);
  assert.equal(problems[0]?.code, 'parse-error');
});

/** JSON-like documents inside the subset, with comments and line breaks between tokens. */
const gap = fc.constantFrom(' ', '\n', '  ', ' # note\n', '\n\n  ', ' # × 2\n');
const plain = fc.constantFrom(
  '1',
  '-2',
  '0.5',
  '-.5e3',
  '1e-4',
  'true',
  'False',
  'null',
  'Null',
  '.inf',
  '-.Inf',
  '.nan',
  'abc',
  'x_1',
  '0x1F',
  '0o17',
  '150_001',
  '+3',
);
const quoted = fc.string({ maxLength: 8 }).map((s) => `"${s.replace(/[^\x20-\x7e]/g, 'é').replace(/["\\]/g, '')}"`);
const key = fc.oneof(quoted, fc.constantFrom('a', 'num_layers', 'k1', '2'));
const { value } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    plain,
    quoted,
    fc.array(fc.tuple(gap, tie('value'), gap), { maxLength: 4 }).map((items) => `[${items.map(([g1, v, g2]) => `${g1}${v}${g2}`).join(',')}]`),
    fc.array(fc.tuple(gap, key, tie('value'), gap), { maxLength: 4 }).map((pairs) => `{${pairs.map(([g1, k, v, g2]) => `${g1}${k}: ${v}${g2}`).join(',')}}`),
  ),
}));
const doc = fc
  .tuple(gap, fc.array(fc.tuple(gap, key, value, gap), { maxLength: 6 }), fc.boolean(), gap)
  .map(
    ([lead, pairs, trailingComma, tail]) =>
      `#${lead}\n{${pairs.map(([g1, k, v, g2]) => `${g1}${k}: ${v}${g2}`).join(',')}${trailingComma && pairs.length > 0 ? ',' : ''}}${tail}`,
  );

test('property: every generated JSON-like document is read by the scanner, to the tree js-yaml gives', () => {
  fc.assert(fc.property(doc, assertSameTree), { numRuns: 400 });
});

test('property: after random edits, a file the scanner still reads gives the tree js-yaml gives', () => {
  const edits = fc.array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', ' ', '\n', '#', ' #', '-', '.', '...', "'", '\\', '\t', ': ', 'a b', '&a ', '*a', '<<'),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  );
  fc.assert(
    fc.property(doc, edits, (text, changes) => {
      let t = text;
      for (const [at, s] of changes) {
        const i = at % (t.length + 1);
        t = s === '' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + s + t.slice(i);
      }
      if (flowTree(t)) assertSameTree(t);
    }),
    { numRuns: 1500 },
  );
});
