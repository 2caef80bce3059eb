// Debian's Chromium, headless, driven by playwright-core; and a page that records what a check
// needs: console errors, failed requests, requests to other hosts, transferred bytes.

import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Chromium binary: `$CHROMIUM`, or Debian's. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Launch headless Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new context and page on `origin`, with a log of what happened:
 * `{ context, page, log }` where `log` has `consoleErrors`, `failed` (request failures and
 * HTTP errors), `foreign` (requests to any other host; they are aborted) and `responses`.
 */
export async function openPage(browser, origin, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const log = { consoleErrors: [], failed: [], foreign: [], responses: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    log.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => log.consoleErrors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!log.foreign.includes(r.url())) log.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => log.responses.push(r));
  return { context, page, log };
}

/**
 * Requests that failed or got an HTTP error, except the document itself answering with
 * `expectedStatus` (a 404 page is meant to be a 404).
 */
export function failedRequests(log, pageUrl, expectedStatus) {
  const errors = [...log.failed];
  for (const r of log.responses) {
    const isDocument = r.url() === pageUrl && r.request().resourceType() === 'document';
    if (isDocument && r.status() === expectedStatus) continue;
    if (r.status() >= 400) errors.push(`${r.url()}: HTTP ${r.status()}`);
  }
  return errors;
}

/**
 * Console errors, except Chromium's own report of the document's expected 404 ("Failed to load
 * resource: … 404"), which is the page working as intended.
 */
export function consoleErrors(log, pageUrl, expectedStatus) {
  return log.consoleErrors.filter(
    (e) => !(expectedStatus === 404 && e.includes('status of 404') && e.endsWith(`(${pageUrl})`)),
  );
}

/** Transferred bytes (encoded bodies plus headers) per resource type. */
export async function transferred(log) {
  const byType = {};
  let total = 0;
  for (const r of log.responses) {
    const sizes = await r.request().sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    const type = r.request().resourceType();
    byType[type] = (byType[type] ?? 0) + bytes;
    total += bytes;
  }
  return { byType, total, requests: log.responses.length };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The WCAG 2.1 A and AA rules the issue asks for, plus WCAG 2.2 AA (target size) and axe's best
 * practices, which hold the heading order, landmarks and one main heading per page: the theme
 * passes them all, so they guard it too.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Run axe-core on the page with the rules of `AXE_TAGS`; returns its violations. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }));
  }, AXE_TAGS);
}

/** A readable list of axe violations for an assertion message. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`)
    .join('\n  ');
}
