// What `npm run package` puts in the .vsix against what the extension loads, in seconds rather
// than in the integration stage (scripts/e2e/vsix-check.mjs does the same on the real package
// and installs it): vsce's own file list under .vscodeignore must hold every file the code
// loads lazily, and the finder of those files must see each way the code loads one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Vsix {
  filesTheCodeLoads(root: string): Map<string, string>;
  zipEntries(buf: Buffer): string[];
}
interface PackageScript {
  PACKAGE_DOCS: { readme: string; changelog: string };
  writePackageDocs(): { readme: string; changelog: string };
}
const load = <T>(path: string) => import(path) as Promise<T>;
const vsce = createRequire(join(ROOT, 'package.json'))('@vscode/vsce') as {
  listFiles(options: { cwd: string; dependencies: boolean; readmePath: string }): Promise<string[]>;
};

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

test('the finder sees main, icons, lazy imports (followed), joinPath files and named icons', async () => {
  const { filesTheCodeLoads } = await load<Vsix>('../../scripts/e2e/vsix.mjs');
  const root = mkdtempSync(join(tmpdir(), 'sl-vsix-'));
  try {
    writeTree(root, {
      'package.json': JSON.stringify({
        main: './dist/extension.js',
        contributes: {
          viewsContainers: { activitybar: [{ id: 'c', icon: 'media/c.svg' }] },
          views: { c: [{ id: 'v', icon: '$(graph)' }] },
          commands: [{ command: 'x', icon: { light: 'media/l.svg', dark: 'media/d.svg' } }],
        },
      }),
      'dist/extension.js': 'a=import("./engine.js");b=e.joinPath(u,"dist","webview.css");c=o("panel.svg");d="missing.svg"',
      'dist/engine.js': 'require("./deeper.js")',
      'dist/deeper.js': 'x=1',
      'media/panel.svg': '<svg/>',
    });
    assert.deepEqual([...filesTheCodeLoads(root).keys()].sort(), [
      'dist/deeper.js',
      'dist/engine.js',
      'dist/extension.js',
      'dist/webview.css',
      'media/c.svg',
      'media/d.svg',
      'media/l.svg',
      'media/panel.svg',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('.vscodeignore lets in every file the built extension loads, and nothing unused', async () => {
  const { filesTheCodeLoads } = await load<Vsix>('../../scripts/e2e/vsix.mjs');
  const { writePackageDocs } = await load<PackageScript>('../../scripts/package.mjs');
  // npm test builds before the unit tests; alone, this test builds what it reads.
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
    assert.equal(spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' }).status, 0);
  }
  const docs = writePackageDocs();
  const listed = new Set(await vsce.listFiles({ cwd: ROOT, dependencies: false, readmePath: docs.readme }));
  const loads = filesTheCodeLoads(ROOT);
  // The lazily loaded bundles (esbuild.mjs's `*.lazy.ts` entries), the analysis worker and the webview files among them.
  for (const f of ['dist/engine.js', 'dist/custom-laws.js', 'dist/analysis-worker.js', 'dist/webview.js', 'dist/webview.css']) assert.ok(loads.has(f), f);
  const missing = [...loads.keys()].filter((f) => !listed.has(f));
  assert.deepEqual(missing, []);
  const onPurpose = ['package.json', 'LICENSE', 'dist/cli.js', docs.readme, docs.changelog];
  assert.deepEqual(
    [...listed].filter((f) => !loads.has(f) && !onPurpose.includes(f)),
    [],
  );
  assert.ok(![...listed].some((f) => f.startsWith('media/screenshots/') || f.endsWith('.map') || f === 'README.md'));
});

test('zipEntries reads the names of a zip', async () => {
  const { zipEntries } = await load<Vsix>('../../scripts/e2e/vsix.mjs');
  // A stored (uncompressed) zip of a.txt ("hi") and dir/b.txt (""), written byte by byte.
  const entries = [
    ['a.txt', 'hi'],
    ['dir/b.txt', ''],
  ] as const;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(text.length, 18);
    local.writeUInt32LE(text.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(text.length, 20);
    central.writeUInt32LE(text.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    const body = Buffer.concat([local, n, Buffer.from(text)]);
    locals.push(body);
    centrals.push(Buffer.concat([central, n]));
    offset += body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  assert.deepEqual(zipEntries(Buffer.concat([...locals, cd, end])), ['a.txt', 'dir/b.txt']);
  assert.throws(() => zipEntries(Buffer.from('not a zip at all, just some text')), /not a zip/);
});
