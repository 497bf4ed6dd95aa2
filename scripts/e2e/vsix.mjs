// What a .vsix holds and what the extension loads, to compare the two: a file the code loads
// lazily (dist/analysis-worker.js at activation, dist/engine.js with the first curve view,
// command or law, dist/custom-laws.js with a custom law, the webview bundle, the icons) and
// .vscodeignore leaves out breaks only when a user gets there.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** The file names in a zip (a .vsix), read from its central directory. */
export function zipEntries(buf) {
  // The end-of-central-directory record sits in the last 22 bytes plus up to 64 KiB of comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip central directory entry ${n} is damaged`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const iconPaths = (icon) => {
  if (typeof icon === 'string') return icon.startsWith('$(') ? [] : [icon]; // $(codicon) is built in
  if (icon && typeof icon === 'object') return Object.values(icon).filter((v) => typeof v === 'string');
  return [];
};

/**
 * The files of the extension folder `root` that VS Code or the code loads, each with why:
 * package.json's main and icons, then, following the built bundles from main, each relative
 * `import("./x.js")`/`require("./x.js")`, each `Uri.joinPath(extensionUri, "dist"|"media", "x")`,
 * and each quoted file name that exists in dist/ or media/ (an icon the code names through a
 * helper). Read the production bundles: those are what ships.
 * @returns {Map<string, string>} path relative to root -> reason
 */
export function filesTheCodeLoads(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const loads = new Map();
  const add = (path, why) => {
    const clean = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
    if (!loads.has(clean)) loads.set(clean, why);
    return clean;
  };
  const queue = [add(pkg.main, 'package.json main')];
  for (const p of iconPaths(pkg.icon)) add(p, 'package.json icon');
  const contributes = pkg.contributes ?? {};
  for (const list of Object.values(contributes.viewsContainers ?? {}))
    for (const c of list) for (const p of iconPaths(c.icon)) add(p, `view container ${c.id} icon`);
  for (const list of Object.values(contributes.views ?? {})) for (const v of list) for (const p of iconPaths(v.icon)) add(p, `view ${v.id} icon`);
  for (const c of contributes.commands ?? []) for (const p of iconPaths(c.icon)) add(p, `command ${c.command} icon`);

  const seen = new Set();
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file) || !existsSync(join(root, file))) continue;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, target] of text.matchAll(/\b(?:import|require)\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g)) {
      const path = add(posix.join(posix.dirname(file), target), `${file} imports it`);
      if (path.endsWith('.js')) queue.push(path);
    }
    for (const [, folder, name] of text.matchAll(/joinPath\(\s*[\w$.]+\s*,\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']\s*\)/g)) {
      const path = add(`${folder}/${name}`, `${file} loads it from the extension folder`);
      if (path.endsWith('.js')) queue.push(path);
    }
    for (const [, name] of text.matchAll(/["']([\w.-]+\.(?:svg|png|css|json|wasm))["']/g)) {
      for (const folder of ['media', 'dist']) {
        if (existsSync(join(root, folder, name))) add(`${folder}/${name}`, `${file} names it`);
      }
    }
    // WebAssembly is always loaded from a file: name it whether or not it exists here.
    for (const [, name] of text.matchAll(/["']([^"'\s]+\.wasm)["']/g)) {
      if (!name.includes('/')) continue; // a bare name was matched above when present
      add(posix.join(posix.dirname(file), name), `${file} loads WebAssembly`);
    }
  }
  return loads;
}

/** Files a .vsix holds on purpose without the code loading them. */
export function shippedOnPurpose(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  return new Map([
    ['[Content_Types].xml', 'vsix manifest'],
    ['extension.vsixmanifest', 'vsix manifest'],
    ['extension/package.json', 'the manifest'],
    ['extension/readme.md', 'the details page'],
    ['extension/changelog.md', 'the details page'],
    ['extension/LICENSE.txt', 'the licence'],
    ...bins.map((b) => [`extension/${posix.normalize(b).replace(/^\.\//, '')}`, 'package.json bin: the command line']),
  ]);
}

/** { missing: [path, why][], unexpected: string[] } of a package's entries against the code. */
export function comparePackage(entries, root) {
  const shipped = new Set(entries);
  const loads = filesTheCodeLoads(root);
  const missing = [...loads].filter(([path]) => !shipped.has(`extension/${path}`));
  const expected = new Set([...[...loads.keys()].map((p) => `extension/${p}`), ...shippedOnPurpose(root).keys()]);
  const unexpected = entries.filter((e) => !expected.has(e));
  return { loads, missing, unexpected };
}
