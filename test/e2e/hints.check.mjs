// The hints, the summary CodeLens and the derivation hover as a person sees them: screenshots
// for the README. Inlay hints and lenses are DOM text with non-breaking spaces, hence \s in the patterns.
import { addUiCheck, openFile, waitForEditorText } from '../../scripts/e2e/ui-check.mjs';

addUiCheck('inlay hints and the summary lens render in the editor and the hover explains them', async ({ page, screenshot }) => {
  await openFile(page, 'tinyllama.yaml');
  await waitForEditorText(page, /≈\s1\.1B\sparams/);
  await waitForEditorText(page, /≈\s3T\stokens\s·\s2\.2e22\sPaLM\sFLOPs/);
  await page
    .locator('.editor-group-container.active .codelens-decoration', {
      hasText: /1\.1B\sparams\s·\s3T\stokens\s·\sloss\s≈\s2\.22\s·\s14\.2K\sGPU-h\*\s·\s\$49\.8K/,
    })
    .first()
    .waitFor({ timeout: 15_000 });
  await screenshot('hints');
  // Rest the mouse on the parameter hint, as a person would: its tooltip is the derivation.
  const hint = page.locator('.editor-instance .view-lines span', { hasText: /^≈\s1\.1B\sparams$/ }).last();
  const box = await hint.boundingBox();
  if (!box) throw new Error('the parameter hint is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: '1,100,048,384' }).first();
  await hover.waitFor({ timeout: 10_000 });
  await screenshot('hover');
  await page.mouse.move(5, 5);
});
