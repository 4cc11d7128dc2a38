/**
 * npm run screenshots: starts the real server (local mode, demo data, throwaway data folder),
 * visits every page as each role in headless Chromium at desktop and phone widths, and saves
 * full-page PNGs plus an index.html to test-results/screenshots/. It prints, per page, the HTTP
 * status, console errors (CSP violations included) and horizontal overflow, then stops the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchForProblems } from '../test/e2e/browser';
import { jvmStillRunning, startDevServer } from './screenshots/dev-server';
import { pagesByRole, setUpRejectedDoctor, VIEWPORTS, type Role, type Viewport } from './screenshots/pages';

const OUT = path.resolve(__dirname, '..', 'test-results', 'screenshots');

interface Result {
  file: string;
  name: string;
  viewport: Viewport;
  status?: number;
  problems: string[];
}

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const server = await startDevServer(path.join(OUT, 'server.log'));
  console.log(`server up at ${server.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  let browser: Browser | undefined;
  const results: Result[] = [];
  try {
    browser = await launchChromium();
    const roles = pagesByRole(await setUpRejectedDoctor(browser, server.baseUrl));
    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      for (const role of roles) results.push(...(await shootRole(browser, server.baseUrl, role, viewport)));
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  writeIndex(results);
  report(results, jvmStillRunning(server.dynamodbPort), Date.now() - started);
}

async function shootRole(browser: Browser, baseUrl: string, role: Role, viewport: Viewport): Promise<Result[]> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORTS[viewport], deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  const results: Result[] = [];
  try {
    if (role.setUp) await role.setUp(page);
    for (const step of role.pages) {
      const name = `${role.name}-${step.name}`;
      const result: Result = { file: `${name}.${viewport}.png`, name, viewport, problems: [] };
      problems.length = 0;
      try {
        await step.open(page);
      } catch (error) {
        result.problems.push(`step failed: ${(error as Error).message.split('\n')[0]}`);
      }
      result.status = await documentStatus(page);
      // The browser reports a 4xx/5xx page as a failed load; that is the page we came to see.
      result.problems.push(...problems.filter((p) => !(/status of [45]\d\d/.test(p.text) && p.source === page.url())).map((p) => p.text));
      result.problems.push(...(await horizontalOverflow(page)));
      await page.screenshot({ path: path.join(OUT, result.file), fullPage: true });
      results.push(result);
    }
  } finally {
    await context.close();
  }
  return results;
}

const documentStatus = (page: Page) =>
  page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStatus);

/** Elements sticking out past the right edge make a phone page scroll sideways. */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 4)
      .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''}`);
    return [`page is ${document.documentElement.scrollWidth}px wide in a ${width}px window: ${culprits.join(', ')}`];
  });
}

function writeIndex(results: Result[]): void {
  const names = [...new Set(results.map((r) => r.name))];
  const cell = (name: string, viewport: Viewport) => {
    const r = results.find((x) => x.name === name && x.viewport === viewport);
    return r ? `<td><a href="${r.file}"><img src="${r.file}" alt="" loading="lazy"></a></td>` : '<td></td>';
  };
  const rows = names.map((n) => `<tr><th>${n}</th>${cell(n, 'desktop')}${cell(n, 'phone')}</tr>`).join('\n');
  const css = 'body{font-family:system-ui;margin:1rem}td,th{vertical-align:top;text-align:left;padding:.5rem;border-bottom:1px solid #ddd}td:nth-child(2) img{width:640px}td:nth-child(3) img{width:195px}';
  fs.writeFileSync(
    path.join(OUT, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>MedTrack screenshots</title><style>${css}</style>\n<table><tr><th>page</th><th>desktop 1280</th><th>phone 390</th></tr>\n${rows}\n</table>\n`,
  );
}

function report(results: Result[], jvmLeft: boolean, elapsedMs: number): void {
  for (const r of results) {
    console.log(`${String(r.status ?? '---').padEnd(4)} ${r.file}`);
    for (const problem of r.problems) console.log(`       ! ${problem}`);
  }
  const withProblems = results.filter((r) => r.problems.length).length;
  console.log(`\n${results.length} screenshots in ${path.relative(process.cwd(), OUT)}/ (open index.html), ${withProblems} with problems, ${(elapsedMs / 1000).toFixed(1)}s`);
  console.log(jvmLeft ? 'DynamoDB Local is STILL RUNNING after the server stopped' : 'server and DynamoDB Local stopped');
  if (withProblems || jvmLeft) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
