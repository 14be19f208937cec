// What the browser tests share: headless Debian Chromium (playwright-core from the npm fixtures),
// the dev login's OIDC code flow, and full-page screenshots under SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NPM_FIXTURES, 'package.json'));
const { chromium } = require('playwright-core');

/** Starts Chromium with the flags a container without a GPU, sandbox or network extras needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Writes a full-page screenshot of the page to SCREENSHOT_DIR/<name>.png. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Signs in to the control panel at `base` through the dev login page (an OIDC code flow with PKCE
 * and a nonce) as `role` ('admin' or 'viewer') of `org`; answers the page, on the plugin list.
 */
export async function signIn(context, base, org, role, screenshot) {
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${base}/ui`);
  await page.waitForURL(/\/authorize\?/);
  assert.match(page.url(), /code_challenge_method=S256/, 'the code flow uses PKCE');
  assert.match(page.url(), /[?&]nonce=[^&]+/, 'the authorization request carries an OIDC nonce');
  await page.getByLabel('Organisation id').fill(org);
  await page.getByRole('radio', { name: role === 'admin' ? /Admin/ : /Viewer/ }).check();
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/ui/orgs/${org}/plugins`);
  return page;
}

/** The trimmed text of the first element the selector finds. */
export async function text(page, selector) {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}
