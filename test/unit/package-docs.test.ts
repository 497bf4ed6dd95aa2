// The README and CHANGELOG that `npm run package` ships: vsce itself must accept them (it
// refused the README's relative screenshot links, so no .vsix was written), and the rewrite
// must keep every URL and anchor while naming each left-out screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface PackageScript {
  forPackage(markdown: string): string;
  isRelative(target: string): boolean;
}
interface VsceFile {
  path: string;
  contents: string | Buffer;
}
interface VsceProcessor {
  onFile(file: VsceFile): Promise<VsceFile>;
}
type ProcessorClass = new (manifest: unknown, options: object) => VsceProcessor;

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as unknown;
// vsce's own README and CHANGELOG processors, the code that stopped `npm run package`.
const vsce = createRequire(join(ROOT, 'package.json'))('@vscode/vsce/out/package.js') as {
  ReadmeProcessor: ProcessorClass;
  ChangelogProcessor: ProcessorClass;
};
// A plain string, so the compiler does not look for the .mjs file's types (it has none).
const PACKAGE_SCRIPT: string = '../../scripts/package.mjs';
const script = () => import(PACKAGE_SCRIPT) as Promise<PackageScript>;

async function vsceAccepts(Processor: ProcessorClass, path: string, markdown: string): Promise<string> {
  const out = await new Processor(manifest, {}).onFile({ path, contents: markdown });
  return String(out.contents);
}

test('vsce refuses the README as written (the bug) and accepts the packaged copy', async () => {
  const { forPackage } = await script();
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  await assert.rejects(vsceAccepts(vsce.ReadmeProcessor, 'extension/readme.md', readme), /Couldn't detect the repository/);
  const packaged = forPackage(readme);
  assert.equal(await vsceAccepts(vsce.ReadmeProcessor, 'extension/readme.md', packaged), packaged);
  const changelog = forPackage(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'));
  assert.equal(await vsceAccepts(vsce.ChangelogProcessor, 'extension/changelog.md', changelog), changelog);
});

test('every README screenshot is named in the packaged copy, nothing else changes', async () => {
  const { forPackage } = await script();
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[([^\]]*)\]\((media\/[^)]+)\)/g)];
  assert.ok(images.length > 0, 'the README has screenshots');
  const packaged = forPackage(readme);
  for (const [, alt, path] of images) {
    assert.ok(packaged.includes(`*(Screenshot not in the package: ${alt}; \`${path}\` in the source tree.)*`), path);
  }
  // Line for line the same apart from the lines with a relative image or link.
  const before = readme.split('\n');
  const after = packaged.split('\n');
  assert.equal(after.length, before.length);
  const changed = before.filter((line, i) => line !== after[i]);
  for (const image of images) assert.ok(changed.includes(image[0]), image[0]);
  for (const line of changed) assert.match(line, /\]\((?![a-z][a-z0-9+.-]*:|#)[^)]+\)|<img\b/i, line);
});

test('relative images and links become text; URLs, anchors and mail links stay', async () => {
  const { forPackage } = await script();
  assert.equal(forPackage('![A chart](media/a.png "title")'), '*(Screenshot not in the package: A chart; `media/a.png` in the source tree.)*');
  assert.equal(forPackage('<img src="./media/b.png" alt="B" width="400">'), '*(Screenshot not in the package: B; `./media/b.png` in the source tree.)*');
  assert.equal(forPackage('see [the benchmarks](BENCHMARKS.md).'), 'see the benchmarks (`BENCHMARKS.md` in the source tree).');
  assert.equal(
    forPackage('[![badge](img/b.png)](docs/design.md)'),
    '*(Screenshot not in the package: badge; `img/b.png` in the source tree.)* (`docs/design.md` in the source tree)',
  );
  const kept = '![x](https://example.org/x.png) [y](https://example.org) [z](#curves) [m](mailto:a@b.c) <img src="https://example.org/i.png">';
  assert.equal(forPackage(kept), kept);
});

test('what counts as relative', async () => {
  const { isRelative } = await script();
  for (const t of ['media/x.png', './x.md', '../x', 'x.md#part']) assert.equal(isRelative(t), true, t);
  for (const t of ['https://a.b/x', 'http://a.b', 'mailto:x@y.z', '#anchor', 'data:image/png;base64,AA', '//cdn.example/x'])
    assert.equal(isRelative(t), false, t);
});
