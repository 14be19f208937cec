// Browser tests of the control-panel UI: headless Debian Chromium driven by playwright-core,
// run by WebUiBrowserTest (which starts the stack and passes the URLs below).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, shot, signIn as signInAt, text } from './browser-session.mjs';

const BASE = process.env.UI_BASE_URL;
const ORG = process.env.ORG_ID;
const OTHER_ORG = process.env.OTHER_ORG_ID;
const PLUGINS = `${BASE}/ui/orgs/${ORG}/plugins`;

let browser;
let admin;
let whatsAppAppUrl;

function signIn(context, org, role, screenshot) {
  return signInAt(context, BASE, org, role, screenshot);
}

async function optionValue(page, selectLabel, optionText) {
  const select = page.getByLabel(selectLabel, { exact: true });
  return select.locator('option', { hasText: optionText }).first().getAttribute('value');
}

describe('control-panel web UI', () => {
  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(15_000);
    admin = await signIn(context, ORG, 'admin', '01-dev-login');
  });

  after(async () => {
    await browser?.close();
  });

  it('signs in through the OIDC code flow and shows an empty plugin list to an admin', async () => {
    assert.equal(await text(admin, '[data-testid=role]'), 'admin');
    assert.match(await text(admin, 'main'), /No MCP servers installed yet/);
    await shot(admin, '02-plugins-empty');
  });

  it('creates a credential whose secret is never shown again', async () => {
    await admin.getByRole('link', { name: 'Credentials' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('crm-token');
    await admin.getByLabel('Secret', { exact: true }).fill('first-secret-value');
    await admin.getByRole('button', { name: 'Create credential' }).click();
    await admin.waitForURL(/credentials\?notice=created/);
    const row = admin.locator('tr[data-credential="crm-token"]');
    assert.match(await row.locator('[data-testid=fingerprint]').textContent(), /^[0-9a-f]{12}$/);
    assert.equal((await admin.content()).includes('first-secret-value'), false, 'the secret must not appear');
    await shot(admin, '03-credentials');
  });

  it('suggests the slug, validates it as you type and shows server errors next to the right field', async () => {
    await admin.goto(PLUGINS);
    await admin.getByRole('link', { name: 'Install MCP server' }).first().click();
    // The first Tab must reach the new page, not the one still unloading.
    await admin.waitForURL(/\/plugins\/new$/);
    await admin.waitForLoadState('load');
    await admin.keyboard.press('Tab');
    assert.equal(await admin.evaluate(() => document.activeElement.textContent), 'Skip to content');

    await admin.getByLabel('Display name').fill('Everything Demo!');
    assert.equal(await admin.getByLabel('Slug').inputValue(), 'everything-demo');
    await admin.getByLabel('Slug').fill('Bad_Slug');
    assert.match(await text(admin, '[data-field-error="slug"]'), /kebab-case/);
    assert.equal(await admin.getByLabel('Slug').getAttribute('aria-invalid'), 'true');
    await admin.getByLabel('Slug').fill('everything');
    assert.equal(await text(admin, '[data-field-error="slug"]'), '');

    // Server-side validation: a non-https endpoint is refused, named on its field, input kept.
    await admin.getByLabel('Endpoint URL').fill('ftp://mcp.example.com/mcp');
    await admin.getByRole('button', { name: 'Install' }).click();
    await admin.waitForLoadState();
    assert.match(await text(admin, '[data-field-error="config.endpoint"]'), /.+/);
    assert.match(await text(admin, '[data-testid=form-errors]'), /invalid_integration_config/);
    assert.equal(await admin.getByLabel('Display name').inputValue(), 'Everything Demo!');

    await admin.getByLabel('Endpoint URL').fill(process.env.MCP_URL);
    const credential = await optionValue(admin, 'Credential', 'crm-token');
    await admin.getByLabel('Credential', { exact: true }).selectOption(credential);
    await admin.getByRole('button', { name: 'Install' }).click();
    await admin.waitForURL(/\/plugins\/[0-9a-f-]{36}\?notice=installed/);

    // The same slug again: integration_slug_conflict, shown on the slug field.
    await admin.goto(`${PLUGINS}/new`);
    await admin.getByLabel('Display name').fill('Everything again');
    await admin.getByLabel('Slug').fill('everything');
    await admin.getByLabel('Endpoint URL').fill(process.env.MCP_URL);
    await admin.getByRole('button', { name: 'Install' }).click();
    await admin.waitForLoadState();
    assert.match(await text(admin, '[data-field-error="slug"]'), /already uses the slug 'everything'/);
    assert.match(await text(admin, '[data-testid=form-errors]'), /integration_slug_conflict/);
    await shot(admin, '04-install-errors');
  });

  it('shows the installed server\'s tools with the names the model sees and readable schemas', async () => {
    await admin.goto(PLUGINS);
    await admin.getByRole('link', { name: 'Everything Demo!' }).click();
    const deadline = Date.now() + 30_000;
    while (Number(await text(admin, '[data-testid=tool-total]')) === 0) {
      assert.ok(Date.now() < deadline, 'the catalog refresh after install did not arrive');
      await admin.waitForTimeout(500);
      await admin.reload();
    }
    const names = await admin.locator('[data-testid=exposed-name]').allTextContents();
    assert.ok(names.includes('everything__echo'), `exposed names: ${names}`);
    const echo = admin.locator('li[data-tool="echo"]');
    assert.match(await echo.locator('table.params').textContent(), /message[\s\S]*string[\s\S]*yes/);
    // The compiler's report: one row per provider profile, each saying how that provider gets the tool.
    const profiles = await echo.locator('[data-testid=compatibility] tbody tr').evaluateAll(
      (rows) => rows.map((r) => r.getAttribute('data-profile')));
    assert.deepEqual(profiles, ['openai', 'openai-strict', 'anthropic', 'gemini']);
    assert.match(await echo.locator('[data-testid=compatibility]').textContent(), /sent (as is|adjusted)/);
    await shot(admin, '05-plugin-detail');
  });

  it('refreshes a plugin with a visible in-progress state and shows the refresh error in the list', async () => {
    await admin.goto(`${PLUGINS}/new`);
    await admin.getByLabel('Display name').fill('Silent server');
    await admin.getByLabel('Slug').fill('silent');
    await admin.getByLabel('Endpoint URL').fill(process.env.SILENT_MCP_URL);
    await admin.getByLabel(/^Timeout in milliseconds/).fill('3000');
    await admin.getByRole('button', { name: 'Install' }).click();
    await admin.waitForURL(/notice=installed/);

    await admin.goto(PLUGINS);
    const row = admin.locator('tr[data-slug="silent"]');
    const button = row.getByRole('button', { name: /Refresh/ });
    // The click as the user makes it, held back once so the screenshot shows the busy button
    // (a real browser keeps showing it until the answer arrives); then the form really submits.
    const [busy, label] = await button.evaluate((b) => {
      b.form.addEventListener('submit', (event) => event.preventDefault(), { once: true });
      b.click();
      return [b.getAttribute('aria-busy'), b.textContent];
    });
    assert.equal(busy, 'true');
    assert.equal(label, 'Refreshing…');
    await shot(admin, '06-plugins-refreshing');
    await button.evaluate((b) => b.form.submit());

    await admin.waitForURL(/notice=refresh-(failed|pending)/, { timeout: 45_000 });
    const deadline = Date.now() + 30_000;
    while (await admin.locator('tr[data-slug="silent"] [data-testid=refresh-error]').count() === 0) {
      assert.ok(Date.now() < deadline, 'no refresh error shown for the silent server');
      await admin.waitForTimeout(500);
      await admin.goto(PLUGINS);
    }
    assert.match(await text(admin, 'tr[data-slug="silent"] [data-testid=refresh-error]'), /Refresh failed/);
    assert.equal(await text(admin, 'tr[data-slug="everything"] [data-testid=tool-count]') !== '0', true);
    await shot(admin, '07-plugins-refresh-error');
  });

  it('selects MCP plugins for WhatsApp and hints at the installed ones left out', async () => {
    await admin.getByRole('link', { name: 'WhatsApp' }).click();
    await admin.getByLabel('Display name').fill('Support line');
    await admin.getByLabel('Phone number id').fill(String(10_000_000 + Math.floor(Math.random() * 89_999_999)));
    await admin.getByLabel('Model').fill('demo-model');
    await admin.getByLabel('Access token').fill('whatsapp-access-token');
    await admin.getByLabel(/^App secret/).fill('whatsapp-app-secret');
    await admin.getByLabel(/^Webhook verify token/).fill('verify-token-123');
    await admin.getByLabel(/Everything Demo!/).check();
    await admin.getByRole('button', { name: 'Create app' }).click();
    await admin.waitForURL(/whatsapp\/[0-9a-f-]{36}\?notice=created/);
    whatsAppAppUrl = admin.url().split('?')[0];
    assert.match(await text(admin, '[data-testid=selected-plugins]'), /everything/);
    assert.match(await text(admin, '[data-testid=not-selected-hint]'), /silent/);
    assert.equal(await admin.getByLabel(/Silent server/).isChecked(), false);

    // Tick the second one too: the hint goes away.
    await admin.getByLabel(/Silent server/).check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.waitForURL(/notice=saved/);
    assert.match(await text(admin, '[data-testid=selected-plugins]'), /everything[\s\S]*silent|silent[\s\S]*everything/);
    assert.equal(await admin.locator('[data-testid=not-selected-hint]').count(), 0);
    await admin.getByLabel(/Silent server/).uncheck();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.waitForURL(/notice=saved/);
    await shot(admin, '08-whatsapp-app');

    // The WhatsApp page lists the app with its selection and the installed plugin it leaves out.
    await admin.getByRole('navigation').getByRole('link', { name: 'WhatsApp', exact: true }).click();
    const card = admin.locator('.card', { hasText: 'Support line' });
    assert.match(await card.textContent(), /Installed but not selected: silent/);
    await shot(admin, '15-whatsapp-apps');
  });

  it('shows what the model sees for API keys and for a WhatsApp app, per provider profile', async () => {
    await admin.goto(PLUGINS);
    await admin.locator('[data-testid=preview-link]').click();
    await admin.waitForURL(/plugins\/preview/);
    assert.ok(parseInt(await text(admin, '[data-testid=tool-count]'), 10) > 0, 'tools are sent');
    assert.match(await admin.locator('[data-testid=tools-json]').textContent(), /"name" : "everything__echo"/);
    assert.match(await text(admin, '[data-testid=tool-bytes]'), /\d+ bytes, about \d+ tokens/);
    await admin.getByLabel('Provider profile').selectOption('gemini');
    await admin.getByRole('button', { name: 'Show' }).click();
    await admin.waitForURL(/profile=gemini/);
    assert.equal(await admin.locator('#profile').inputValue(), 'gemini');
    await shot(admin, '16-what-the-model-sees');

    // A WhatsApp app's view holds only the plugins it selected.
    await admin.goto(whatsAppAppUrl);
    await admin.locator('[data-testid=preview-link]').click();
    await admin.waitForURL(/whatsapp\/[0-9a-f-]{36}\/preview/);
    const json = await admin.locator('[data-testid=tools-json]').textContent();
    assert.match(json, /everything__/);
    assert.doesNotMatch(json, /silent__/);
  });

  it('rotates a credential and explains why one in use cannot be deleted', async () => {
    await admin.getByRole('link', { name: 'Credentials' }).click();
    const row = () => admin.locator('tr[data-credential="crm-token"]');
    const before = await row().locator('[data-testid=fingerprint]').textContent();
    await row().getByLabel('New secret for crm-token').fill('second-secret-value');
    await row().getByRole('button', { name: 'Rotate' }).click();
    await admin.waitForURL(/notice=rotated/);
    const after = await row().locator('[data-testid=fingerprint]').textContent();
    assert.notEqual(after, before, 'rotation changes the fingerprint');
    assert.match(await row().textContent(), /rotated/);

    await row().getByRole('button', { name: 'Delete' }).click();
    await admin.waitForLoadState();
    assert.match(await text(admin, '[data-testid=row-error]'), /still used by the integrations everything/);
    assert.equal(await row().count(), 1, 'the credential is kept');
    await shot(admin, '09-credentials-rotated-in-use');
  });

  it('shows a new API key once, lists and revokes it, and refuses forged form posts', async () => {
    await admin.getByRole('link', { name: 'API keys' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('sdk-client');
    await admin.getByRole('button', { name: 'Create key' }).click();
    await admin.waitForURL(/api-keys\?created=/);
    const key = await admin.getByTestId('new-key').inputValue();
    assert.ok(key.length > 30, 'the key is shown');
    await shot(admin, '10-api-key-created');

    await admin.goto(`${BASE}/ui/orgs/${ORG}/api-keys`);
    assert.equal(await admin.getByTestId('new-key').count(), 0, 'shown only once');
    assert.equal((await admin.content()).includes(key), false);
    const row = admin.locator('tr[data-key="sdk-client"]');
    assert.ok(key.startsWith((await row.locator('code').textContent()).replace('…', '')));
    await row.getByRole('button', { name: 'Revoke' }).click();
    await admin.waitForURL(/notice=revoked/);
    assert.match(await admin.locator('tr[data-key="sdk-client"]').textContent(), /revoked/);

    // Cross-site forgery: the browser would send the session cookie, but not the form token.
    for (const form of [{ name: 'forged' }, { name: 'forged', _csrf: 'not-the-token' }]) {
      const forged = await admin.request.post(`${BASE}/ui/orgs/${ORG}/api-keys`, { form, maxRedirects: 0 });
      assert.equal(forged.status(), 403);
      assert.match(await forged.text(), /csrf_token_invalid/);
    }
    await admin.goto(`${BASE}/ui/orgs/${ORG}/api-keys`);
    assert.equal(await admin.locator('tr[data-key="forged"]').count(), 0, 'forged posts change nothing');
  });

  it('lets a viewer look but not change anything', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const viewer = await signIn(context, ORG, 'viewer');
    assert.equal(await text(viewer, '[data-testid=role]'), 'viewer');
    assert.equal(await viewer.locator('tr[data-slug="everything"]').count(), 1);
    assert.equal(await viewer.getByRole('link', { name: 'Install MCP server' }).count(), 0);
    const changes = viewer.getByRole('button').filter({ hasNotText: 'Sign out' }).filter({ hasNotText: /^Show$/ });
    assert.equal(await changes.count(), 0, 'no actions for viewers but signing out and searching');
    await shot(viewer, '11-viewer-plugins');
    const install = await viewer.goto(`${PLUGINS}/new`);
    assert.equal(install.status(), 403);
    assert.equal(await text(viewer, '[data-testid=error-code]'), 'forbidden');
    await context.close();
  });

  it('never shows another organisation', async () => {
    const response = await admin.goto(`${BASE}/ui/orgs/${OTHER_ORG}/plugins`);
    assert.equal(response.status(), 403);
    assert.equal(await text(admin, '[data-testid=error-code]'), 'forbidden');
    await shot(admin, '12-forbidden-organisation');
    await admin.goto(PLUGINS);
    const detail = await admin.locator('tr[data-slug="everything"] a').getAttribute('href');
    const foreign = await admin.goto(BASE + detail.replace(ORG, OTHER_ORG));
    assert.equal(foreign.status(), 403);
  });

  it('never lets the session cookie authenticate the JSON API', async () => {
    const context = await browser.newContext();
    await signIn(context, ORG, 'admin');
    const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { Cookie: cookies, 'X-Org-Id': ORG, 'Content-Type': 'application/json' };
    const read = await fetch(`${BASE}/organizations/${ORG}/integrations`, { headers });
    assert.equal(read.status, 401, 'a read with only the UI session cookie');
    const write = await fetch(`${BASE}/organizations/${ORG}/api-keys`, { method: 'POST', headers,
      body: JSON.stringify({ name: 'via-cookie' }) });
    assert.equal(write.status, 401, 'a write with only the UI session cookie');
    const garbage = await fetch(`${BASE}/organizations/${ORG}/integrations`,
      { headers: { ...headers, Authorization: 'Bearer garbage' } });
    assert.equal(garbage.status, 401, 'the cookie does not rescue an invalid bearer token');
    await context.close();
  });

  it('signing out ends the session on the server: a copied cookie no longer works', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, ORG, 'viewer');
    const copied = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/signed-out/);
    const replay = await browser.newContext();
    await replay.addCookies(copied);
    const again = await replay.newPage();
    await again.goto(PLUGINS);
    assert.ok(!again.url().startsWith(PLUGINS), `the old session is refused (ended at ${again.url()})`);
    await replay.close();
    await context.close();
  });

  it('fits a phone-width window', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await signIn(context, ORG, 'admin');
    // Under mobile emulation innerWidth grows with an overflowing page: compare with the layout width.
    const overflow = async () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 1, 'no horizontal scrolling on the plugin list');
    await shot(phone, '13-plugins-phone');
    await phone.locator('tr[data-slug="everything"] a').click();
    await phone.waitForURL(/\/plugins\/[0-9a-f-]{36}/);
    assert.ok(await overflow() <= 1, 'no horizontal scrolling on the plugin detail');
    await shot(phone, '14-plugin-detail-phone');
    await context.close();
  });
});
