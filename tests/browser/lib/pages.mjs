// The pages the browser suite visits: one line per page type. Every check in the suite runs over
// this table, so a new page type (search, data…) is covered by adding one line here.

/** The portal's languages, default first (from content/site.yaml). */
export const LANGUAGES = ['vi', 'en', 'ja', 'zh', 'ko'];

/** The default language: the language of the pages at the root of the site. */
export const DEFAULT_LANGUAGE = LANGUAGES[0];

/**
 * Page types built in every language. `path` is below the language prefix (`/{lang}/{path}`).
 * `status` is the HTTP status the static server answers with (a missing page gets the language's
 * 404 page, as a static host would serve it). `alternate` is where the language switcher should
 * lead, below the other language's prefix, when that is not `path` itself. `footnotes` marks a
 * page whose body has footnotes.
 */
export const PAGE_TYPES = [
  { type: 'home', path: '' },
  { type: 'procedure list', path: 'procedures/' },
  { type: 'procedure', path: 'procedures/2.002311/' },
  { type: 'internal procedures', path: 'internal-procedures/' },
  { type: 'internal procedure', path: 'internal-procedures/ky-ket-thoa-thuan-quoc-te-cap-so/' },
  { type: 'channels', path: 'channels/' },
  { type: 'channel', path: 'channels/duong-day-nong-giam-doc/' },
  { type: 'report list', path: 'reports/' },
  { type: 'report', path: 'reports/205-bc-ubnd-2025/', footnotes: true },
  { type: 'indices', path: 'indices/' },
  { type: 'index', path: 'indices/par-index/' },
  { type: 'documents', path: 'documents/' },
  { type: 'document', path: 'documents/1260-qd-ubnd-2024/' },
  { type: 'page', path: 'gioi-thieu/', footnotes: true },
  { type: 'contact page', path: 'lien-he/', footnotes: true },
  { type: 'accessibility statement', path: 'tuyen-bo-tiep-can/' },
  { type: 'news list', path: 'news/' },
  { type: 'news item', path: 'news/cat-giam-50-thoi-gian-hoi-nghi-hoi-thao/' },
  { type: 'news tag', path: 'news/tags/cai-cach-hanh-chinh/' },
  { type: 'organisation', path: 'units/' },
  { type: 'unit', path: 'units/van-phong/' },
  { type: 'search', path: 'search/' },
  { type: 'search with a query', path: 'search/?q=hoi%20thao', alternate: 'search/' },
  { type: 'open data', path: 'data/' },
  { type: 'translation status', path: 'translations/' },
  { type: '404', path: 'khong-co-trang-nay/', status: 404, alternate: '404.html' },
];

/**
 * Pages at the root of the site, outside any language prefix, in the default language. Instead of
 * a language switcher they offer each language's home page.
 */
export const ROOT_PAGES = [
  { type: 'language chooser', url: '/' },
  { type: 'root 404', url: '/khong-co-trang-nay', status: 404 },
];

/**
 * Every page visit of the suite: `{ id, type, lang, url, status, switcher, alternateUrl(lang), footnotes }`.
 * `id` names screenshots; `switcher` is false for root pages, whose language links are a chooser;
 * `alternateUrl(lang)` is where the link to `lang` must lead.
 */
export function visits() {
  const out = [];
  for (const p of PAGE_TYPES) {
    for (const lang of LANGUAGES) {
      out.push({
        id: `${slug(p.type)}-${lang}`,
        type: p.type,
        lang,
        url: `/${lang}/${p.path}`,
        status: p.status ?? 200,
        switcher: true,
        alternateUrl: (other) => `/${other}/${p.alternate ?? p.path}`,
        footnotes: Boolean(p.footnotes),
      });
    }
  }
  for (const p of ROOT_PAGES) {
    out.push({
      id: slug(p.type),
      type: p.type,
      lang: DEFAULT_LANGUAGE,
      url: p.url,
      status: p.status ?? 200,
      switcher: false,
      alternateUrl: (other) => `/${other}/`,
      footnotes: false,
    });
  }
  return out;
}

function slug(s) {
  return s.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}
