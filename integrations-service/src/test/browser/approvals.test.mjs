// The Approvals page in headless Chromium (Debian's package, driven by playwright-core from the npm
// fixtures), against this module's @QuarkusTest: its UI tenant takes the dev-signed tokens as bearer
// tokens, so the browser sends one on every request instead of walking the dev login (the e2e
// browser tests cover that). Run by UiApprovalsBrowserTest, which plays the gateway's part.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NPM_FIXTURES, 'package.json'));
const { chromium } = require('playwright-core');

const BASE = process.env.UI_BASE_URL;
const ORG = process.env.ORG_ID;
const APPROVALS = `${BASE}/ui/orgs/${ORG}/approvals`;

let browser;

async function open(token, viewport) {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

describe('Approvals page', () => {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('a viewer sees the pending calls, escaped, and no buttons', async () => {
    const page = await open(process.env.VIEWER_TOKEN, { width: 1280, height: 860 });
    await page.goto(APPROVALS);
    assert.equal(await page.getByRole('link', { name: 'Approvals' }).getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('[data-testid=pending-approvals] tbody tr').count(), 3);
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    // The hostile arguments are text, not markup: no script ran, the page shows them as written.
    assert.match(await page.locator('[data-testid=pending-approvals]').innerText(), /<script>window\.approvalsXss=true<\/script>/);
    assert.equal(await page.evaluate(() => window.approvalsXss === true), false);
    await page.context().close();
  });

  it('an admin approves one call and sees who decided', async () => {
    const page = await open(process.env.ADMIN_TOKEN, { width: 1280, height: 860 });
    await page.goto(APPROVALS);
    await shot(page, '28-approvals');
    const row = page.locator(`tr[data-approval="${process.env.APPROVE_ID}"]`);
    await row.getByPlaceholder('Note (optional)').fill('Ticket OPS-142: the customer asked for it');
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/approvals\?notice=approval-/);
    assert.match(await page.locator('[data-testid=approval-notice]').innerText(), /Approved/);
    assert.equal(await page.locator(`[data-testid=pending-approvals] tr[data-approval="${process.env.APPROVE_ID}"]`).count(), 0);
    const decided = page.locator(`[data-testid=settled-approvals] tr[data-approval="${process.env.APPROVE_ID}"]`);
    assert.equal((await decided.locator('[data-testid=approval-status]').innerText()).trim(), 'approved');
    assert.match(await decided.locator('[data-testid=approval-decided]').innerText(), /admin@.*Ticket OPS-142/s);
    await shot(page, '29-approval-approved');
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await open(process.env.ADMIN_TOKEN, { width: 390, height: 844 });
    await page.goto(APPROVALS);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no sideways scrolling (${overflow}px)`);
    await shot(page, '28-approvals-phone');
    await page.context().close();
  });
});
