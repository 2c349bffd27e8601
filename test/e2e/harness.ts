/**
 * End-to-end harness: `netlens serve` with its real engine (optionally inside a network namespace),
 * Debian's Chromium driven by playwright-core, screenshots into a folder printed once per run,
 * and a record of every page error, console error and CSP violation (tests expect none).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { collect, waitForOutput } from '../helpers/netns.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/netlens.js');
export const CHROMIUM = process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium';
/**
 * The little of the DOM the in-page functions use (the tests are type-checked without the DOM
 * library, as the rest of the Node code): declare these in a test module that needs them.
 */
export interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  tagName: string;
  outerHTML: string;
  labels?: ArrayLike<unknown>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  addEventListener(
    type: string,
    cb: (e: { violatedDirective: string; blockedURI: string; sourceFile: string; lineNumber: number }) => void,
  ): void;
}
export interface PageDocument extends PageElement {
  body: PageElement & { focus(): void };
  activeElement: PageElement | null;
}
declare const document: PageDocument;

const RENDERER_INDEX = join(ROOT, 'dist/renderer/index.html');
const CLI = join(ROOT, 'dist/src/cli/main.js');

/** Why the browser tests cannot run here, or null. */
export function e2eUnavailableReason(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (Debian: apt-get install chromium)`;
  if (!existsSync(RENDERER_INDEX) || !existsSync(CLI)) return 'the app is not built (npm run build)';
  return null;
}

const temps: string[] = [];
export function tempDir(prefix = 'nl-e2e-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
export function removeTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

let shots: string | null = null;
/** The screenshots folder of this run (NETLENS_SCREENSHOTS, else test-output/screenshots/), printed once. */
export function screenshotsDir(): string {
  if (shots) return shots;
  shots = resolve(process.env.NETLENS_SCREENSHOTS ?? join(ROOT, 'test-output/screenshots'));
  mkdirSync(shots, { recursive: true });
  console.log(`e2e screenshots: ${shots}`);
  return shots;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotsDir(), `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export interface Served {
  url: string;
  origin: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `netlens serve --port 0 …` (inside `netns` when given; after `prefix`, a command that
 * runs it, such as setpriv as another user) and waits for its URL.
 */
export async function startServe(
  args: string[] = [],
  netns: string | null = null,
  prefix: string[] = [],
): Promise<Served> {
  const cmd = [...prefix, process.execPath, BIN, 'serve', '--port', '0', ...args];
  const child = netns
    ? spawn('ip', ['netns', 'exec', netns, ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const out = await waitForOutput(child, 'stdout', (t) => /http:\/\/\S+\?token=\S+\n/.test(t), 30_000);
  const url = /(http:\/\/\S+\?token=\S+)\n/.exec(out)![1];
  const done = collect(child, 24 * 3600_000);
  return {
    url,
    origin: new URL(url).origin,
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    },
  };
}

export interface Browser {
  ctx: BrowserContext;
  page: Page;
  /** Page errors, console errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Launches Chromium headless at 1280×800 (inside `netns` when given: through a wrapper that runs it
 * under `ip netns exec`, so it reaches a serve process listening on that namespace's 127.0.0.1).
 */
export async function launchBrowser(
  opts: { netns?: string; colorScheme?: 'light' | 'dark'; downloads?: string } = {},
): Promise<Browser> {
  let executablePath = CHROMIUM;
  if (opts.netns) {
    const dir = tempDir('nl-chromium-');
    executablePath = join(dir, 'chromium-in-netns');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec ${opts.netns} ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  const ctx = await chromium.launchPersistentContext(tempDir('nl-profile-'), {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: opts.colorScheme ?? 'light',
    acceptDownloads: true,
    ...(opts.downloads ? { downloadsPath: opts.downloads } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const problems: string[] = [];
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const watch = (page: Page): void => {
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
  };
  ctx.on('page', watch);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  watch(page);
  return {
    ctx,
    page,
    problems,
    async close() {
      await ctx.close();
    },
  };
}

/** Opens the app and waits until it has talked to the engine (the interface list is in). */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-stat="state"]') !== null);
  await page.waitForFunction(() => !document.body.textContent?.includes('Connecting to NetLens'));
}

/** Open file… → path → Open, then waits until the whole file is read. */
export async function openFile(page: Page, path: string): Promise<void> {
  const before = await sessionId(page);
  await page.getByRole('button', { name: 'Open file…' }).click();
  await page.getByLabel('Path of a pcap or pcapng file').fill(path);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.waitForFunction(
    (id) => Number(document.querySelector('footer[data-session]')?.dataset.session) > id,
    before,
  );
  await waitForState(page, 'File read', 60_000);
}

/** The id of the session the status bar shows (0 before the first). */
export async function sessionId(page: Page): Promise<number> {
  return Number(await page.locator('footer[data-session]').getAttribute('data-session'));
}

export async function waitForState(page: Page, text: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (t) => document.querySelector('[data-stat="state"]')?.textContent?.includes(t) === true,
    text,
    { timeout },
  );
}

export async function showView(page: Page, view: string): Promise<void> {
  await page.click(`nav [data-view="${view}"]`);
  await page.waitForFunction((v) => document.querySelector('main')?.dataset.currentView === v, view);
}

/** "1,234" → 1234. */
export function num(text: string | null | undefined): number {
  return Number((text ?? '').replace(/[^\d.-]/g, ''));
}

export async function kpi(page: Page, name: string): Promise<number> {
  return num(await page.locator(`[data-kpi="${name}"]`).textContent());
}

export async function stat(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-stat="${name}"]`).textContent())?.trim() ?? '';
}

/** The report `netlens analyze FILE --json` prints. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function analyzeJson(path: string): any {
  const r = spawnSync(process.execPath, [BIN, 'analyze', path, '--json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`netlens analyze ${path} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Waits until `read()` returns a value `pred` accepts; returns it. */
export async function until<T>(
  read: () => Promise<T>,
  pred: (v: T) => boolean,
  timeoutMs = 15_000,
  what = 'a condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await read();
  while (!pred(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}
