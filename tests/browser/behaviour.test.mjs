// Behaviour a citizen relies on: footnotes that jump and come back, pages that work with
// JavaScript turned off, printouts without the navigation, and a first visit that asks the
// server for nothing it lacks (the icons included).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visits } from './lib/pages.mjs';
import { buildPortal, removeBuild, serve } from './lib/site.mjs';
import { launch, openPage } from './lib/browser.mjs';

let output;
let server;
let browser;

before(async () => {
  output = buildPortal();
  server = await serve(output);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (output) removeBuild(output);
});

describe('footnote links jump to the note and back', () => {
  const withFootnotes = visits().filter((v) => v.footnotes);
  it('the page table has pages with footnotes', () => assert.ok(withFootnotes.length > 0));
  for (const visit of withFootnotes) {
    it(`${visit.type} (${visit.lang}) ${visit.url}`, async () => {
      const { context, page } = await openPage(browser, server.origin, { viewport: { width: 375, height: 700 } });
      try {
        await page.goto(server.origin + visit.url);
        const refs = await page.$$eval('sup.fnref a', (as) => as.map((a) => a.getAttribute('href')));
        assert.ok(refs.length > 0, 'the page has footnote references');
        // The first and the last reference: the last note is the one most likely to be off screen.
        for (const href of new Set([refs[0], refs.at(-1)])) {
          const ref = page.locator(`sup.fnref a[href="${href}"]`).first();
          const refId = await ref.evaluate((a) => a.closest('sup').id);
          await ref.click();
          assert.equal(new URL(page.url()).hash, href, 'address after clicking the reference');
          const note = page.locator(href);
          assert.ok(await inViewport(note), `note ${href} is on screen after the jump`);
          assert.equal(await note.evaluate((li) => li.matches(':target')), true, 'the note is the :target');
          const back = note.locator('a.footnote-back').first();
          assert.ok((await back.getAttribute('aria-label'))?.length > 0, 'the back link has an accessible name');
          await back.click();
          assert.equal(new URL(page.url()).hash, `#${refId}`, 'address after clicking back');
          assert.ok(await inViewport(page.locator(`[id="${refId}"]`)), 'the reference is on screen again');
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('pages work with JavaScript disabled', () => {
  for (const visit of visits()) {
    it(`${visit.type} (${visit.lang}) ${visit.url}`, async () => {
      const { context, page, log } = await openPage(browser, server.origin, {
        javaScriptEnabled: false,
        viewport: { width: 320, height: 640 },
      });
      try {
        await page.setContent('<p id="probe">off</p><script>probe.textContent = "on"</script>');
        assert.equal(await page.locator('#probe').textContent(), 'off', 'JavaScript is really off');
        const response = await page.goto(server.origin + visit.url);
        assert.equal(response.status(), visit.status);
        const h1 = page.locator('main h1').first();
        assert.ok(await h1.isVisible(), 'the page heading is visible');
        assert.ok((await h1.textContent()).trim().length > 0, 'the page heading has text');
        const css = log.responses.filter((r) => r.request().resourceType() === 'stylesheet');
        assert.ok(css.length > 0 && css.every((r) => r.ok()), 'the style sheet loads');
        // Every main-menu item can be reached and followed without scripts (on a phone too).
        const menu = page.locator('nav.main-nav');
        if ((await menu.count()) === 0) return;
        const toggle = menu.locator('summary');
        if ((await toggle.count()) > 0 && (await toggle.isVisible())) await toggle.click();
        const items = menu.locator('a');
        const n = await items.count();
        assert.ok(n > 0, 'the main menu has links');
        for (let i = 0; i < n; i++) assert.ok(await items.nth(i).isVisible(), `menu item ${i + 1} is visible`);
        const last = menu.locator(`a[href]:not([href^="http"])`).last();
        const [followed] = await Promise.all([
          page.waitForEvent('response', (r) => r.request().isNavigationRequest()),
          last.click(),
        ]);
        assert.equal(followed.status(), 200, `following the menu item to ${followed.url()}`);
      } finally {
        await context.close();
      }
    });
  }
});

describe('print hides the navigation', () => {
  for (const visit of visits()) {
    it(`${visit.type} (${visit.lang}) ${visit.url}`, async () => {
      const { context, page } = await openPage(browser, server.origin);
      try {
        await page.goto(server.origin + visit.url);
        const navigation = () =>
          page.evaluate(() =>
            [...document.querySelectorAll('.skip-link, nav')]
              .filter((el) => el.getClientRects().length > 0)
              .map((el) => el.outerHTML.slice(0, 80)),
          );
        const onScreen = await navigation();
        // Pages in a language have the language switcher, the main menu and the skip link at least;
        // root pages have only the skip link.
        assert.ok(onScreen.length >= (visit.switcher ? 3 : 1), `navigation on screen: ${onScreen.length}`);
        await page.emulateMedia({ media: 'print' });
        assert.deepEqual(await navigation(), [], 'navigation shown in print');
        assert.ok(await page.locator('main h1').first().isVisible(), 'the content prints');
      } finally {
        await context.close();
      }
    });
  }
});

describe('a first visit asks for nothing that is missing, the icons included', () => {
  const ICON = /^\/(favicon\.(svg|ico)|apple-touch-icon\.png)$/;
  for (const url of ['/vi/', '/']) {
    it(url, async () => {
      const { context, page } = await openPage(browser, server.origin);
      try {
        // What the server answered for this visit: it also sees the requests the browser makes
        // by itself, which the page cannot.
        const from = server.requests.length;
        const answered = () => server.requests.slice(from);
        const response = await page.goto(server.origin + url, { waitUntil: 'load' });
        assert.equal(response.status(), 200);
        // Chromium fetches the page's icon by itself, after the load.
        const icon = await poll(() => answered().find((r) => ICON.test(r.url)), 10_000);
        assert.ok(icon, `Chromium asked for no icon; requests: ${JSON.stringify(answered())}`);
        assert.equal(icon.status, 200, `${icon.url}`);

        // Every icon the page links, and /favicon.ico, which browsers and other clients ask for
        // by themselves whatever the page links (headless Chromium does not).
        const linked = await page.$$eval('head link[rel~="icon"], head link[rel="apple-touch-icon"]', (ls) =>
          ls.map((l) => l.href),
        );
        assert.equal(linked.length, 3, `linked icons: ${linked}`);
        for (const href of [...linked, `${server.origin}/favicon.ico`]) {
          const r = await context.request.get(href);
          assert.equal(r.status(), 200, href);
          assert.match(r.headers()['content-type'] ?? '', /^image\//, href);
        }
        const ico = await (await context.request.get(`${server.origin}/favicon.ico`)).body();
        assert.deepEqual([...ico.subarray(0, 4)], [0, 0, 1, 0], '/favicon.ico is an ICO file');

        await page.waitForLoadState('networkidle');
        const failed = answered().filter((r) => r.status >= 400);
        assert.deepEqual(failed, [], 'requests the server answered with an error');
      } finally {
        await context.close();
      }
    });
  }
});

/** `check()`'s first truthy answer, asked every 100 ms for up to `ms`; else undefined. */
async function poll(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const found = check();
    if (found) return found;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return check();
}

async function inViewport(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.top < innerHeight && r.bottom > 0;
  });
}
