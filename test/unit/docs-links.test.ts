// The repository stands alone (issue 14): no file refers to notes that exist only outside a
// clone, and every `docs/<page>.md#<anchor>` cited anywhere (code comments, user-visible source
// strings, tests, fixtures, README) names a heading that page really has, by the slug GitHub
// generates for it. Links between the docs pages (`laws.md#…`, `#…`) are held to the same rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
/** Build output, installs and test artefacts: not the repository's own text. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-e2e', '.vscode-test', 'test-results', 'dist', 'out']);
/**
 * CHANGELOG.md records history in the words of its time; helpers may not edit it, so an old
 * entry may still name a note that has since moved into docs/.
 */

function repoFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...repoFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Text files only: a NUL byte in the first 8 KB marks a binary (screenshots, icons). */
function textOf(path: string): string | null {
  if (statSync(path).size > 5_000_000) return null;
  const buf = readFileSync(path);
  return buf.subarray(0, 8192).includes(0) ? null : buf.toString('utf8');
}

const FILES = repoFiles().flatMap((path) => {
  const text = textOf(path);
  return text === null ? [] : [{ path, rel: relative(ROOT, path).split(sep).join('/'), text }];
});

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** GitHub's heading anchor: lowercase, punctuation other than `-` and `_` dropped, each space a hyphen. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown page: one per heading outside code fences; repeats get -1, -2, … as on GitHub. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = githubSlug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

test('GitHub slugs: lowercase, punctuation dropped, spaces to hyphens, repeats numbered', () => {
  assert.equal(githubSlug('Chinchilla 2022'), 'chinchilla-2022');
  assert.equal(githubSlug('Data-constrained law (Muennighoff 2023)'), 'data-constrained-law-muennighoff-2023');
  assert.equal(githubSlug('`6N` and PaLM: 6N + 12·L·H·Q·T'), '6n-and-palm-6n--12lhqt');
  assert.equal(githubSlug('Which N each law expects?'), 'which-n-each-law-expects');
  assert.deepEqual([...anchorsOf('# A\n## Notes\n```\n## Not a heading\n```\n### Notes\n')], ['a', 'notes', 'notes-1']);
});

// Assembled from parts so that this file does not match its own rule.
const OUTSIDE_NOTES = [
  ['science', 'md'],
  ['config-formats', 'md'],
  ['DESIGN', 'md'],
  ['vscode-testing', 'md'],
].map((p) => p.join('.'));
const OUTSIDE_ROOT = ['', 'work', ''].join('/');

test('no file refers to notes or paths outside the repository', () => {
  const hits: string[] = [];
  for (const { path, rel, text } of FILES) {
    if (rel === 'test/unit/docs-links.test.ts') continue;
    for (const name of OUTSIDE_NOTES) {
      for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) hits.push(`${rel}:${lineOf(text, i)} names ${name}`);
    }
    for (let i = text.indexOf(OUTSIDE_ROOT); i >= 0; i = text.indexOf(OUTSIDE_ROOT, i + 1)) hits.push(`${rel}:${lineOf(text, i)} names ${OUTSIDE_ROOT}`);
    // `../shared/builder` inside src/configs/ is the repository's own folder; a `../shared` that
    // climbs out of the repository (the README's old links to the research notes) is not.
    for (const m of text.matchAll(/(?:\.\.\/)+shared\b[^\s'"`)\]>]*/g)) {
      const target = resolve(dirname(path), m[0]);
      if (target !== ROOT && !target.startsWith(ROOT + sep)) hits.push(`${rel}:${lineOf(text, m.index)} links ${m[0]} outside the repository`);
    }
  }
  assert.deepEqual(hits, []);
});

const DOCS = join(ROOT, 'docs');
const pageAnchors = new Map<string, Set<string>>();
function anchorsOfPage(page: string): Set<string> | null {
  if (!pageAnchors.has(page)) {
    const path = join(DOCS, page);
    if (!existsSync(path)) return null;
    pageAnchors.set(page, anchorsOf(readFileSync(path, 'utf8')));
  }
  return pageAnchors.get(page)!;
}

function checkCitation(page: string, anchor: string | undefined, where: string, problems: string[]) {
  const anchors = anchorsOfPage(page);
  if (anchors === null) problems.push(`${where}: docs/${page} does not exist`);
  else if (anchor !== undefined && !anchors.has(anchor)) problems.push(`${where}: docs/${page} has no heading #${anchor}`);
}

test('every docs/<page>.md#<anchor> cited in the repository is a heading of that page', () => {
  const problems: string[] = [];
  let citations = 0;
  for (const { rel, text } of FILES) {
    // Not preceded by a path or URL character: cloud.google.com/tpu/docs/v5e is not ours.
    for (const m of text.matchAll(/(?<![\w./-])docs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
      citations++;
      checkCitation(m[1]!, m[2], `${rel}:${lineOf(text, m.index)}`, problems);
    }
  }
  assert.ok(citations >= 100, `the code cites docs/ (${citations} citations found)`);
  assert.deepEqual(problems, []);
});

test('links between the docs pages resolve to headings', () => {
  const problems: string[] = [];
  const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
  assert.ok(pages.length >= 7, pages.join(', '));
  for (const page of pages) {
    const text = readFileSync(join(DOCS, page), 'utf8');
    for (const m of text.matchAll(/\]\((?![a-z][a-z0-9+.-]*:)([\w-]+\.md)?(?:#([\w-]+))?\)/g)) {
      if (m[1] === undefined && m[2] === undefined) continue;
      checkCitation(m[1] ?? page, m[2], `docs/${page}:${lineOf(text, m.index)}`, problems);
    }
  }
  assert.deepEqual(problems, []);
});
