// Every page type in every language, as a citizen's browser sees it: accessibility (axe-core,
// WCAG 2.1 A and AA), console and network, layout on narrow phones, screenshots, the language
// switcher, the skip link and keyboard focus.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, PAGE_TYPES, visits } from './lib/pages.mjs';
import { ARTIFACTS, buildPortal, removeBuild, serve } from './lib/site.mjs';
import { axeViolations, consoleErrors, describeViolations, failedRequests, launch, openPage } from './lib/browser.mjs';

const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
/** Phone widths that must never scroll sideways. */
const NARROW = [320, 375];
/** How many Tab presses the focus check follows on each page. */
const TAB_STOPS = 30;

let output;
let server;
let browser;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  output = buildPortal();
  server = await serve(output);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (output) removeBuild(output);
});

it('the page table covers every section of the build', () => {
  for (const lang of LANGUAGES) {
    const sections = readdirSync(join(output, lang), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `${e.name}/`);
    const covered = new Set(PAGE_TYPES.map((p) => p.path.split('/')[0] + '/'));
    const missing = sections.filter((s) => !covered.has(s));
    assert.deepEqual(missing, [], `sections of /${lang}/ that no line of lib/pages.mjs visits`);
  }
});

describe('every page type in every language', () => {
  for (const visit of visits()) {
    it(`${visit.type} (${visit.lang}) ${visit.url}`, async (t) => {
      const url = server.origin + visit.url;
      const { context, page, log } = await openPage(browser, server.origin);
      try {
        const response = await page.goto(url, { waitUntil: 'load' });

        await t.test('answers with the expected status', () => {
          assert.equal(response.status(), visit.status);
        });

        await t.test('<html lang> is the page language', async () => {
          assert.equal(await page.getAttribute('html', 'lang'), visit.lang);
        });

        await t.test('no axe-core violations (WCAG 2.1 A, AA and more) at 1280 px', async () => {
          const v = await axeViolations(page);
          assert.equal(v.length, 0, `\n  ${describeViolations(v)}`);
        });

        await t.test('no console errors, failed requests or other hosts', () => {
          assert.deepEqual(consoleErrors(log, url, visit.status), [], 'console errors');
          assert.deepEqual(failedRequests(log, url, visit.status), [], 'failed requests');
          assert.deepEqual(log.foreign, [], 'requests to hosts other than 127.0.0.1');
        });

        if (visit.switcher) {
          await t.test('at 1280 px the main menu is open, with no toggle', async () => {
            assert.equal(await page.locator('nav.main-nav summary').isVisible(), false, 'the toggle is hidden');
            const links = page.locator('nav.main-nav a');
            assert.ok((await links.count()) > 0, 'the main menu has links');
            for (let i = 0; i < (await links.count()); i++) {
              assert.ok(await links.nth(i).isVisible(), `menu item ${i + 1} is shown`);
            }
          });
        }

        await t.test('screenshot at 1280 px', async () => {
          await page.screenshot({ path: join(SCREENSHOTS, `${visit.id}-1280.png`), fullPage: true });
        });

        await t.test('language links lead to the same page in each language', async () => {
          const links = await languageLinks(page);
          const expected = LANGUAGES.filter((l) => l !== visit.lang);
          const found = new Set(links.map((l) => l.hreflang));
          for (const lang of expected) assert.ok(found.has(lang), `no link to ${lang}`);
          for (const l of links) {
            assert.equal(new URL(l.href).pathname, visit.alternateUrl(l.hreflang), `link to ${l.hreflang}`);
            assert.equal(l.lang, l.hreflang, `the ${l.hreflang} link's own lang attribute`);
          }
          if (visit.switcher) {
            const current = links.filter((l) => l.current).map((l) => l.hreflang);
            assert.deepEqual(current, [visit.lang], 'aria-current on the page language');
          }
          // Follow one link for real: the next language after the page's own.
          const other = LANGUAGES[(LANGUAGES.indexOf(visit.lang) + 1) % LANGUAGES.length];
          const target = await openPage(browser, server.origin);
          try {
            const r = await target.page.goto(links.find((l) => l.hreflang === other).href);
            assert.equal(r.status(), 200, `status of ${r.url()}`);
            assert.equal(await target.page.getAttribute('html', 'lang'), other);
          } finally {
            await target.context.close();
          }
        });

        await t.test('the skip link is the first Tab stop, visible, and moves focus to main', async () => {
          await page.keyboard.press('Tab');
          const skip = await focusedElement(page);
          assert.equal(skip.className, 'skip-link', `first Tab stop: ${skip.html}`);
          assert.equal(new URL(skip.href).hash, '#main');
          assert.ok(skip.inViewport, 'the focused skip link is on screen');
          assert.ok(skip.onTop, 'the focused skip link is not covered by another element');
          assert.ok(skip.focusVisible, 'the focused skip link shows a focus indicator');
          await page.keyboard.press('Enter');
          const main = await focusedElement(page);
          assert.equal(main.id, 'main', 'focus after following the skip link');
          assert.equal(new URL(page.url()).hash, '#main');
        });

        await t.test(`keyboard focus is visible on the first ${TAB_STOPS} Tab stops`, async () => {
          await page.goto(url);
          const problems = [];
          for (let i = 0; i < TAB_STOPS; i++) {
            await page.keyboard.press('Tab');
            const f = await focusedElement(page);
            if (f.tag === 'BODY') break;
            if (!f.focusVisible) problems.push(`no focus indicator: ${f.html}`);
            if (!f.hasSize) problems.push(`focused element has no size: ${f.html}`);
          }
          assert.deepEqual(problems, []);
        });

        for (const width of NARROW) {
          await t.test(`no horizontal scrolling at ${width} px`, async () => {
            await page.setViewportSize({ width, height: 720 });
            const overflow = await horizontalOverflow(page);
            assert.deepEqual(overflow.culprits, [], `page is ${overflow.scrollWidth} px wide at ${width} px`);
            assert.ok(overflow.scrollWidth <= width, `page is ${overflow.scrollWidth} px wide at ${width} px`);
          });
        }

        await t.test('screenshot at 375 px', async () => {
          await page.setViewportSize({ width: 375, height: 812 });
          await page.screenshot({ path: join(SCREENSHOTS, `${visit.id}-375.png`), fullPage: true });
        });

        if (visit.switcher) {
          await t.test('on a phone the main menu opens from the keyboard', async () => {
            await page.goto(url);
            const toggle = page.locator('nav.main-nav summary');
            assert.ok(await toggle.isVisible(), 'the menu toggle is shown at 375 px');
            assert.equal(await page.locator('nav.main-nav a').first().isVisible(), false, 'the menu starts closed');
            let f;
            for (let i = 0; i < TAB_STOPS; i++) {
              await page.keyboard.press('Tab');
              f = await focusedElement(page);
              if (f.tag === 'SUMMARY' || f.tag === 'BODY') break;
            }
            assert.equal(f.tag, 'SUMMARY', 'the toggle is reached with Tab');
            assert.ok(f.focusVisible, 'the focused toggle shows a focus indicator');
            await page.keyboard.press('Enter');
            const links = page.locator('nav.main-nav a');
            for (let i = 0; i < (await links.count()); i++) {
              assert.ok(await links.nth(i).isVisible(), `menu item ${i + 1} is shown after Enter`);
            }
            await page.keyboard.press('Tab');
            assert.equal((await focusedElement(page)).href, await links.first().evaluate((a) => a.href), 'Tab goes into the menu');
          });
        }

        await t.test('no axe-core violations at 375 px, main menu open', async () => {
          await page.goto(url);
          const toggle = page.locator('nav.main-nav summary');
          if ((await toggle.count()) > 0) await toggle.click();
          const v = await axeViolations(page);
          assert.equal(v.length, 0, `\n  ${describeViolations(v)}`);
        });
      } finally {
        await context.close();
      }
    });
  }
});

/** The language switcher's links, or the root language chooser's. */
function languageLinks(page) {
  return page.$$eval('nav.lang-switch a[hreflang], .lang-choice a[hreflang]', (as) =>
    as.map((a) => ({
      hreflang: a.getAttribute('hreflang'),
      lang: a.getAttribute('lang'),
      href: a.href,
      current: a.hasAttribute('aria-current'),
    })),
  );
}

/** What the focused element is and whether its focus can be seen. */
function focusedElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== 'none';
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const top = document.elementFromPoint(cx, cy);
    return {
      tag: el.tagName,
      id: el.id,
      className: el.className,
      href: el.href,
      html: el.outerHTML.slice(0, 120),
      focusVisible: el.matches(':focus-visible') && (outline || shadow),
      hasSize: r.width > 0 && r.height > 0,
      inViewport: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      onTop: top === el || el.contains(top),
    };
  });
}

/** The page's scroll width and the innermost elements that stick out to the right. */
function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      // Content inside a scrolling box (a wide table) scrolls there, not the page.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') clipped = true;
      }
      if (clipped) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) continue;
      culprits.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} (right edge ${Math.round(r.right)} px): ${el.textContent.trim().slice(0, 60)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 10) };
  });
}
