// Search in five languages: the browser's search.js against the index of the built portal,
// first directly (the same file run in Node over the same index files), then in Chromium by
// typing into the search box as a reader would.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { LANGUAGES } from './lib/pages.mjs';
import { REPO, buildPortal, removeBuild, serve } from './lib/site.mjs';
import { launch, openPage } from './lib/browser.mjs';

const CASES = JSON.parse(readFileSync(join(REPO, 'tests', 'search', 'cases.json'), 'utf8'));

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

/** search.js, loaded into a fresh context, querying `lang`'s index files from the build. */
function engine(lang) {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(join(output, 'search.js'), 'utf8'), context);
  const page = readFileSync(join(output, lang, 'search', 'index.html'), 'utf8');
  const attr = (name) => Number(page.match(new RegExp(`data-${name}="?(\\d+)`))[1]);
  const api = context.minhbachSearch;
  const search = api.createSearch({
    lang,
    buckets: attr('buckets'),
    chunk: attr('chunk'),
    load: async (file) => vm.runInContext(readFileSync(join(output, 'search', lang, file), 'utf8'), context),
  });
  return { api, search, docs: attr('docs') };
}

describe('search.js splits text as the Rust indexer does (tests/search/cases.json)', () => {
  for (const c of CASES.tokenize) {
    it(JSON.stringify(c.text), () => {
      const { api } = engine('vi');
      assert.deepEqual(Array.from(api.tokenize(api.fold(c.text))), c.terms);
    });
  }
});

describe('search.js stores and looks up the same terms as the Rust indexer (forms)', () => {
  for (const c of CASES.forms) {
    it(`${c.lang}: ${JSON.stringify(c.text)}`, () => {
      const { api } = engine('vi');
      assert.deepEqual(Array.from(api.tokenize(api.fold(c.text))).map((t) => api.normalizeTerm(c.lang, t)), c.terms);
    });
  }
});

describe('queries find their record in the index', () => {
  for (const q of CASES.queries) {
    it(`${q.lang}: ${q.q} → ${q.expect}`, async () => {
      const { search } = engine(q.lang);
      const found = await search.query(q.q, 5);
      const urls = found.results.map((r) => r.url);
      assert.ok(urls.includes(q.expect), `top results: ${urls.join(', ')}`);
    });
  }
  it('every procedure is found by its code in every language', async () => {
    const codes = ['2.002311', '2.002312', '2.002313', '2.002314'];
    for (const lang of LANGUAGES) {
      const { search } = engine(lang);
      for (const code of codes) {
        const found = await search.query(code, 1);
        assert.equal(found.results[0]?.url, `procedures/${code}/`, `${lang}: ${code}`);
      }
    }
  });
  it('a query of nonsense finds nothing', async () => {
    const { search } = engine('en');
    const found = await search.query('qqqzzzxxx', 10);
    assert.equal(found.total, 0);
  });
});

