// The paginated procedure list, as a large portal has it. The shipped portal's few procedures fit
// on one page, so this builds a copy of it with `page_size: 2` (three list pages), then checks the
// list pages, the home page (which then summarises the list) and the search page (which then
// links to it) in every language: axe-core at 1280 and 375 px, the W3C Nu HTML checker, and that
// the page navigation leads from the first page to the last and back.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, describeViolations, launch, openPage } from './lib/browser.mjs';
import { LANGUAGES } from './lib/pages.mjs';
import { REPO, binary, serve } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA ?? 'java';
const PAGES = 3;

let dir;
let output;
let server;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minhbach-paged-'));
  const root = join(dir, 'site');
  cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  appendFileSync(join(root, 'content', 'site.yaml'), '\npage_size: 2\n');
  output = join(dir, 'public');
  const run = spawnSync(binary(), ['--quiet', 'build', '--root', root, '--output', output], { encoding: 'utf8' });
  assert.equal(run.status, 0, `minhbach build failed:\n${run.stdout}${run.stderr}`);
  server = await serve(output);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The pages this file checks, below the language prefix. */
function paths() {
  const out = ['', 'search/', 'procedures/'];
  for (let n = 2; n <= PAGES; n++) out.push(`procedures/page/${n}/`);
  return out;
}

it('the paginated pages pass the Nu HTML checker', () => {
  const files = LANGUAGES.flatMap((lang) => paths().map((p) => join(output, lang, p, 'index.html')));
  const run = spawnSync(JAVA, ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const messages = JSON.parse(run.stderr || '{"messages":[]}').messages;
  const errors = messages.filter((m) => m.type === 'error');
  assert.deepEqual(
    errors.map((m) => `${m.url}:${m.lastLine}: ${m.message}`),
    [],
    'Nu HTML checker errors',
  );
});

describe('paginated pages in every language', () => {
  for (const lang of LANGUAGES) {
    for (const path of paths()) {
      for (const width of [1280, 375]) {
        it(`/${lang}/${path} at ${width} px has no axe-core violations`, async () => {
          const { context, page } = await openPage(browser, server.origin, {
            viewport: { width, height: 900 },
          });
          try {
            const response = await page.goto(`${server.origin}/${lang}/${path}`, { waitUntil: 'load' });
            assert.equal(response.status(), 200);
            const v = await axeViolations(page);
            assert.equal(v.length, 0, `\n  ${describeViolations(v)}`);
          } finally {
            await context.close();
          }
        });
      }
    }

    it(`/${lang}/procedures/: the page navigation leads to the last page and back`, async () => {
      const { context, page } = await openPage(browser, server.origin);
      try {
        await page.goto(`${server.origin}/${lang}/procedures/`, { waitUntil: 'load' });
        for (let n = 2; n <= PAGES; n++) {
          await page.click('nav.pagination a[rel="next"]');
          await page.waitForURL(`**/${lang}/procedures/page/${n}/`);
          assert.equal(await page.getAttribute('nav.pagination a[aria-current="page"]', 'href').then(Boolean), true);
          assert.equal((await page.textContent('nav.pagination a[aria-current="page"]')).trim(), String(n));
        }
        assert.equal(await page.locator('nav.pagination a[rel="next"]').count(), 0, 'the last page has no next');
        for (let n = PAGES - 1; n >= 1; n--) {
          await page.click('nav.pagination a[rel="prev"]');
          await page.waitForURL(n === 1 ? `**/${lang}/procedures/` : `**/${lang}/procedures/page/${n}/`);
        }
        assert.equal(await page.locator('nav.pagination a[rel="prev"]').count(), 0, 'the first page has no previous');
      } finally {
        await context.close();
      }
    });
  }
});
