// The summary CodeLens where the summary hint was lost: at 1400 px with the curve panel open
// beside the file, the lens above the first line is still entirely in view.
import { addUiCheck, openFile, runCommand } from '../../scripts/e2e/ui-check.mjs';

const SUMMARY = /1\.1B\sparams\s·\s3T\stokens\s·\sloss\s≈\s2\.22\s·\s14\.2K\sGPU-h\*\s·\s\$49\.8K/;

addUiCheck('summary lens: above the first line, in view beside the curve panel at 1400 px', async ({ page, screenshot }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await runCommand(page, 'View: Close All Editor Groups');
  await openFile(page, 'tinyllama.yaml');
  const group = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'tinyllama.yaml' }) }).first();
  const lens = group.locator('.codelens-decoration', { hasText: SUMMARY }).first();
  await lens.waitFor({ timeout: 15_000 });
  await runCommand(page, 'Scaling Lens: Open Scaling Curves');
  await page.locator('.tab', { hasText: 'Curves: tinyllama.yaml' }).waitFor({ timeout: 15_000 });
  // The editor now has half the window: the lens must still fit in its text area (the minimap covers the rest).
  // The layout settles after the panel opens, and VS Code re-renders CodeLenses when the editor
  // resizes (under load the lens can be briefly absent): measure once both boxes are there.
  await page.waitForTimeout(800);
  let l = null;
  let g = null;
  for (const until = Date.now() + 15_000; Date.now() < until; await page.waitForTimeout(250)) {
    await lens.waitFor({ timeout: 15_000 });
    [l, g] = await Promise.all([lens.locator('a').first().boundingBox(), group.locator('.editor-scrollable').first().boundingBox()]);
    if (l && g) break;
  }
  if (!l || !g) throw new Error('the lens or its editor is not on screen');
  if (l.x < g.x || l.x + l.width > g.x + g.width)
    throw new Error(
      `the summary lens (${Math.round(l.x)}–${Math.round(l.x + l.width)} px) does not fit the editor's text area (${Math.round(g.x)}–${Math.round(g.x + g.width)} px)`,
    );
  // Above the first line: the lens is higher on screen than the first line of text.
  const first = group.locator('.view-line', { hasText: 'TinyLlama 1.1B on 3T tokens' }).first();
  const f = await first.boundingBox();
  if (!f || l.y >= f.y) throw new Error('the lens is not above the first line');
  await screenshot('summary-lens-beside-panel');
  await runCommand(page, 'View: Close All Editor Groups');
});
