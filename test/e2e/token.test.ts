/**
 * The serve token lives in the page, not in a cookie (Jupyter's model): at load the page takes it
 * out of the address bar into this tab's sessionStorage, a reload still connects, no cookie is
 * ever set, and a tab opened without it does not connect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  e2eUnavailableReason,
  launchBrowser,
  openApp,
  removeTemps,
  startServe,
  type Browser,
  type Served,
} from './harness.js';

const SKIP = e2eUnavailableReason();
if (SKIP) console.warn(`token browser test skipped: ${SKIP}`);

declare const window: { location: { href: string }; sessionStorage: { getItem(k: string): string | null } };
declare const document: { cookie: string; body: { textContent: string | null } };

describe.skipIf(SKIP !== null)('browser: the serve token', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await startServe(['--no-probe']);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    removeTemps();
  });

  it('leaves the address bar at load, stays in this tab across a reload, and never becomes a cookie', async () => {
    const { page, ctx } = browser;
    const token = new URL(served.url).searchParams.get('token')!;
    await openApp(page, served.url);
    expect(page.url()).toBe(`${served.origin}/`);
    expect(await page.evaluate(() => window.sessionStorage.getItem('netlens.token'))).toBe(token);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await ctx.cookies()).toEqual([]);
    await page.reload();
    await page.waitForFunction(() => !document.body.textContent?.includes('Connecting to NetLens'));
    expect(page.url()).toBe(`${served.origin}/`);
    // another tab at the bare address has no token: it gets the page, not the engine
    const other = await ctx.newPage();
    await other.goto(`${served.origin}/`);
    await other.waitForTimeout(1500);
    expect(await other.evaluate(() => document.body.textContent ?? '')).toMatch(
      /opened without its token: open the address netlens serve printed/,
    );
    await other.close();
    expect(browser.problems.filter((p) => !/WebSocket|403/.test(p))).toEqual([]);
  });
});
