// Browser tests of the control panel's "never lose work, never guess" behaviour (issue 26): every
// error of a submit at once, focus on the error summary, no duplicate submits on reload, no lost
// updates between two tabs, a phone-width plugin page, a WhatsApp app's revoked key, accessibility.
// Run by WebUiBrowserTest against the real stack and a real MCP server (MCP_URL).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, shot, signIn as signInAt, text } from './browser-session.mjs';

const BASE = process.env.UI_BASE_URL;
const ORG = process.env.UX_ORG_ID;
const PLUGINS = `${BASE}/ui/orgs/${ORG}/plugins`;

let browser;
let admin;
let pluginUrl;

function signIn(context, role) {
  return signInAt(context, BASE, ORG, role);
}

/** WCAG relative luminance contrast of two CSS rgb() colours. */
function contrast(a, b) {
  const lum = (rgb) => {
    const [r, g, b2] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function installEverything(page) {
  await page.goto(`${PLUGINS}/new`);
  await page.getByLabel('Display name').fill('Everything');
  await page.getByLabel('Slug').fill('everything');
  await page.getByLabel('Endpoint URL').fill(process.env.MCP_URL);
  await page.getByRole('button', { name: 'Install' }).click();
  await page.waitForURL(/\/plugins\/[0-9a-f-]{36}\?notice=installed/);
  const url = page.url().split('?')[0];
  const deadline = Date.now() + 30_000;
  while (Number(await text(page, '[data-testid=tool-total]')) === 0) {
    assert.ok(Date.now() < deadline, 'the catalog refresh after install did not arrive');
    await page.waitForTimeout(500);
    await page.reload();
  }
  return url;
}

describe('control panel: no lost work, no guessing', () => {
  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(15_000);
    admin = await signIn(context, 'admin');
  });

  after(async () => {
    await browser?.close();
  });

  it('names the organisation once, and every page shows the name instead of the id', async () => {
    await admin.goto(PLUGINS);
    assert.match(await text(admin, '[data-testid=org]'), new RegExp(ORG));
    await admin.getByTestId('name-hint').getByRole('link', { name: 'Give it a name' }).click();
    const name = admin.getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('x'.repeat(81));
    await admin.getByRole('button', { name: 'Save' }).click();
    assert.match(await text(admin, '[data-field-error=name]'), /80/);
    await name.fill('Acme Support');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.waitForURL(/\/settings\?notice=/);
    await admin.goto(PLUGINS);
    assert.equal(await text(admin, '[data-testid=org]'), 'Org Acme Support');
    assert.equal(await admin.getByTestId('name-hint').count(), 0, 'no hint once named');
    assert.equal(await admin.locator('[data-testid=org]').getAttribute('title'), `Organisation ${ORG}`);
    await shot(admin, '26-organisation-named');
  });

  it('reports every invalid field of a submit at once, in a focused summary linking to the fields', async () => {
    await admin.goto(`${PLUGINS}/new`);
    await admin.getByLabel('Display name').fill('Two problems');
    await admin.getByLabel('Slug').fill('Bad_Slug');
    await admin.getByLabel('Endpoint URL').fill('ftp://mcp.example.com/mcp');
    await admin.getByLabel(/^Timeout in milliseconds/).fill('0');
    await admin.getByRole('button', { name: 'Install' }).click();
    await admin.waitForLoadState();
    assert.match(await text(admin, '[data-field-error="slug"]'), /kebab-case/);
    assert.match(await text(admin, '[data-field-error="config.endpoint"]'), /https/);
    assert.match(await text(admin, '[data-field-error="config.timeoutMs"]'), /at least 1/);
    assert.doesNotMatch(await text(admin, '[data-field-error="config.timeoutMs"]'), /config\./, 'no API field names');
    const summary = admin.locator('[data-error-summary]');
    assert.match(await summary.textContent(), /3 fields need a change/);
    assert.equal(await admin.evaluate(() => document.activeElement.hasAttribute('data-error-summary')), true,
      'the summary has the focus');
    // The summary's entries lead to their fields.
    await summary.getByRole('link', { name: 'Endpoint URL' }).click();
    assert.equal(await admin.evaluate(() => document.activeElement.id), 'endpoint');
    // Invalid fields are outlined in red (the rule used to be overridden).
    const border = await admin.getByLabel('Endpoint URL').evaluate((e) => getComputedStyle(e).borderTopColor);
    assert.equal(border, 'rgb(200, 30, 30)');
    await shot(admin, '17-all-errors-at-once');
  });

  it('shows a refused credential in its form, with the rest of the install\'s problems', async () => {
    await admin.goto(`${BASE}/ui/orgs/${ORG}/credentials`);
    await admin.getByRole('button', { name: 'Create credential' }).click();
    await admin.waitForLoadState('load');
    const summary = admin.locator('[data-error-summary]');
    assert.match(await summary.textContent(), /Name[\s\S]*Secret/, 'both fields in the summary, on the page (not JSON)');
    assert.match(await text(admin, '[data-field-error="secret"]'), /1 to 8192/);

    await admin.goto(`${PLUGINS}/new`);
    await admin.getByLabel('Display name').fill('Inline');
    await admin.getByLabel('Slug').fill('Bad_Slug');
    await admin.getByLabel('Endpoint URL').fill('ftp://mcp.example.com/mcp');
    await admin.getByLabel('Credential', { exact: true }).selectOption('new');
    await admin.getByRole('button', { name: 'Install' }).click();
    await admin.waitForLoadState('load');
    const all = await admin.locator('[data-error-summary]').textContent();
    for (const label of ['Slug', 'Endpoint URL', 'New credential name', 'New credential secret']) {
      assert.match(all, new RegExp(label), `${label} in: ${all}`);
    }
  });

  it('tests a connection before installing, and says why one fails', async () => {
    await admin.goto(`${PLUGINS}/new`);
    await admin.getByLabel('Display name').fill('Tested first');
    await admin.getByLabel('Endpoint URL').fill(process.env.MCP_URL);
    await admin.getByRole('button', { name: 'Test connection' }).click();
    await admin.waitForURL(/plugins\/new\/test$/);
    assert.match(await text(admin, '[data-testid=connection-test]'), /Connected in \d+ ms/);
    assert.ok(Number(await text(admin, '[data-testid=connection-test-count]')) > 0, 'the server\'s tools are counted');
    assert.equal(await admin.getByLabel('Display name').inputValue(), 'Tested first', 'the form is kept');
    await shot(admin, '23-connection-test');
    await admin.goto(PLUGINS);
    assert.equal(await admin.locator('tr[data-slug="tested-first"]').count(), 0, 'nothing installed by a test');

    await admin.goto(`${PLUGINS}/new`);
    await admin.getByLabel('Display name').fill('Nobody home');
    await admin.getByLabel('Endpoint URL').fill(process.env.MCP_URL.replace(/:\d+\//, ':1/'));
    await admin.getByLabel(/^Timeout in milliseconds/).fill('2000');
    await admin.getByRole('button', { name: 'Test connection' }).click();
    await admin.waitForURL(/plugins\/new\/test$/);
    assert.match(await text(admin, '[data-testid=connection-test]'), /Could not connect/);
  });

  it('moves a failed save on a long plugin page to its error summary', async () => {
    pluginUrl = await installEverything(admin);
    assert.ok(Number(await text(admin, '[data-testid=tool-total]')) >= 8, 'a plugin with many tools');
    await admin.getByLabel('Endpoint URL').fill('http://not-https.example.com/mcp');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.waitForLoadState('load');
    const summary = admin.locator('[data-error-summary]');
    assert.match(await summary.textContent(), /Endpoint URL/);
    const [focused, top, bottom, height] = await admin.evaluate(() => {
      const s = document.querySelector('[data-error-summary]').getBoundingClientRect();
      return [document.activeElement.hasAttribute('data-error-summary'), s.top, s.bottom, window.innerHeight];
    });
    assert.equal(focused, true, 'the summary has the focus');
    assert.ok(top >= 0 && bottom <= height, `the summary is in view (top ${top}, bottom ${bottom}, viewport ${height})`);
  });

  it('explains tool names, finds a tool and refreshes back onto the plugin page', async () => {
    await admin.goto(pluginUrl);
    assert.match(await text(admin, '[data-testid=naming-explained]'), /everything__/);
    const all = await admin.locator('li.tool:visible').count();
    await admin.getByLabel('Find a tool').fill('echo');
    const shown = await admin.locator('li.tool:visible').count();
    assert.ok(shown >= 1 && shown < all, `filtered ${shown} of ${all}`);
    assert.equal(await admin.locator('li.tool[data-tool="echo"]').isVisible(), true);
    await admin.getByRole('button', { name: 'Refresh catalog' }).click();
    await admin.waitForURL(/\/plugins\/[0-9a-f-]{36}\?notice=refresh/);
    assert.equal(admin.url().split('?')[0], pluginUrl, 'back on the plugin page, not the list');
  });

  it('refuses a save from a stale tab instead of undoing the other tab\'s change', async () => {
    const tabA = admin;
    const tabB = await admin.context().newPage();
    await tabA.goto(pluginUrl);
    await tabB.goto(pluginUrl);
    await tabB.getByLabel('Display name').fill('Renamed in tab B');
    await tabB.getByRole('button', { name: 'Save changes' }).click();
    await tabB.waitForURL(/notice=updated/);

    await tabA.getByLabel(/^Description/).fill('Written in tab A');
    await tabA.getByRole('button', { name: 'Save changes' }).click();
    await tabA.waitForLoadState('load');
    assert.match(await text(tabA, '[data-error-summary]'), /Someone saved changes to this plugin/);
    assert.match(await text(tabA, '[data-error-summary]'), /precondition_failed/);
    assert.equal(await text(tabA, 'h1'), 'Renamed in tab B', 'the page shows the current values');
    assert.equal(await tabA.getByLabel(/^Description/).inputValue(), 'Written in tab A', 'tab A\'s edit is kept');
    assert.equal(await text(tabA, '[data-field-error="displayName"]'), 'saved meanwhile: “Renamed in tab B”',
      'the field saved meanwhile says what it holds now');
    await shot(tabA, '18-changed-meanwhile');
    // Saving again applies tab A's form over the current values, knowingly.
    await tabA.getByRole('button', { name: 'Save changes' }).click();
    await tabA.waitForURL(/notice=updated/);
    assert.match(await text(tabA, 'dl.facts'), /Written in tab A/);
    await tabB.close();
  });

  it('never creates a second key on reload or Back/Forward after Create key', async () => {
    const keys = `${BASE}/ui/orgs/${ORG}/api-keys`;
    await admin.goto(keys);
    await admin.getByLabel('Name', { exact: true }).fill('reload-safe');
    await admin.getByLabel('Expires').selectOption('30');
    await admin.getByRole('button', { name: 'Create key' }).click();
    await admin.waitForURL(/api-keys\?created=[0-9a-f-]{36}/);
    const key = await admin.getByTestId('new-key').inputValue();
    assert.ok(key.length > 30, 'the key is shown once');
    const rows = () => admin.locator('tr[data-key="reload-safe"]').count();
    assert.equal(await rows(), 1);
    assert.match(await text(admin, 'tr[data-key="reload-safe"] [data-testid=key-status]'), /active until/);

    await admin.reload();
    assert.equal(await rows(), 1, 'a reload creates nothing');
    assert.equal(await admin.getByTestId('new-key').count(), 0, 'and does not show the key again');
    assert.match(await text(admin, '[data-testid=key-shown-once]'), /shown once/);
    assert.equal((await admin.content()).includes(key), false);

    await admin.goto(PLUGINS);
    await admin.goBack();
    await admin.goForward();
    await admin.goBack();
    assert.equal(await rows(), 1, 'Back and Forward create nothing');
  });

  it('limits a new key to the ticked plugins and shows when the gateway last took it', async () => {
    const keys = `${BASE}/ui/orgs/${ORG}/api-keys`;
    await admin.goto(keys);
    await admin.getByLabel('Name', { exact: true }).fill('everything-only');
    await admin.getByLabel('Everything everything').check();
    assert.equal(await admin.getByTestId('scope-some').isChecked(), true, 'ticking a plugin picks "only the ticked ones"');
    await admin.getByRole('button', { name: 'Create key' }).click();
    await admin.waitForURL(/api-keys\?created=[0-9a-f-]{36}/);
    const key = await admin.getByTestId('new-key').inputValue();
    const row = 'tr[data-key="everything-only"]';
    assert.equal(await text(admin, `${row} [data-testid=key-scope]`), 'Everything');
    assert.equal(await text(admin, `${row} [data-testid=key-last-used]`), 'never');

    const models = await fetch(`${process.env.GATEWAY_URL}/v1/models`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(models.status, 200);
    const deadline = Date.now() + 20_000;
    while ((await text(admin, `${row} [data-testid=key-last-used]`)) === 'never') {
      assert.ok(Date.now() < deadline, 'the gateway\'s report of the use did not arrive');
      await admin.waitForTimeout(500);
      await admin.reload();
    }
    assert.ok(await admin.locator(`${row} [data-testid=key-last-used] time`).count() === 1, 'a time, in the reader\'s zone');
    await admin.goto(pluginUrl);
    assert.match(await text(admin, '[data-testid=used-by]'), /everything-only/);
    await admin.goto(keys);
    await shot(admin, '25-api-key-scope');
  });

  it('tries a tool through the gateway from its plugin page and shows what a model would read', async () => {
    await admin.goto(pluginUrl);
    await admin.getByRole('link', { name: 'Try the tool echo' }).click();
    await admin.waitForURL(/\/try\?tool=echo$/);
    await admin.getByLabel('message').fill('hello from the control panel');
    await admin.getByRole('button', { name: 'Call echo' }).click();
    await admin.waitForURL(/\/try\?tool=echo&trial=[0-9a-f-]{36}/);
    await admin.waitForSelector('[data-testid=trial-outcome][data-status=ok]', { timeout: 30_000 });
    assert.match(await text(admin, '[data-testid=trial-result]'), /hello from the control panel/);
    assert.equal(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'trial-outcome',
      'the outcome takes the focus');
    await shot(admin, '24-try-a-tool');
    await admin.reload();
    assert.equal(await admin.locator('[data-testid=recent-trials] tbody tr').count(), 1, 'a reload calls nothing');
  });

  it('shows a chat\'s tool call on the Usage page, with the gateway\'s Server-Timing header', async () => {
    await admin.goto(`${BASE}/ui/orgs/${ORG}/api-keys`);
    await admin.getByLabel('Name', { exact: true }).fill('usage-client');
    await admin.getByRole('button', { name: 'Create key' }).click();
    await admin.waitForURL(/api-keys\?created=[0-9a-f-]{36}/);
    const key = await admin.getByTestId('new-key').inputValue();

    // The model behind the stack calls everything__echo once, then answers (WebUiBrowserTest scripts it).
    const chat = () => fetch(`${process.env.GATEWAY_URL}/v1/chat/completions`, { method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'scripted-model', messages: [{ role: 'user', content: 'echo usage' }] }) });
    let answer = await chat();
    const keyDeadline = Date.now() + 20_000;
    while (answer.status === 401) {
      assert.ok(Date.now() < keyDeadline, 'the gateway did not learn the new key');
      await admin.waitForTimeout(500);
      answer = await chat();
    }
    assert.equal(answer.status, 200, await answer.clone().text());
    assert.equal((await answer.json()).gateway.rounds, 2, 'one tool round, then the answer');
    assert.match(answer.headers.get('server-timing') ?? '', /^gateway;dur=[0-9.]+, model;dur=[0-9.]+, tools;dur=[0-9.]+, rounds;desc="2"$/);

    await admin.getByRole('link', { name: 'Usage' }).click();
    await admin.waitForURL(/\/usage$/);
    const deadline = Date.now() + 30_000;
    while (await admin.locator('[data-testid=usage-tool]').count() === 0) {
      assert.ok(Date.now() < deadline, 'the usage record did not reach the Usage page');
      await admin.waitForTimeout(500);
      await admin.reload();
    }
    assert.match(await text(admin, '[data-testid=usage-plugin]'), /Everything/);
    assert.match(await text(admin, '[data-testid=usage-tool]'), /echo/);
    assert.match(await text(admin, '[data-testid=usage-model]'), /usage-client/);
    assert.equal(await admin.getByRole('img', { name: 'Plugin tool calls and errors per day' }).count(), 1,
      'the chart is an image named by its title');
    await shot(admin, '27-usage');
  });

  it('warns before revoking a WhatsApp app\'s key, shows the broken app and issues it a new key', async () => {
    await admin.goto(`${BASE}/ui/orgs/${ORG}/whatsapp`);
    await admin.getByLabel('Display name').fill('Helpdesk');
    await admin.getByLabel('Phone number id').fill(String(10_000_000 + Math.floor(Math.random() * 89_999_999)));
    await admin.getByLabel('Model').fill('demo-model');
    await admin.getByLabel('Access token').fill('whatsapp-access-token');
    await admin.getByLabel(/^App secret/).fill('whatsapp-app-secret');
    await admin.getByLabel(/^Webhook verify token/).fill('short');
    await admin.getByLabel(/Everything/).check();
    await admin.getByRole('button', { name: 'Create app' }).click();
    await admin.waitForLoadState('load');
    // The verify token is too short: the secrets typed are gone, and the page says so.
    assert.match(await text(admin, '[data-testid=secrets-cleared]'), /type them again/);
    await admin.getByLabel('Access token').fill('whatsapp-access-token');
    await admin.getByLabel(/^App secret/).fill('whatsapp-app-secret');
    await admin.getByLabel(/^Webhook verify token/).fill('verify-token-123');
    await admin.getByRole('button', { name: 'Create app' }).click();
    await admin.waitForURL(/whatsapp\/[0-9a-f-]{36}\?notice=created/);
    const appUrl = admin.url().split('?')[0];
    const appId = appUrl.split('/').pop();
    assert.equal(await text(admin, '[data-testid=webhook-url]'), `${process.env.WEBHOOK_BASE_URL}/webhooks/whatsapp/${appId}`);

    await admin.goto(pluginUrl);
    assert.match(await text(admin, '[data-testid=used-by]'), /Helpdesk/);

    await admin.goto(`${BASE}/ui/orgs/${ORG}/api-keys`);
    const row = admin.locator('tr', { hasText: 'Helpdesk' });
    const asked = new Promise((resolve) => admin.once('dialog', (d) => resolve(d.message())));
    await row.getByRole('button', { name: /Revoke the gateway key of the WhatsApp app Helpdesk/ }).click();
    assert.match(await asked, /WhatsApp app Helpdesk.*stops the app from answering customers/);
    await admin.waitForURL(/notice=revoked/);

    await admin.goto(appUrl);
    assert.match(await text(admin, '[data-testid=gateway-key-revoked]'), /customers get no answers/);
    await shot(admin, '19-whatsapp-key-revoked');
    await admin.getByRole('button', { name: 'Issue a new gateway key' }).click();
    await admin.waitForURL(/notice=gateway-key-reissued/);
    assert.equal(await admin.locator('[data-testid=gateway-key-revoked]').count(), 0);
  });

  it('searches, orders and pages a long list, keeping the search on every page', async () => {
    const keys = `${BASE}/ui/orgs/${ORG}/api-keys`;
    await admin.goto(keys);
    const csrf = await admin.locator('input[name=_csrf]').first().inputValue();
    for (let i = 0; i < 51; i++) {
      const made = await admin.request.post(keys, { form: { _csrf: csrf, name: `bulk-${String(i).padStart(2, '0')}` }, maxRedirects: 0 });
      assert.equal(made.status(), 303);
    }
    await admin.goto(keys);
    await admin.getByLabel('Search').fill('BULK');
    await admin.getByLabel('Order').selectOption('-name');
    await admin.getByRole('button', { name: 'Show' }).click();
    await admin.waitForURL(/q=BULK/);
    assert.equal(await text(admin, '[data-testid=pager-range]'), '1–50 of 51 matching “BULK”');
    const first = await admin.locator('tbody tr').first().getAttribute('data-key');
    assert.equal(first, 'bulk-50', 'name Z–A');
    await admin.getByRole('link', { name: /Next/ }).click();
    await admin.waitForURL(/page=1/);
    assert.equal(await text(admin, '[data-testid=pager-range]'), '51–51 of 51 matching “BULK”');
    assert.equal(await admin.locator('tbody tr').first().getAttribute('data-key'), 'bulk-00');
    assert.equal(await admin.getByLabel('Search').inputValue(), 'BULK', 'the search stays');
    await shot(admin, '21-api-keys-search');
    // A wildcard is text, not a pattern; nothing matching says so.
    await admin.goto(`${keys}?q=${encodeURIComponent('%')}`);
    assert.match(await text(admin, '[data-testid=no-match]'), /Nothing matches “%”/);
  });

  it('gives row buttons their row\'s name and a focus ring of at least 3:1', async () => {
    await admin.goto(PLUGINS);
    const names = await admin.locator('table.plugins button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.ok(names.every((n) => /Refresh .+/.test(n)), `row buttons: ${names}`);
    await admin.goto(`${BASE}/ui/orgs/${ORG}/api-keys`);
    const revoke = await admin.locator('tr[data-key="reload-safe"] button').getAttribute('aria-label');
    assert.match(revoke, /reload-safe/);

    await admin.goto(PLUGINS);
    await admin.keyboard.press('Tab');
    await admin.keyboard.press('Tab');
    const [ring, background] = await admin.evaluate(() => {
      const focused = document.activeElement;
      let bg = 'rgba(0, 0, 0, 0)';
      for (let e = focused; e && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); e = e.parentElement) {
        bg = getComputedStyle(e).backgroundColor;
      }
      return [getComputedStyle(focused).outlineColor, bg];
    });
    assert.ok(contrast(ring, background) >= 3, `focus ring ${ring} on ${background}: ${contrast(ring, background).toFixed(2)}:1`);
  });

  it('tells a viewer the access is read-only and shows times in the reader\'s zone with UTC on hover', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: 'Asia/Kolkata' });
    const viewer = await signIn(context, 'viewer');
    assert.match(await text(viewer, '[data-testid=viewer-notice]'), /read-only/);
    const time = viewer.locator('tr[data-slug="everything"] time').first();
    assert.match(await time.getAttribute('title'), /UTC$/);
    assert.match(await time.textContent(), /GMT\+5:30|IST/);
    await context.close();
  });

  it('keeps the navigation on error pages and copies ids and tool names', async () => {
    const missing = await admin.goto(`${PLUGINS}/00000000-0000-4000-8000-000000000000`);
    assert.equal(missing.status(), 404);
    assert.equal(await admin.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Plugins' }).count(), 1,
      'the error page has the navigation');
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await admin.goto(pluginUrl);
    await admin.getByRole('button', { name: 'Copy the name everything__echo' }).click();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), 'everything__echo');
    await admin.getByRole('button', { name: 'Copy the plugin id' }).click();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), pluginUrl.split('/').pop());
  });

  it('says a change was not saved when the session ended in another tab, instead of dropping it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const tabA = await signIn(context, 'admin');
    const tabB = await context.newPage();
    await tabB.goto(pluginUrl);
    const before = await text(tabB, 'h1');
    await tabA.getByRole('button', { name: 'Sign out' }).click();
    await tabA.waitForURL(/signed-out/);
    await tabB.getByLabel('Display name').fill('Saved after sign-out?');
    const [answer] = await Promise.all([tabB.waitForResponse((r) => r.request().method() === 'POST'),
      tabB.getByRole('button', { name: 'Save changes' }).click()]);
    assert.equal(answer.status(), 401);
    await tabB.waitForLoadState('load');
    assert.match(await text(tabB, 'main'), /this change was not saved/);
    await shot(tabB, '22-signed-out-change');
    await context.close();
    await admin.goto(pluginUrl);
    assert.equal(await text(admin, 'h1'), before, 'nothing was saved');
  });

  it('fits a phone-width window on the plugin page with many tools', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await signIn(context, 'admin');
    // Under mobile emulation innerWidth grows with an overflowing page: compare with the layout width.
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 1, 'no horizontal scrolling on the plugin list');
    await phone.goto(pluginUrl);
    const widest = await phone.evaluate(() => Math.max(...[...document.querySelectorAll('li.tool')]
      .map((t) => t.getBoundingClientRect().width)));
    assert.ok(widest <= 390, `tool cards fit (widest ${widest} px)`);
    assert.ok(await overflow() <= 1, `no horizontal scrolling on the plugin page (${await overflow()} px)`);
    await shot(phone, '20-plugin-with-tools-phone');
    await context.close();
  });
});
