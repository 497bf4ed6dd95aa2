// `npm run package`: builds the .vsix with @vscode/vsce.
//
// vsce refuses a README or CHANGELOG with relative links unless it can turn them into URLs of a
// public repository (package.json `repository`, or --baseContentUrl/--baseImagesUrl). This
// project names no public repository, and inventing one would ship links that lead nowhere.
// Nor would the relative links work inside the package: VS Code's extension details page shows
// images only from https: and data: URLs (its Content-Security-Policy is `img-src https: data:`),
// so a README image `media/screenshots/x.png` is broken there even when the PNG is packaged.
// So the package gets its own copies of README.md and CHANGELOG.md (out/package/) in which each
// relative image becomes a line of text naming the screenshot and its place in the source tree,
// and each relative link its text plus the path. The screenshots stay out of the .vsix.
//
//   node scripts/package.mjs [--out FILE]   (default: scaling-lens.vsix)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const PACKAGE_DIR = join(ROOT, 'out', 'package');
/** The copies vsce packages as readme.md and changelog.md (paths relative to the root). */
export const PACKAGE_DOCS = { readme: 'out/package/README.md', changelog: 'out/package/CHANGELOG.md' };
export const DEFAULT_VSIX = join(ROOT, 'scaling-lens.vsix');

/** A link target that is neither a URL (`https:`, `mailto:`…) nor an anchor in the same page. */
export function isRelative(target) {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//');
}

// `![alt](target "title")` and `[text](target "title")`; the text of a link may hold an image.
const IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const LINK = /(?<!!)\[((?:[^\][]|!\[[^\]]*\]\([^)]*\))*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const HTML_IMG = /<img\b[^>]*>/gi;

/**
 * The Markdown the package ships: relative images and links of `markdown` rewritten to plain
 * text (URLs and anchors are kept as they are).
 */
export function forPackage(markdown) {
  return markdown
    .replace(IMAGE, (all, alt, target) =>
      isRelative(target) ? `*(Screenshot not in the package: ${alt.trim() || 'image'}; \`${target}\` in the source tree.)*` : all,
    )
    .replace(HTML_IMG, (tag) => {
      const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
      if (!src || !isRelative(src)) return tag;
      const alt = /\balt\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
      return `*(Screenshot not in the package: ${alt?.trim() || 'image'}; \`${src}\` in the source tree.)*`;
    })
    .replace(LINK, (all, text, target) => (isRelative(target) ? `${text} (\`${target}\` in the source tree)` : all));
}

/** Writes the package's copies of README.md and CHANGELOG.md (PACKAGE_DOCS). */
export function writePackageDocs() {
  mkdirSync(PACKAGE_DIR, { recursive: true });
  for (const [source, target] of [
    ['README.md', PACKAGE_DOCS.readme],
    ['CHANGELOG.md', PACKAGE_DOCS.changelog],
  ]) {
    writeFileSync(join(ROOT, target), forPackage(readFileSync(join(ROOT, source), 'utf8')));
  }
  return PACKAGE_DOCS;
}

/**
 * Builds the .vsix (vsce runs `vscode:prepublish`, the production build, first). No repository
 * is declared (there is no public one to name), hence --allow-missing-repository.
 */
export function packageVsix(out = DEFAULT_VSIX, { quiet = false } = {}) {
  const docs = writePackageDocs();
  const vsce = join(ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(
    vsce,
    ['package', '--no-dependencies', '--allow-missing-repository', '--readme-path', docs.readme, '--changelog-path', docs.changelog, '--out', out],
    { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' },
  );
  if (result.status !== 0) {
    const detail = quiet ? `: ${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-5).join('\n')}` : '';
    throw new Error(`vsce package failed (exit ${result.status ?? result.signal})${detail}`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    packageVsix(i > 0 ? process.argv[i + 1] : DEFAULT_VSIX);
  } catch (e) {
    console.error(`[package] ${e.message}`);
    process.exitCode = 1;
  }
}
