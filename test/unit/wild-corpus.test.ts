// The real-world corpus (issue 11): training configs and non-configs copied byte-for-byte from
// public repositories (test/fixtures/wild/README.md lists repository, commit, path and licence).
// A config "reads exactly" when analyze() gives the expected format, exact total parameters and
// training tokens; each expected value is derived independently in expected.json (`derivation`).
// Every non-config must be refused as "not a config".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../src/configs/analyze';

const WILD = join(__dirname, '..', 'fixtures', 'wild');

/**
 * Ratchet: the exact-read rate measured on this branch when the corpus was built (36 of 108,
 * before the torchtune, Levanter, llm.c, nanochat and OLMo-core readers landed). The goal of
 * issue 11 is 95% (GOAL_RATE); raise FLOOR_RATE as readers land, never lower it.
 */
const FLOOR_RATE = 111 / 111;
const GOAL_RATE = 0.95;

interface Expected {
  readonly format: string;
  readonly params: number | null;
  readonly tokens: number | null;
  readonly derivation: string;
}

const expected = (JSON.parse(readFileSync(join(WILD, 'expected.json'), 'utf8')) as { configs: Record<string, Expected> }).configs;

/** Files under a folder, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * A corpus file is stored as `owner__repo/<path in the repository>`; the product sees it under
 * its path in the repository, as it would in a clone of that repository.
 */
function repoPath(file: string): string {
  return file.slice(file.indexOf('/') + 1);
}

interface Got {
  readonly format: string | null;
  readonly params: number | null;
  readonly tokens: number | null;
  readonly note?: string;
}

function read(dir: string, file: string): Got {
  const a = analyze(readFileSync(join(WILD, dir, file), 'utf8'), repoPath(file));
  if (!a.ok) return { format: null, params: null, tokens: null, note: a.problem.code };
  // Tokens that rest on an assumption (a GPU count the file does not state) are shown marked as
  // assumed, with the assumption listed: the file alone does not fix them, which is what a null
  // expectation says, so they count as read when the expectation is null.
  const tokens = a.result.plan.tokens.origin === 'assumed' ? null : a.estimate.tokens;
  return { format: a.result.format, params: a.estimate.params.total, tokens };
}

const show = (v: Got | Expected) => `${v.format ?? 'not read'}, params ${v.params ?? 'null'}, tokens ${v.tokens ?? 'null'}`;

test('the corpus: every config file has an expectation, 100+ configs from 20+ repositories, 50+ non-configs', () => {
  const configs = filesUnder(join(WILD, 'configs'));
  assert.deepEqual(configs, Object.keys(expected).sort());
  assert.ok(configs.length >= 100, `${configs.length} configs`);
  assert.ok(new Set(configs.map((f) => f.split('/')[0])).size >= 20);
  const readme = readFileSync(join(WILD, 'README.md'), 'utf8');
  const notConfigs = filesUnder(join(WILD, 'not-configs'));
  assert.ok(notConfigs.length >= 50, `${notConfigs.length} non-configs`);
  for (const f of [...configs.map((c) => `configs/${c}`), ...notConfigs.map((c) => `not-configs/${c}`)]) {
    assert.ok(readme.includes(`| \`${f}\` |`), `README.md does not list ${f}`);
  }
});

test(`wild configs read exactly (format, params.total, tokens): rate >= ${FLOOR_RATE} (goal ${GOAL_RATE})`, () => {
  const failures: string[] = [];
  const files = Object.keys(expected).sort();
  for (const file of files) {
    const want = expected[file]!;
    const got = read('configs', file);
    if (got.format !== want.format || got.params !== want.params || got.tokens !== want.tokens) {
      failures.push(`  ${file}: expected ${show(want)}; got ${show(got)}${got.note ? ` (${got.note})` : ''}`);
    }
  }
  const rate = (files.length - failures.length) / files.length;
  console.log(
    `wild corpus: ${files.length - failures.length}/${files.length} configs read exactly (${(rate * 100).toFixed(1)}%; floor ${(FLOOR_RATE * 100).toFixed(1)}%, goal ${GOAL_RATE * 100}%)`,
  );
  if (failures.length) console.log(`failures:\n${failures.join('\n')}`);
  assert.ok(rate >= FLOOR_RATE, `exact-read rate ${(rate * 100).toFixed(1)}% fell below the floor ${(FLOOR_RATE * 100).toFixed(1)}%`);
});

test('every wild non-config is refused as not a config', () => {
  const wrong: string[] = [];
  for (const file of filesUnder(join(WILD, 'not-configs'))) {
    const got = read('not-configs', file);
    if (got.note !== 'not-a-config') wrong.push(`  ${file}: read as ${show(got)}${got.note ? ` (${got.note})` : ''}`);
  }
  assert.deepEqual(wrong, [], `non-configs taken for configs:\n${wrong.join('\n')}`);
});