describe('typing into the search box in Chromium', () => {
  for (const q of CASES.queries) {
    it(`${q.lang}: ${q.q}`, async () => {
      const { context, page, log } = await openPage(browser, server.origin, { viewport: { width: 375, height: 800 } });
      try {
        await page.goto(`${server.origin}/${q.lang}/search/`);
        await page.locator('#search-q').pressSequentially(q.q, { delay: 20 });
        // Results appear while typing; wait for those of the whole query (the status names it).
        await page.waitForFunction(
          (query) => document.getElementById('search-status').textContent.includes(query),
          q.q,
          { timeout: 10_000 },
        );
        const link = page.locator(`#search-results a[href$="/${q.lang}/${q.expect}"]`);
        await link.first().waitFor({ timeout: 10_000 });
        const status = await page.locator('#search-status').textContent();
        assert.ok(status.trim().length > 0, 'the number of results is announced');
        // The address keeps the query, so the results can be shared and the back button works.
        assert.equal(new URL(page.url()).searchParams.get('q'), q.q);
        assert.deepEqual(log.consoleErrors, []);
        assert.deepEqual(log.failed, []);
        // Following the result leads to the record's page.
        await link.first().click();
        await page.waitForURL(`**/${q.lang}/${q.expect}`);
        assert.equal(await page.locator('html').getAttribute('lang'), q.lang);
      } finally {
        await context.close();
      }
    });
  }

  it('the header search box of any page leads to the results', async () => {
    const { context, page } = await openPage(browser, server.origin);
    try {
      await page.goto(`${server.origin}/zh/procedures/2.002312/`);
      await page.locator('#site-search-q').fill('研讨会');
      await page.locator('#site-search-q').press('Enter');
      await page.waitForURL(/\/zh\/search\/\?q=/);
      await page.locator('#search-results a[href$="/zh/procedures/2.002311/"]').waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('#search-q').inputValue(), '研讨会');
    } finally {
      await context.close();
    }
  });

  it('the header search button keeps its label on one line in every language', async () => {
    for (const width of [1280, 375]) {
      const { context, page } = await openPage(browser, server.origin, { viewport: { width, height: 900 } });
      try {
        for (const lang of LANGUAGES) {
          await page.goto(`${server.origin}/${lang}/procedures/`);
          const box = await page.locator('.site-search button').evaluate((b) => {
            const cs = getComputedStyle(b);
            const px = (v) => parseFloat(v) || 0;
            const inner = b.getBoundingClientRect().height - px(cs.paddingTop) - px(cs.paddingBottom) - px(cs.borderTopWidth) - px(cs.borderBottomWidth);
            const line = cs.lineHeight === 'normal' ? px(cs.fontSize) * 1.3 : px(cs.lineHeight);
            return { inner, line, text: b.textContent };
          });
          assert.ok(box.inner < box.line * 1.5, `${lang} at ${width}px: “${box.text}” takes ${box.inner}px for a line of ${box.line}px`);
        }
      } finally {
        await context.close();
      }
    }
  });

  it('results show their kind, highlight the matched words, and filter by kind with counts', async () => {
    const { context, page, log } = await openPage(browser, server.origin);
    try {
      await page.goto(`${server.origin}/en/search/?q=seminars`);
      const first = page.locator('#search-results li').first();
      await first.waitFor({ timeout: 10_000 });
      // `seminars` is found through its stem, and the text's own word is marked.
      const marks = await page.locator('#search-results li:first-child mark').allTextContents();
      assert.ok(marks.some((m) => m.toLowerCase() === 'seminar'), `marked: ${marks.join(', ')}`);
      assert.ok((await first.locator('.kind').textContent()).trim().length > 0, 'the kind is shown');
      // The count is announced: the status is a polite live region and names the count.
      const status = page.locator('#search-status');
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      const total = await page.locator('#search-results li').count();
      assert.ok((await status.textContent()).includes(String(total)), await status.textContent());
      // Filters: one button per kind found, with counts adding up to the total.
      const buttons = page.locator('#search-filters button');
      const labels = await buttons.allTextContents();
      assert.ok(labels.length >= 3, `filters: ${labels.join(' | ')}`);
      const counts = labels.map((l) => Number(l.match(/\((\d+)\)$/)[1]));
      assert.equal(counts.slice(1).reduce((a, b) => a + b, 0), counts[0], labels.join(' | '));
      assert.equal(await buttons.first().getAttribute('aria-pressed'), 'true');
      // Choosing a kind by keyboard shows that kind only, and keeps the focus on the filter.
      await buttons.nth(2).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#search-filters button:nth-child(3)')?.getAttribute('aria-pressed') === 'true');
      const kindLabel = labels[2].replace(/ \(\d+\)$/, '');
      const kinds = await page.locator('#search-results .kind').allTextContents();
      assert.equal(kinds.length, counts[2]);
      assert.ok(kinds.every((k) => k === kindLabel), `${kindLabel}: ${kinds.join(', ')}`);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.kind !== undefined), true, 'focus stays on the filters');
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  it('no results says so, and the A–Z list stays', async () => {
    const { context, page } = await openPage(browser, server.origin);
    try {
      await page.goto(`${server.origin}/vi/search/?q=qqqzzzxxx`);
      await page.waitForFunction(() => document.getElementById('search-status').textContent.includes('qqqzzzxxx'));
      assert.equal(await page.locator('#search-results li').count(), 0);
      assert.ok((await page.locator('#h-az ~ ul a').count()) > 0);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the search page lists every procedure A–Z', async () => {
    const { context, page } = await openPage(browser, server.origin, { javaScriptEnabled: false });
    try {
      await page.goto(`${server.origin}/en/search/?q=conference`);
      const links = await page.locator('#h-az ~ ul a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const code of ['2.002311', '2.002312', '2.002313', '2.002314']) {
        assert.ok(links.some((h) => h.endsWith(`/en/procedures/${code}/`)), `${code} in the A–Z list`);
      }
    } finally {
      await context.close();
    }
  });
});
