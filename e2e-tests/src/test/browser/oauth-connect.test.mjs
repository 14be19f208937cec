// The OAuth connect of an MCP server in the control panel, in headless Chromium, one phase per run
// (PHASE): OAuthEndToEndTest runs the phases in order and does the gateway and expiry steps in
// between. The authorization server is the OAuth MCP fixture with its consent page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, shot, signIn, text } from './browser-session.mjs';

const BASE = process.env.UI_BASE_URL;
const ORG = process.env.ORG_ID;
const CREDENTIALS = `${BASE}/ui/orgs/${ORG}/credentials`;
const NAME = 'tracker-oauth';
const PHASE = process.env.PHASE;

let browser;
let admin;

/** Connect (or Reconnect) on the credential's row, "Allow" on the authorization server's consent page, back on the list. */
async function connect(button, consentScreenshot) {
  const row = admin.locator(`tr[data-credential="${NAME}"]`);
  await row.getByRole('button', { name: button }).click();
  await admin.waitForURL(/\/authorize\?/);
  const consent = new URL(admin.url());
  assert.equal(consent.searchParams.get('code_challenge_method'), 'S256', 'PKCE S256');
  assert.equal(consent.searchParams.get('resource'), process.env.OAUTH_MCP_URL, 'the resource parameter (RFC 8707)');
  assert.ok(consent.searchParams.get('state'), 'a state');
  assert.equal(consent.searchParams.get('redirect_uri'), `${BASE}/oauth/callback`);
  if (consentScreenshot) await shot(admin, consentScreenshot);
  await admin.getByRole('button', { name: 'Allow' }).click();
  await admin.waitForURL(/\/credentials\?notice=oauth-connected/);
  assert.equal(await text(row, '[data-testid=oauth-status]'), 'connected');
}

describe(`OAuth connect in the control panel (${PHASE})`, () => {
  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(15_000);
    admin = await signIn(context, BASE, ORG, 'admin');
  });

  after(async () => {
    await browser?.close();
  });

  if (PHASE === 'connect') {
    it('creates an OAuth credential with a pre-registered client and connects it through the consent page', async () => {
      await admin.goto(CREDENTIALS);
      await admin.getByLabel('Name', { exact: true }).fill(NAME);
      await admin.getByLabel('Type', { exact: true }).selectOption('oauth');
      await admin.getByLabel('MCP server URL').fill(process.env.OAUTH_MCP_URL);
      await admin.getByLabel('Client id').fill(process.env.OAUTH_CLIENT_ID);
      await admin.getByLabel('Client secret').fill(process.env.OAUTH_CLIENT_SECRET);
      await admin.getByRole('button', { name: 'Create credential' }).click();
      await admin.waitForURL(/credentials\?notice=created/);
      const row = admin.locator(`tr[data-credential="${NAME}"]`);
      assert.equal(await text(row, '[data-testid=oauth-status]'), 'not connected');
      assert.match(await text(admin, 'main'), new RegExp(`${BASE.replace(/[.:/]/g, '\\$&')}/oauth/callback`),
        'the page names the redirect URL to register');

      await connect('Connect', '17-oauth-consent');
      assert.equal((await admin.content()).includes(process.env.OAUTH_CLIENT_SECRET), false, 'the client secret is never shown');
      await shot(admin, '18-oauth-connected');
    });
  }

  if (PHASE === 'reconnect-needed') {
    it('shows a revoked grant as "reconnect needed" on the plugin list and the credential page', async () => {
      const problem = admin.locator('[data-testid=credential-problem]');
      assert.match(await problem.first().textContent(), /Reconnect needed.*tracker-oauth needs a reconnect/s);
      await shot(admin, '19-plugins-reconnect-needed');
      await admin.getByRole('link', { name: 'Credentials' }).click();
      const row = admin.locator(`tr[data-credential="${NAME}"]`);
      assert.equal(await text(row, '[data-testid=oauth-status]'), 'reconnect needed');
      assert.match(await text(row, '[data-testid=oauth-problem]'), /invalid_grant|refused/);
      await shot(admin, '20-credential-reconnect-needed');
    });
  }

  if (PHASE === 'reconnect') {
    it('reconnects the credential', async () => {
      await admin.goto(CREDENTIALS);
      await connect('Reconnect');
      const row = admin.locator(`tr[data-credential="${NAME}"]`);
      assert.equal(await row.locator('[data-testid=oauth-problem]').count(), 0, 'the problem is gone');
    });
  }
});
