// The budget calculator driven through the command palette in Chromium, as a person does it:
// F1, the command, Enter through the remembered defaults, typed values (a wrong one first, to
// see the message), the answer as a quick pick, then a litgpt config inserted from it. Editor
// text is DOM text with non-breaking spaces, hence \s in the patterns.
// Screenshots: test-results/ui/<theme>-budget-*.png.
import { addUiCheck, editorText, runCommand, waitForEditorText } from '../../scripts/e2e/ui-check.mjs';

const widget = (page) => page.locator('.quick-input-widget');

/** Waits for the step whose title shows `n/total`, e.g. "(3/7)". */
async function step(page, n, total) {
  await widget(page)
    .locator('.quick-input-title', { hasText: `${n}/${total}` })
    .waitFor({ timeout: 10_000 });
}

/** Replaces the text of the quick input box. */
async function typeValue(page, text) {
  const input = widget(page).locator('input').first();
  await input.fill(text);
}

/** Filters a quick pick and waits until `label` is the focused row. */
async function choose(page, filter, label = filter) {
  await typeValue(page, filter);
  await widget(page).locator('.monaco-list-row.focused', { hasText: label }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/**
 * Runs the calculator from the palette. Right after the workbench loads, the palette may not
 * list the extension's commands yet (it lists what was registered when it opened): reopen it.
 */
async function openCalculator(page) {
  const title = 'Scaling Lens: Budget Calculator';
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = widget(page).locator('input').first();
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await widget(page).locator('.monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt >= 10) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

addUiCheck('budget calculator: 64 × H100-SXM × 14 days from the palette', async ({ page, screenshot }) => {
  await openCalculator(page);
  await step(page, 1, 7);
  await choose(page, 'GPUs', 'GPUs × days');
  await step(page, 2, 7);
  await choose(page, 'H100-SXM');

  // A wrong value: the message says what is wrong while typing, and Enter does not move on.
  await step(page, 3, 7);
  await typeValue(page, '0');
  const message = widget(page).locator('.quick-input-message', { hasText: 'The GPU count must be a whole number of at least 1 (got 0)' });
  await message.waitFor({ timeout: 10_000 });
  await screenshot('budget-validation');
  await page.keyboard.press('Enter');
  await step(page, 3, 7);
  await typeValue(page, '64');
  await page.keyboard.press('Enter');

  await step(page, 4, 7);
  await typeValue(page, '14');
  await page.keyboard.press('Enter');
  // MFU: optional, empty; the prompt gives the throughput model's prediction for this shape.
  await step(page, 5, 7);
  await widget(page)
    .locator('.quick-input-message, .quick-input-header', { hasText: /model: ≈ \d+% MFU for this shape/ })
    .first()
    .waitFor({ timeout: 10_000 });
  await screenshot('budget-mfu');
  await page.keyboard.press('Enter');
  await step(page, 6, 7);
  await choose(page, 'epoch-2024');
  await step(page, 7, 7); // no unique-token limit
  await typeValue(page, '');
  await page.keyboard.press('Enter');

  // The answer.
  // Priced by the throughput model: 44% MFU predicted for the 15.2B model's shape and layout.
  await widget(page).locator('.quick-input-title', { hasText: '64 × H100-SXM × 14 days = 2.7e22 FLOPs' }).waitFor({ timeout: 10_000 });
  const rows = widget(page).locator('.monaco-list-row');
  for (const text of [
    '15.2B parameters × 301B tokens',
    '1/2 size: 7.58B × 603B tokens',
    '1/8 size: 1.9B × 2.41T tokens',
    'GiB/GPU of 80 ✓',
    'Show on curves',
  ]) {
    await rows.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
  }
  await screenshot('budget-result');

  // Insert the compute-optimal model as a litgpt config.
  await page.keyboard.press('Enter');
  await widget(page).locator('.quick-input-title', { hasText: 'Insert the compute-optimal model' }).waitFor({ timeout: 10_000 });
  // nanoGPT (no sharding) cannot hold a 15.2B model on one 80 GB GPU: listed last, saying so.
  await widget(page).locator('.monaco-list-row', { hasText: 'nanoGPT: does not fit on 64 × H100-SXM' }).first().waitFor({ timeout: 10_000 });
  await screenshot('budget-frameworks');
  await choose(page, 'litgpt');
  try {
    await waitForEditorText(page, /n_embd:\s6144/);
    await waitForEditorText(page, /intermediate_size:\s16384/);
    // The extension reads the new document like any config: its parameter hint.
    await waitForEditorText(page, /n_layer:\s38\s*≈\s15\.2B\sparams/);
    await screenshot('budget-litgpt-config');
  } catch (e) {
    throw new Error(`${e.message.split('\n')[0]}; the editor shows: ${JSON.stringify((await editorText(page)).slice(0, 1500))}`, { cause: e });
  } finally {
    await closeUntitled(page);
  }
});

/** Leaves the workbench as found: the inserted document is an unsaved untitled one. */
async function closeUntitled(page) {
  await page.keyboard.press('Escape');
  if ((await page.locator('.tab.active', { hasText: 'Untitled' }).count()) > 0) {
    await runCommand(page, 'View: Revert and Close Editor');
    await page.locator('.tab.active', { hasText: 'mpt-tiny.yaml' }).waitFor({ timeout: 10_000 });
  }
  // The "config inserted" notification would cover the corner of the next checks.
  await runCommand(page, 'Notifications: Clear All Notifications');
}
