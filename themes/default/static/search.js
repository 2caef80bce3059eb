/* minhbach search: queries the index that `minhbach build` writes under search/{lang}/.
 * No dependencies, no network access beyond the site's own files, works from file:// too
 * (index files are scripts, not fetched JSON). fold() and tokenize() mirror src/search.rs;
 * a test runs both over the same strings. Without JavaScript the page lists every procedure. */
(function (global) {
  'use strict';

  var MARKS = /[\u0300-\u036f]/g;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var DIGIT = /[0-9]/;

  /** Lowercase and strip the diacritics of Latin letters, Vietnamese included (đ → d). */
  function fold(text) {
    var out = '';
    for (var c of text) {
      var p = c.codePointAt(0);
      if (c === 'đ' || c === 'Đ') out += 'd';
      else if ((p >= 0xc0 && p <= 0x24f) || (p >= 0x1e00 && p <= 0x1eff)) out += c.normalize('NFD').replace(MARKS, '').toLowerCase();
      else if (p >= 0xff01 && p <= 0xff5e) out += String.fromCodePoint(p - 0xfee0).toLowerCase();
      else out += c.toLowerCase();
    }
    return out;
  }

  /** Scripts written without spaces between words, and Korean (whose words carry particles). */
  function isCjk(c) {
    var p = c.codePointAt(0);
    return (p >= 0x1100 && p <= 0x11ff) || (p >= 0x3040 && p <= 0x30ff) || (p >= 0x3130 && p <= 0x318f) ||
      (p >= 0x3400 && p <= 0x4dbf) || (p >= 0x4e00 && p <= 0x9fff) || (p >= 0xac00 && p <= 0xd7a3) ||
      (p >= 0xf900 && p <= 0xfaff) || (p >= 0x20000 && p <= 0x2a6df);
  }

  /** The terms of folded text: words, dotted numbers and their parts, CJK character pairs. */
  function tokenize(folded) {
    var chars = Array.from(folded);
    var terms = [];
    var i = 0;
    while (i < chars.length) {
      var c = chars[i];
      var start = i;
      if (isCjk(c)) {
        while (i < chars.length && isCjk(chars[i])) i++;
        if (i - start === 1) terms.push(c);
        else for (var k = start; k + 1 < i; k++) terms.push(chars[k] + chars[k + 1]);
      } else if (ALNUM.test(c)) {
        while (i < chars.length) {
          var d = chars[i];
          var dotted = d === '.' && i > start && DIGIT.test(chars[i - 1]) && i + 1 < chars.length && DIGIT.test(chars[i + 1]);
          if ((ALNUM.test(d) && !isCjk(d)) || dotted) i++;
          else break;
        }
        var word = chars.slice(start, i).join('');
        if (word.indexOf('.') >= 0) terms.push.apply(terms, word.split('.'));
        terms.push(word);
      } else {
        i++;
      }
    }
    return terms;
  }

  function unique(xs) {
    return xs.filter(function (x, i) { return xs.indexOf(x) === i; });
  }

  /** A term's bucket: its first code point modulo the number of buckets (as in src/search.rs). */
  function bucketOf(term, buckets) {
    return term.codePointAt(0) % buckets;
  }

  // Loaded index files call these two functions.
  var loaded = { docs: {}, terms: {} };
  var api = {
    docs: function (n, rows) { loaded.docs[n] = rows; },
    terms: function (b, table) { loaded.terms[b] = table; }
  };

  /**
   * A search over one language's index. `options.load(file)` runs an index file and returns a
   * promise; in the browser it adds a script element, in tests it evaluates the file.
   */
  function createSearch(options) {
    var pending = {};
    function need(kind, n) {
      if (loaded[kind][n]) return Promise.resolve(loaded[kind][n]);
      var key = kind + n;
      if (!pending[key]) {
        pending[key] = options.load(kind + '-' + n + '.js').then(function () {
          if (!loaded[kind][n]) throw new Error('index file ' + key + ' did not load');
          return loaded[kind][n];
        }, function (e) { delete pending[key]; throw e; });
      }
      return pending[key];
    }

    function query(q, limit) {
      var tokens = unique(tokenize(fold(q))).filter(function (t) { return t.length > 0; });
      if (tokens.length === 0) return Promise.resolve({ total: 0, results: [] });
      var buckets = unique(tokens.map(function (t) { return bucketOf(t, options.buckets); }));
      return Promise.all(buckets.map(function (b) { return need('terms', b); })).then(function () {
        var scores = null;
        tokens.forEach(function (token) {
          var table = loaded.terms[bucketOf(token, options.buckets)];
          var found = new Map();
          function add(postings, factor) {
            for (var k = 0; k < postings.length; k += 2) {
              var s = postings[k + 1] * factor;
              if (!(found.get(postings[k]) >= s)) found.set(postings[k], s);
            }
          }
          if (Object.prototype.hasOwnProperty.call(table, token)) add(table[token], 2);
          // The last word is often still being typed, and a single CJK character is a prefix of
          // the pairs that start with it; pairs themselves must match exactly.
          var chars = Array.from(token);
          if (!isCjk(chars[0]) || chars.length === 1) {
            for (var term in table) {
              if (term !== token && term.lastIndexOf(token, 0) === 0) add(table[term], 1);
            }
          }
          if (scores === null) {
            scores = found;
          } else {
            var both = new Map();
            scores.forEach(function (s, doc) { if (found.has(doc)) both.set(doc, s + found.get(doc)); });
            scores = both;
          }
        });
        var ranked = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var top = ranked.slice(0, limit);
        var chunks = unique(top.map(function (e) { return Math.floor(e[0] / options.chunk); }));
        return Promise.all(chunks.map(function (c) { return need('docs', c); })).then(function () {
          return {
            total: ranked.length,
            results: top.map(function (e) {
              var row = loaded.docs[Math.floor(e[0] / options.chunk)][e[0] % options.chunk];
              return { kind: row[0], url: row[1], title: row[2], excerpt: row[3], score: e[1] };
            })
          };
        });
      });
    }
    return { query: query };
  }

  api.fold = fold;
  api.tokenize = tokenize;
  api.createSearch = createSearch;
  global.minhbachSearch = api;

  // ---- The search page ----
  if (typeof document === 'undefined') return;
  var form = document.getElementById('search-form');
  if (!form) return;
  var LIMIT = 50;
  var data = form.dataset;
  var input = form.querySelector('input[name=q]');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var pageBase = new URL(data.index, document.baseURI);
  var langBase = new URL('../../' + document.documentElement.lang + '/', pageBase);
  var engine = createSearch({
    buckets: Number(data.buckets),
    chunk: Number(data.chunk),
    load: function (file) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = new URL(file + '?v=' + data.version, pageBase).href;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
  });
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  var current = 0;
  function run(q) {
    var mine = ++current;
    q = q.trim();
    list.textContent = '';
    if (!q) { list.hidden = true; status.textContent = ''; return; }
    status.textContent = data.loading;
    engine.query(q, LIMIT).then(function (found) {
      if (mine !== current) return;
      var text = fill(found.total ? data.results : data.none, { count: found.total, query: q });
      if (found.total > LIMIT) text += ' ' + fill(data.shown, { shown: LIMIT });
      status.textContent = text;
      found.results.forEach(function (r) {
        var li = document.createElement('li');
        var kind = document.createElement('span');
        kind.className = 'kind';
        kind.textContent = data['kind' + r.kind.replace(/(^|-)(\w)/g, function (m, d, c) { return c.toUpperCase(); })] || r.kind;
        var a = document.createElement('a');
        a.href = new URL(r.url, langBase).href;
        a.textContent = r.title;
        li.appendChild(kind);
        li.appendChild(a);
        if (r.excerpt) {
          var p = document.createElement('p');
          p.textContent = r.excerpt;
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      list.hidden = found.results.length === 0;
    }, function () {
      if (mine === current) status.textContent = data.error;
    });
  }
  var timer;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      if (global.history && history.replaceState) {
        history.replaceState(null, '', q.trim() ? '?q=' + encodeURIComponent(q.trim()) : location.pathname);
      }
      run(q);
    }, 150);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    if (history.replaceState) history.replaceState(null, '', '?q=' + encodeURIComponent(input.value.trim()));
    run(input.value);
  });
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
})(typeof window !== 'undefined' ? window : globalThis);
