// The search benchmark (see scripts/search-bench, which runs this).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, buildPortal, removeBuild, serve } from '../tests/browser/lib/site.mjs';
import { launch } from '../tests/browser/lib/browser.mjs';

const { queries } = JSON.parse(readFileSync(join(REPO, 'tests', 'search', 'queries.json'), 'utf8'));
const verbose = Boolean(process.env.VERBOSE);

const output = buildPortal();
const pagefind = spawnSync(join(REPO, 'node_modules', '.bin', 'pagefind'), ['--site', output, '--output-path', join(output, 'pagefind')], { encoding: 'utf8' });
if (pagefind.status !== 0) throw new Error(`pagefind failed:\n${pagefind.stdout}${pagefind.stderr}`);
const indexed = pagefind.stdout.match(/Indexed (\d+) pages?/)?.[1];
const server = await serve(output);
const browser = await launch();

/** The search page's index parameters for `lang` (the data-* attributes of its form). */
function indexInfo(lang) {
  const page = readFileSync(join(output, lang, 'search', 'index.html'), 'utf8');
  const attr = (name) => page.match(new RegExp(`data-${name}="?([^" >]+)`))[1];
  return { buckets: Number(attr('buckets')), chunk: Number(attr('chunk')), version: attr('version'), kinds: attr('kinds') };
}

async function ours(page, q, lang) {
  const info = indexInfo(lang);
  return page.evaluate(async ({ q, lang, info }) => {
    const t0 = performance.now();
    await new Promise((ok, fail) => {
      const s = document.createElement('script');
      s.src = '/search.js';
      s.onload = ok;
      s.onerror = fail;
      document.head.appendChild(s);
    });
    const base = new URL(`/search/${lang}/`, location.href);
    const engine = window.minhbachSearch.createSearch({
      lang,
      buckets: info.buckets,
      chunk: info.chunk,
      kinds: info.kinds.split(',').map((r) => [r.slice(0, r.lastIndexOf(' ')), Number(r.slice(r.lastIndexOf(' ') + 1))]),
      load: (file) => new Promise((ok, fail) => {
        const s = document.createElement('script');
        s.src = new URL(`${file}?v=${info.version}`, base).href;
        s.onload = ok;
        s.onerror = fail;
        document.head.appendChild(s);
      }),
    });
    const found = await engine.query(q, 10);
    return { urls: found.results.map((r) => r.url), ms: performance.now() - t0 };
  }, { q, lang, info });
}

async function pagefindSearch(page, q, lang) {
  return page.evaluate(async ({ q, lang }) => {
    const t0 = performance.now();
    const pf = await import('/pagefind/pagefind.js');
    await pf.init();
    const search = await pf.search(q);
    // Pagefind's UI loads the fragments of the results it shows; the first 5 are what we rank.
    const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    const prefix = `/${lang}/`;
    const urls = data.map((d) => (d.url.startsWith(prefix) ? d.url.slice(prefix.length) : d.url).replace(/index\.html$/, ''));
    return { urls, ms: performance.now() - t0 };
  }, { q, lang });
}

async function run(engine, q) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.origin}/${q.lang}/`);
  let bytes = 0;
  page.on('response', async (r) => {
    const length = Number(r.headers()['content-length']);
    bytes += Number.isFinite(length) ? length : (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  const result = await (engine === 'minhbach' ? ours(page, q.q, q.lang) : pagefindSearch(page, q.q, q.lang));
  await page.waitForLoadState('networkidle');
  await context.close();
  const rank = result.urls.indexOf(q.expect) + 1;
  return { rank, bytes, ms: result.ms, urls: result.urls };
}

const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const results = { minhbach: [], pagefind: [] };
try {
  for (const q of queries) {
    for (const engine of Object.keys(results)) {
      const r = await run(engine, q);
      results[engine].push({ ...q, ...r });
      if (verbose) console.log(`${engine.padEnd(9)} ${q.lang} ${String(r.rank || '-').padStart(2)} ${r.bytes} B ${r.ms.toFixed(0)} ms  ${q.q}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
  removeBuild(output);
}

function summary(rows) {
  const recall = rows.filter((r) => r.rank >= 1 && r.rank <= 5).length / rows.length;
  const mrr = rows.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / rows.length;
  const bytes = rows.map((r) => r.bytes);
  const ms = rows.map((r) => r.ms);
  return { n: rows.length, recall, mrr, bytesMedian: quantile(bytes, 0.5), bytesP95: quantile(bytes, 0.95), msMedian: quantile(ms, 0.5) };
}
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
console.log(`search benchmark: ${queries.length} queries (tests/search/queries.json); Pagefind indexed ${indexed} pages`);
console.log('lang  queries  engine     recall@5  MRR    bytes/query median  p95        first results (median)');
for (const lang of ['vi', 'en', 'ja', 'zh', 'ko', 'all']) {
  for (const engine of Object.keys(results)) {
    const rows = results[engine].filter((r) => lang === 'all' || r.lang === lang);
    const s = summary(rows);
    console.log(`${lang.padEnd(5)} ${String(s.n).padStart(7)}  ${engine.padEnd(9)}  ${(s.recall * 100).toFixed(1).padStart(6)}%  ${s.mrr.toFixed(3)}  ${kb(s.bytesMedian).padStart(18)}  ${kb(s.bytesP95).padStart(9)}  ${s.msMedian.toFixed(0).padStart(6)} ms`);
  }
}
for (const engine of Object.keys(results)) {
  const missed = results[engine].filter((r) => !(r.rank >= 1 && r.rank <= 5));
  if (missed.length) {
    console.log(`\n${engine} missed (not in the first 5):`);
    for (const m of missed) console.log(`  ${m.lang} ${JSON.stringify(m.q)} (${m.kind}) → ${m.expect}; got ${m.urls.slice(0, 5).join(', ') || 'nothing'}`);
  }
}
