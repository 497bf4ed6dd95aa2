// Baseline UI checks (scripts/e2e/ui-check.mjs runs them in each theme). Add feature checks in
// more test/e2e/*.check.mjs files: they run in file-name order after this one.
import { activationTime, addUiCheck } from '../../scripts/e2e/ui-check.mjs';

addUiCheck('the config opens as YAML', async ({ page }) => {
  await page
    .locator('.statusbar-item', { hasText: /^YAML$/ })
    .first()
    .waitFor({ timeout: 10_000 });
});

addUiCheck('Scaling Lens activates without an error notification', async ({ page, extensionId }) => {
  const activation = await activationTime(page);
  if (!/activation/i.test(activation)) throw new Error(`${extensionId} is not running: ${activation}`);
  const toasts = page.locator('.notifications-toasts .notification-toast', { hasText: /Scaling Lens/i });
  if ((await toasts.count()) > 0) throw new Error(`error notification: ${await toasts.first().innerText()}`);
});
