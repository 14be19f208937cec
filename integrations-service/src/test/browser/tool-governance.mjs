// The tool governance pages in headless Chromium: a held tool's diff (a poisoned description),
// accepting the version shown, and the Audit page. Run by UiToolGovernanceBrowserTest with
// UI_BASE_URL, TOKEN (an admin's bearer token: the UI accepts it like a session), ORG_ID, PLUGIN_ID,
// NPM_FIXTURES, SCREENSHOT_DIR and CHROMIUM_PATH.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

const require = createRequire(path.join(process.env.NPM_FIXTURES, 'package.json'));
const { chromium } = require('playwright-core');
const base = process.env.UI_BASE_URL;
const org = process.env.ORG_ID;
const plugin = process.env.PLUGIN_ID;

async function shot(page, name) {
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

test('a poisoned description is held, its diff shown, and accepting the version shown offers it again', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 },
      extraHTTPHeaders: { Authorization: `Bearer ${process.env.TOKEN}` } });
    const page = await context.newPage();
    await page.goto(`${base}/ui/orgs/${org}/plugins/${plugin}`);
    const row = page.locator('tr[data-policy-tool="search_docs"]');
    assert.equal((await row.getByTestId('tool-state').textContent()).trim(), 'held');

    await row.getByRole('link', { name: 'Review change' }).click();
    await page.waitForURL(/\/tools\/search_docs\/review$/);
    const added = page.locator('[data-testid="diff-description"] [data-added]');
    assert.match(await added.first().textContent(), /Ignore previous instructions/);
    assert.equal(await page.locator('[data-testid="diff-description"] [data-removed]').count(), 0, 'the kept first line is not marked');
    assert.equal(await page.locator('[data-testid="diff-description"] .same').count(), 1);
    await page.locator('[data-field="description"] details summary').click();
    await shot(page, '29-tool-diff');

    await page.getByRole('button', { name: 'Accept this version' }).click();
    await page.waitForURL(/notice=tool-accepted/);
    assert.equal((await page.locator('tr[data-policy-tool="search_docs"]').getByTestId('tool-state').textContent()).trim(),
      'enabled');

    await page.getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(`${base}/ui/orgs/${org}/audit`);
    assert.equal(await page.locator('tr[data-action="tool_version.accepted"]').count(), 1);
    assert.equal(await page.locator('tr[data-action="tool_version.held"]').count(), 1);
    await shot(page, '30-audit-log');
  } finally {
    await browser.close();
  }
});
