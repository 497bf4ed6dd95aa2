// YamlConfig on its own: values typed by the YAML 1.2 core schema, the ranges readers put their
// hints and diagnostics on, duplicate keys, anchors, aliases and merge keys, OmegaConf
// interpolation, tags, line endings, and hostile input (alias bombs, deep nesting).
// Ranges are 0-based line and column, end exclusive: r(0, 0, 0, 4) is `a: 1` on line 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YamlConfig, type YamlEntry } from '../../src/configs/shared/yamlConfig';
import { MAX_FLOW_DEPTH } from '../../src/configs/shared/nesting';
import type { SourceRange } from '../../src/core/plan';

const r = (startLine: number, startCol: number, endLine: number, endCol: number): SourceRange => ({ startLine, startCol, endLine, endCol });

function parse(text: string, options = {}): YamlConfig {
  const { config, problems } = YamlConfig.parse(text, options);
  assert.ok(config, `not read: ${JSON.stringify(problems)}`);
  return config;
}

function entry(y: YamlConfig, path: string): YamlEntry {
  const e = y.get(path);
  assert.ok(e, `${path} not found`);
  return e;
}

test('scalars: YAML 1.2 core schema values; 150_001 and yes stay strings for the readers to coerce', () => {
  const y = parse('a: 1\nb: 4e-4\nc: 150_001\nd: yes\ne: true\nf: ~\ng:\nh: 0x1F\ni: .inf\nj: "2"\nk: 1.\nl: 0o17\nm: null\n');
  const v = (k: string) => y.get(k)?.value;
  assert.equal(v('a'), 1);
  assert.equal(v('b'), 4e-4);
  assert.equal(v('c'), '150_001');
  assert.equal(y.number('c').value, 150_001);
  assert.equal(v('d'), 'yes');
  assert.equal(v('e'), true);
  assert.equal(v('f'), null);
  assert.equal(v('g'), null);
  assert.equal(v('h'), 31);
  assert.equal(v('i'), Infinity);
  assert.equal(v('j'), '2');
  assert.equal(v('k'), 1);
  assert.equal(v('l'), 15);
  assert.equal(v('m'), null);
  assert.deepEqual(y.topKeys(), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm']);
});

test('ranges of scalar values: `key: value`, and the value alone (quotes in, anchors and tags out)', () => {
  const text = [
    'plain: 12  # comment',
    'quoted: "x y"',
    "single: 'z'",
    '"quoted key": 3',
    'anchored: &n 5',
    'tagged: !!int "7"',
    'empty:',
    'multi: first',
    '  second',
    'block: |',
    '  line one',
    '  line two',
    '',
    'folded: >-',
    '  a',
    '  b',
    'last: 1',
  ].join('\n');
  const y = parse(text);
  const plain = entry(y, 'plain');
  assert.deepEqual([plain.value, plain.range, plain.valueRange], [12, r(0, 0, 0, 9), r(0, 7, 0, 9)]);
  const quoted = entry(y, 'quoted');
  assert.deepEqual([quoted.value, quoted.range, quoted.valueRange], ['x y', r(1, 0, 1, 13), r(1, 8, 1, 13)]);
  assert.deepEqual(entry(y, 'single').valueRange, r(2, 8, 2, 11));
  const key = entry(y, 'quoted key');
  assert.deepEqual([key.value, key.range, key.valueRange], [3, r(3, 0, 3, 15), r(3, 14, 3, 15)]);
  const anchored = entry(y, 'anchored');
  assert.deepEqual([anchored.value, anchored.range, anchored.valueRange], [5, r(4, 0, 4, 14), r(4, 13, 4, 14)]);
  const tagged = entry(y, 'tagged');
  assert.deepEqual([tagged.value, tagged.range, tagged.valueRange], [7, r(5, 0, 5, 17), r(5, 14, 5, 17)]);
  const empty = entry(y, 'empty');
  assert.deepEqual([empty.value, empty.range, empty.valueRange], [null, r(6, 0, 6, 6), r(6, 6, 6, 6)]);
  const multi = entry(y, 'multi');
  assert.deepEqual([multi.value, multi.range, multi.valueRange], ['first second', r(7, 0, 8, 8), r(7, 7, 8, 8)]);
  // A block scalar runs from its header to the line after its last content line.
  const block = entry(y, 'block');
  assert.deepEqual([block.value, block.range, block.valueRange], ['line one\nline two\n', r(9, 0, 12, 0), r(9, 7, 12, 0)]);
  const folded = entry(y, 'folded');
  assert.deepEqual([folded.value, folded.valueRange], ['a b', r(13, 8, 16, 0)]);
  assert.deepEqual(entry(y, 'last').range, r(16, 0, 16, 7));
});

test('ranges of mappings and lists: the key alone, and the whole value (block and flow)', () => {
  const text = [
    'model:',
    '  d_model: 512',
    '  n_heads: 8  # trailing',
    '# between',
    'layers:',
    '  - 1',
    '  - 2',
    'flow_seq: [silu, linear]',
    'flow_map: {a: 1, b: [2, 3]}',
    'multi_flow: [1,',
    '  2]',
    'under_seq:',
    '- x',
    'last: 0',
  ].join('\n');
  const y = parse(text);
  const model = entry(y, 'model');
  assert.equal(model.isMap, true);
  assert.equal(model.value, undefined);
  assert.deepEqual(model.range, r(0, 0, 0, 5));
  // The mapping runs to the end of its last entry's line, comment and line break included.
  assert.deepEqual(model.valueRange, r(1, 2, 3, 0));
  assert.deepEqual(entry(y, 'model.n_heads').range, r(2, 2, 2, 12));
  const layers = entry(y, 'layers');
  assert.deepEqual([layers.isSeq, layers.range, layers.valueRange], [true, r(4, 0, 4, 6), r(5, 2, 7, 0)]);
  const flowSeq = entry(y, 'flow_seq');
  assert.deepEqual([flowSeq.isSeq, flowSeq.range, flowSeq.valueRange], [true, r(7, 0, 7, 8), r(7, 10, 7, 24)]);
  assert.deepEqual(y.toJS('flow_seq'), ['silu', 'linear']);
  const flowMap = entry(y, 'flow_map');
  assert.deepEqual([flowMap.isMap, flowMap.valueRange], [true, r(8, 10, 8, 27)]);
  assert.deepEqual(entry(y, 'flow_map.b').valueRange, r(8, 20, 8, 26));
  assert.deepEqual(y.toJS('flow_map'), { a: 1, b: [2, 3] });
  assert.deepEqual(entry(y, 'multi_flow').valueRange, r(9, 12, 10, 4));
  assert.deepEqual(entry(y, 'under_seq').valueRange, r(12, 0, 13, 0));
  assert.deepEqual(y.keysAt('model'), ['d_model', 'n_heads']);
  assert.deepEqual(y.keysAt('layers'), []);
});

test('duplicate keys: the last wins, with a warning at the earlier pair (nested paths, dashes as underscores)', () => {
  const { config, problems } = YamlConfig.parse('a: 1\nm:\n  x: 1\n  x: 2\na: 3\n');
  assert.ok(config);
  assert.equal(config.get('a')?.value, 3);
  assert.deepEqual(config.get('a')?.range, r(4, 0, 4, 4));
  assert.equal(config.get('m.x')?.value, 2);
  assert.deepEqual(
    problems.map((p) => [p.severity, p.code, p.message, p.range]),
    [
      ['warning', 'duplicate-key', 'Duplicate key "m.x": the last one wins, this one is ignored', r(2, 2, 2, 6)],
      ['warning', 'duplicate-key', 'Duplicate key "a": the last one wins, this one is ignored', r(0, 0, 0, 4)],
    ],
  );
  // As before, every occurrence is listed.
  assert.deepEqual(config.topKeys(), ['a', 'm', 'a']);

  const neox = YamlConfig.parse('num-layers: 2\nnum_layers: 4\n', { dashesAreUnderscores: true });
  assert.equal(neox.config?.get('num-layers')?.value, 4);
  assert.equal(neox.config?.get('num_layers')?.value, 4);
  assert.deepEqual(
    neox.problems.map((p) => p.code),
    ['duplicate-key'],
  );
  assert.deepEqual(neox.config?.topKeys(), ['num_layers', 'num_layers']);
});

test('anchors and aliases: followed, never expanded; the last anchor of a name before the alias wins', () => {
  const text = [
    'base: &base',
    '  d_model: 512',
    '  n_layers: 4',
    'model: *base',
    'n: &n 7',
    'm: *n',
    'n2: &n 8',
    'm2: *n',
    'missing: *nope',
    'list: [*n, *base]',
  ].join('\n');
  const y = parse(text);
  const model = entry(y, 'model');
  assert.equal(model.isMap, true);
  // The alias itself is the value: `model: *base` on its line.
  assert.deepEqual([model.range, model.valueRange], [r(3, 0, 3, 12), r(3, 7, 3, 12)]);
  // Keys reached through the alias keep the ranges where they are written.
  const d = entry(y, 'model.d_model');
  assert.deepEqual([d.value, d.range], [512, r(1, 2, 1, 14)]);
  assert.deepEqual(y.keysAt('model'), ['d_model', 'n_layers']);
  assert.equal(y.get('m')?.value, 7);
  assert.equal(y.get('m2')?.value, 8);
  assert.equal(y.get('missing')?.value, null);
  assert.deepEqual(y.toJS('model'), { d_model: 512, n_layers: 4 });
  assert.deepEqual(y.toJS('list'), [8, { d_model: 512, n_layers: 4 }]);
});

test('merge keys (`<<: *base`, as PyYAML and OmegaConf read them): own keys win, then the first merged mapping', () => {
  const text = [
    'defaults: &defaults',
    '  d_model: 512',
    '  n_layers: 4',
    '  vocab: 100',
    'wide: &wide',
    '  d_model: 1024',
    '  heads: 16',
    'model:',
    '  <<: *defaults',
    '  n_layers: 8',
    'both:',
    '  <<: [*wide, *defaults]',
    '  vocab: 7',
    'quoted:',
    '  "<<": 1',
  ].join('\n');
  const { config: y, problems } = YamlConfig.parse(text);
  assert.ok(y);
  assert.deepEqual(problems, []);
  assert.equal(y.get('model.n_layers')?.value, 8);
  const d = entry(y, 'model.d_model');
  assert.deepEqual([d.value, d.range], [512, r(1, 2, 1, 14)]);
  assert.equal(y.get('model.<<'), undefined);
  assert.deepEqual(y.keysAt('model'), ['n_layers', 'd_model', 'vocab']);
  assert.deepEqual(y.toJS('model'), { d_model: 512, n_layers: 8, vocab: 100 });
  assert.equal(y.get('both.d_model')?.value, 1024);
  assert.equal(y.get('both.n_layers')?.value, 4);
  assert.equal(y.get('both.heads')?.value, 16);
  assert.equal(y.get('both.vocab')?.value, 7);
  assert.deepEqual(y.toJS('both'), { d_model: 1024, n_layers: 4, vocab: 7, heads: 16 });
  // Only a plain `<<` merges; a quoted one is an ordinary key.
  assert.equal(y.get('quoted.<<')?.value, 1);
  // A mapping merging itself does not loop.
  assert.equal(parse('a: &a\n  <<: *a\n  x: 1\n').get('a.x')?.value, 1);
});

test('OmegaConf interpolation: ${a.b} takes the value, ${oc.env:X,default} the default, others are left as written', () => {
  const y = parse(
    [
      'variables:',
      '  seq: 2048',
      '  alias: ${variables.seq}',
      'max_seq_len: ${variables.alias}',
      'home: ${oc.env:HOME,/tmp}',
      'env_only: ${oc.env:HOME}',
      'partial: len-${variables.seq}',
      'dangling: ${nope.x}',
      'loop: ${loop}',
    ].join('\n'),
  );
  assert.equal(y.get('max_seq_len')?.value, 2048);
  assert.equal(y.number('max_seq_len').value, 2048);
  assert.equal(y.get('home')?.value, '/tmp');
  assert.equal(y.get('env_only')?.value, '${oc.env:HOME}');
  assert.equal(y.get('partial')?.value, 'len-${variables.seq}');
  assert.equal(y.get('dangling')?.value, '${nope.x}');
  assert.equal(y.get('loop')?.value, '${loop}');
  // toJS gives the file's own text, uninterpolated.
  assert.deepEqual(y.toJS('variables'), { seq: 2048, alias: '${variables.seq}' });
});

test('tags never fail a read: unknown tags give the underlying value, known core tags convert', () => {
  const text = [
    'data: !include data/x.yaml',
    'shape: !!python/tuple [1, 2]',
    'obj: !!python/object:foo.Bar {a: 1}',
    'name: !!python/name:torch.float16',
    'n: !!int "5"',
    's: !!str 5',
    'custom: !custom 12',
    'bare: !',
    'local: !e!thing 3',
  ].join('\n');
  const { config: y, problems } = YamlConfig.parse(`%TAG !e! tag:example.com,2000:\n---\n${text}`);
  assert.ok(y, JSON.stringify(problems));
  assert.equal(y.get('data')?.value, 'data/x.yaml');
  assert.deepEqual(entry(y, 'data').valueRange, r(2, 15, 2, 26));
  assert.equal(y.get('shape')?.isSeq, true);
  assert.deepEqual(y.toJS('shape'), [1, 2]);
  assert.deepEqual(y.toJS('obj'), { a: 1 });
  assert.equal(y.get('obj.a')?.value, 1);
  assert.equal(y.get('name')?.value, '');
  assert.equal(y.get('n')?.value, 5);
  assert.equal(y.get('s')?.value, '5');
  // A tag turns off plain-scalar typing, as it did with the `yaml` package.
  assert.equal(y.get('custom')?.value, '12');
  assert.equal(y.get('bare')?.value, '');
  assert.equal(y.get('local')?.value, '3');
});

test('CRLF and a byte-order mark read the same values and ranges as LF', () => {
  const text = 'model:\n  d_model: 512  # width\n  act: "silu"\nlayers:\n  - 1\nnote: |\n  text\nlast: 2\n';
  const lf = parse(text);
  const crlf = parse(text.replace(/\n/g, '\r\n'));
  for (const path of ['model', 'model.d_model', 'model.act', 'layers', 'last']) {
    const a = entry(lf, path);
    const b = entry(crlf, path);
    assert.deepEqual([b.value, b.range, b.valueRange, b.isMap, b.isSeq], [a.value, a.range, a.valueRange, a.isMap, a.isSeq], path);
  }
  assert.equal(entry(crlf, 'note').value, 'text\n');
  const bom = parse(`\uFEFF${text}`);
  assert.equal(bom.get('model.d_model')?.value, 512);
  assert.deepEqual(entry(bom, 'last').range, entry(lf, 'last').range);
});

test('syntax errors, several documents and non-mappings: problems, never a throw', () => {
  const bad = YamlConfig.parse('a: 1\n b: 2\n');
  assert.equal(bad.config, null);
  assert.deepEqual(
    bad.problems.map((p) => [p.code, p.severity, p.range?.startLine]),
    [['parse-error', 'error', 1]],
  );
  assert.match(bad.problems[0]!.message, /^YAML: /);
  const unclosed = YamlConfig.parse('model: [unclosed\n');
  assert.equal(unclosed.config, null);
  assert.equal(unclosed.problems[0]?.code, 'parse-error');
  // Several documents: not read, an error at the second one (as the `yaml` package did).
  const docs = YamlConfig.parse('a: 1\n---\nb: 2\n');
  assert.equal(docs.config, null);
  assert.deepEqual(
    docs.problems.map((p) => [p.code, p.range?.startLine]),
    [['parse-error', 1]],
  );
  assert.match(docs.problems[0]!.message, /multiple documents/);
  // One document with its markers is fine.
  assert.equal(parse('---\na: 1\n...\n').get('a')?.value, 1);
  for (const text of ['', '# only a comment\n', '- a\n- b\n', 'just a string'])
    assert.deepEqual(YamlConfig.parse(text), { config: null, problems: [] }, JSON.stringify(text));
});

test('an alias bomb stays cheap: lookups follow the alias, toJS refuses the expansion', () => {
  const letter = (i: number) => String.fromCharCode(97 + i);
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 20 },
      (_, i) =>
        `${letter(i + 1)}: &${letter(i + 1)} [${Array(4)
          .fill(`*${letter(i)}`)
          .join(',')}]`,
    ),
    'num_layers: 2',
  ].join('\n');
  const start = performance.now();
  const y = parse(bomb);
  assert.equal(y.get('u')?.isSeq, true);
  assert.equal(y.get('num_layers')?.value, 2);
  assert.deepEqual(y.toJS('a'), Array(10).fill('x'));
  assert.throws(() => y.toJS('u'), /Excessive alias count/);
  // 4^20 expansions would never finish; following aliases is linear.
  assert.ok(performance.now() - start < 1000);
  // Merges of merges are indexed once, not expanded either.
  const merges = ['l0: &l0 {k: 1}', ...Array.from({ length: 30 }, (_, i) => `l${i + 1}: &l${i + 1} {<<: [*l${i}, *l${i}, *l${i}]}`)].join('\n');
  assert.equal(parse(merges).get('l30.k')?.value, 1);
});

test('deep nesting: hundreds of block levels read; absurd depths are parse errors, not crashes', () => {
  const block = (n: number) => 'a:\n' + Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n') + ' 1\n';
  const y = parse(block(300));
  assert.equal(y.get(`a${'.b'.repeat(300)}`)?.value, 1);
  for (const text of [block(3000), 'a: ' + '['.repeat(MAX_FLOW_DEPTH + 1), Array.from({ length: 3000 }, (_, i) => `${' '.repeat(2 * i)}- `).join('\n') + 'x']) {
    const { config, problems } = YamlConfig.parse(text);
    assert.equal(config, null);
    assert.equal(problems[0]?.code, 'parse-error');
  }
  const flow = parse(`a: ${'['.repeat(MAX_FLOW_DEPTH)}1${']'.repeat(MAX_FLOW_DEPTH)}\n`);
  assert.equal(flow.get('a')?.isSeq, true);
});
