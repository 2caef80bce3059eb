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
    // Decomposed Korean (conjoining jamo) is composed first, as in src/search.rs.
    if (/[\u1100-\u11ff]/.test(text)) text = text.normalize('NFC');
    var out = '';
    for (var c of text) {
      var p = c.codePointAt(0);
      // A combining mark on its own (decomposed input, NFD) goes as those of composed letters.
      if (p >= 0x300 && p <= 0x36f) continue;
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

  // ---- English word forms: the same as normalize_term, american and rust-stemmers' English
  // (Snowball Porter2) stemmer in src/search.rs; a test runs both over 5,000+ words. ----

  /** A lowercase English word in American spelling (see `american` in src/search.rs). */
  function american(word) {
    function split(mark, endings, min) {
      for (var i = 0; i < endings.length; i++) {
        var e = endings[i];
        if (word.length < e.length || word.slice(word.length - e.length) !== e) continue;
        var rest = word.slice(0, word.length - e.length);
        if (rest.length < mark.length || rest.slice(rest.length - mark.length) !== mark) continue;
        var stemLength = rest.length - mark.length;
        if (stemLength >= min) return [stemLength, rest.length];
      }
      return null;
    }
    function replace(at, with_) {
      return word.slice(0, at[0]) + with_ + word.slice(at[1]);
    }
    var at;
    if ((at = split('our', ['', 's', 'ed', 'ing', 'er', 'ers', 'ful', 'fully', 'less', 'able', 'ably', 'ite', 'ites',
      'ist', 'ists', 'ism', 'al', 'ally', 'ly', 'y'], 2))) return replace(at, 'or');
    if ((at = split('is', ['e', 'es', 'ed', 'ing', 'er', 'ers', 'ation', 'ations', 'able', 'ational'], 3))) return replace(at, 'iz');
    if ((at = split('ys', ['e', 'es', 'ed', 'ing', 'er', 'ers'], 3))) return replace(at, 'yz');
    var re = ['re', 'res'];
    for (var i = 0; i < re.length; i++) {
      var rest = word.slice(0, word.length - re[i].length);
      if (word.slice(rest.length) === re[i] && rest.length >= 3 && 'tbgv'.indexOf(rest[rest.length - 1]) >= 0) {
        return rest + 'er' + word.slice(rest.length + 2);
      }
    }
    if ((at = split('ll', ['ed', 'ing', 'er', 'ers', 'or', 'ors'], 3))) {
      var stem = word.slice(0, at[0]);
      var vowels = stem.replace(/[^aeiou]/g, '').length;
      if ('aeou'.indexOf(stem[stem.length - 1]) >= 0 && vowels >= 2) return replace(at, 'l');
    }
    if ((at = split('ogue', ['', 's'], 3))) return replace(at, 'og');
    if ((at = split('fence', ['', 's'], 0))) return replace(at, 'fense');
    if ((at = split('licence', ['', 's', 'd'], 0))) return replace(at, 'license');
    return word;
  }

  var EXCEPTION1 = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
    ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes'
  };
  var EXCEPTION2 = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];
  function isVowel(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }
  /** Snowball's `shortv` at the end of `w`: (non-vowel) vowel (non-vowel but w, x, Y), or vowel
   * non-vowel as the whole of `w`. */
  function shortv(w) {
    var n = w.length;
    if (n >= 3 && !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(w[n - 1]) && 'wxY'.indexOf(w[n - 1]) < 0) return true;
    return n === 2 && isVowel(w[0]) && !isVowel(w[1]);
  }
  /** Where the region after the first non-vowel that follows a vowel, from `from`, starts. */
  function region(w, from) {
    for (var i = from; i < w.length; i++) {
      if (isVowel(w[i])) {
        for (var j = i + 1; j < w.length; j++) if (!isVowel(w[j])) return j + 1;
        return w.length;
      }
    }
    return w.length;
  }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  /** The longest of `suffixes` that `w` ends with, or null. */
  function longest(w, suffixes) {
    var best = null;
    for (var i = 0; i < suffixes.length; i++) if (ends(w, suffixes[i]) && (best === null || suffixes[i].length > best.length)) best = suffixes[i];
    return best;
  }
  var STEP2 = {
    tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
    ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful',
    ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', ogi: 'og',
    fulli: 'ful', lessli: 'less', li: ''
  };
  var STEP3 = { tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '', ative: '' };
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion'];

  /** The Snowball English (Porter2) stem of a lowercase word of letters a–z. */
  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTION1, word)) return EXCEPTION1[word];
    if (word.length < 3) return word;
    var w = word.split('');
    var yFound = false;
    if (w[0] === 'y') { w[0] = 'Y'; yFound = true; }
    for (var i = 1; i < w.length; i++) if (w[i] === 'y' && isVowel(w[i - 1])) { w[i] = 'Y'; yFound = true; }
    w = w.join('');
    // R1 starts after the first non-vowel that follows a vowel (or after one of three prefixes),
    // R2 likewise within R1; the word's end where there is none.
    var prefix = /^(gener|commun|arsen)/.exec(w);
    var p1 = prefix ? prefix[0].length : region(w, 0);
    var p2 = region(w, p1);
    function hasVowel(x) { for (var k = 0; k < x.length; k++) if (isVowel(x[k])) return true; return false; }

    // Step 1a
    var s = longest(w, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
    if (s === 'sses') w = w.slice(0, -2);
    else if (s === 'ied' || s === 'ies') w = w.slice(0, -3) + (w.length - 3 > 1 ? 'i' : 'ie');
    else if (s === 's' && hasVowel(w.slice(0, -2))) w = w.slice(0, -1);

    if (EXCEPTION2.indexOf(w) < 0) {
      // Step 1b
      s = longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
      if (s === 'eed' || s === 'eedly') {
        if (w.length - s.length >= p1) w = w.slice(0, w.length - s.length) + 'ee';
      } else if (s !== null && hasVowel(w.slice(0, w.length - s.length))) {
        w = w.slice(0, w.length - s.length);
        var t = longest(w, ['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
        if (t === 'at' || t === 'bl' || t === 'iz') w += 'e';
        else if (t !== null) w = w.slice(0, -1);
        else if (w.length === p1 && shortv(w)) w += 'e';
      }
      // Step 1c
      var n = w.length;
      if ((ends(w, 'y') || ends(w, 'Y')) && n > 2 && !isVowel(w[n - 2])) w = w.slice(0, -1) + 'i';
      // Step 2
      s = longest(w, Object.keys(STEP2));
      if (s !== null && w.length - s.length >= p1) {
        var before = w[w.length - s.length - 1];
        if (s === 'ogi') { if (before === 'l') w = w.slice(0, -3) + 'og'; }
        else if (s === 'li') { if (before !== undefined && 'cdeghkmnrt'.indexOf(before) >= 0) w = w.slice(0, -2); }
        else w = w.slice(0, w.length - s.length) + STEP2[s];
      }
      // Step 3
      s = longest(w, Object.keys(STEP3));
      if (s !== null && w.length - s.length >= p1) {
        if (s === 'ative') { if (w.length - s.length >= p2) w = w.slice(0, -5); }
        else w = w.slice(0, w.length - s.length) + STEP3[s];
      }
      // Step 4
      s = longest(w, STEP4);
      if (s !== null && w.length - s.length >= p2) {
        if (s === 'ion') { var b = w[w.length - 4]; if (b === 's' || b === 't') w = w.slice(0, -3); }
        else w = w.slice(0, w.length - s.length);
      }
      // Step 5
      n = w.length;
      if (ends(w, 'e')) {
        if (n - 1 >= p2 || (n - 1 >= p1 && !shortv(w.slice(0, -1)))) w = w.slice(0, -1);
      } else if (ends(w, 'l')) {
        if (n - 1 >= p2 && w[n - 2] === 'l') w = w.slice(0, -1);
      }
    }
    return yFound ? w.replace(/Y/g, 'y') : w;
  }

  /** The form a term is stored and looked up in (normalize_term in src/search.rs). */
  function normalizeTerm(lang, term) {
    if (!(lang === 'en' || lang.lastIndexOf('en-', 0) === 0) || term.length < 3 || !/^[a-z]+$/.test(term)) return term;
    return stem(american(term));
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

    /** How much a match counts: the field's weight (1 text, 3 detail, 8 title, 16 code or
     * number) times this factor. */
    var EXACT = 2, PREFIX = 1, TYPO = 0.5;
    /** Letters and digits an edit may put into a word (folded Latin text is ASCII). */
    var ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

    /** The words one edit away from `word` (Damerau–Levenshtein: a letter deleted, inserted,
     * replaced, or two neighbours swapped) that keep its first letter, or whose first letter is
     * its second (the first deleted, or the first two swapped): so they are in at most two
     * buckets of the index, and a query loads no more. */
    function edits(word) {
      var chars = Array.from(word);
      var out = new Set();
      var n = chars.length;
      var join = function (xs) { return xs.join(''); };
      for (var i = 0; i < n; i++) {
        out.add(join(chars.slice(0, i).concat(chars.slice(i + 1))));
        if (i + 1 < n) {
          var t = chars.slice();
          t[i] = chars[i + 1];
          t[i + 1] = chars[i];
          out.add(join(t));
        }
        if (i === 0) continue;
        for (var a = 0; a < ALPHABET.length; a++) {
          var r = chars.slice();
          r[i] = ALPHABET[a];
          out.add(join(r));
        }
      }
      for (var k = 1; k <= n; k++) {
        for (var b = 0; b < ALPHABET.length; b++) out.add(join(chars.slice(0, k).concat([ALPHABET[b]], chars.slice(k))));
      }
      out.delete(word);
      return Array.from(out);
    }

    /** Whether a word may be corrected: five letters or more, and no digits (a code one digit
     * away is another record's code). */
    function correctable(word) {
      var chars = Array.from(word);
      return chars.length >= 5 && !/[0-9]/.test(word) && !isCjk(chars[0]);
    }

    /** Korean particles that follow a noun: one syllable, and two. */
    var PARTICLES1 = ['을', '를', '은', '는', '이', '가', '의', '에', '도', '와', '과', '로'];
    var PARTICLES2 = ['에서', '으로', '에게', '까지', '부터', '에는', '이나', '처럼'];

    function has(table, term) {
      return table !== undefined && Object.prototype.hasOwnProperty.call(table, term);
    }

    function query(q, limit, kind) {
      var lang = options.lang || '';
      var words = unique(tokenize(fold(q)).filter(function (t) { return t.length > 0; }));
      // Each distinct term of the query, with the words it comes from (forms of one word meet).
      var tokens = [];
      var byTerm = {};
      words.forEach(function (w) {
        var term = normalizeTerm(lang, w);
        if (!byTerm[term]) { byTerm[term] = { term: term, words: [] }; tokens.push(byTerm[term]); }
        byTerm[term].words.push(w);
      });
      if (tokens.length === 0) return Promise.resolve({ total: 0, shown: 0, counts: {}, results: [], terms: [] });
      // A Korean word typed with its particle (세미나를, 합법화의): the pairs that hold the
      // particle are not required (a record with the word alone is found); where they match,
      // they add to the score.
      var optional = new Set();
      (fold(q).match(/[\uac00-\ud7a3]{3,}/g) || []).forEach(function (run) {
        var chars = Array.from(run);
        var n = chars.length;
        var two = chars.slice(n - 2).join('');
        var particle = PARTICLES2.indexOf(two) >= 0 && n >= 4 ? 2 : PARTICLES1.indexOf(chars[n - 1]) >= 0 ? 1 : 0;
        for (var k = n - 1 - particle; k < n - 1; k++) optional.add(chars[k] + chars[k + 1]);
      });
      var bucket = function (t) { return bucketOf(t, options.buckets); };
      var load = function (terms) {
        return Promise.all(unique(terms.map(bucket)).map(function (b) { return need('terms', b); }));
      };
      return load(tokens.map(function (t) { return t.term; })).then(function () {
        // Words that match nothing exactly may be typos: their second letter's bucket as well.
        var more = [];
        tokens.forEach(function (t) {
          t.fuzzy = !has(loaded.terms[bucket(t.term)], t.term) && t.words.some(correctable);
          if (t.fuzzy) t.words.forEach(function (w) { if (correctable(w)) more.push(Array.from(w)[1]); });
        });
        return load(more);
      }).then(function () {
        var scores = null;
        var matched = [];
        // Required terms first, so that optional ones only add to the records those find.
        tokens.sort(function (a, b) { return optional.has(a.term) - optional.has(b.term); });
        tokens.forEach(function (token) {
          var term = token.term;
          var table = loaded.terms[bucket(term)];
          var found = new Map();
          function add(postings, factor) {
            for (var k = 0; k < postings.length; k += 2) {
              var s = postings[k + 1] * factor;
              var was = found.get(postings[k]);
              if (!was || was.s < s) found.set(postings[k], { s: s, code: factor === EXACT && postings[k + 1] >= 16, title: postings[k + 1] >= 8 });
            }
          }
          if (has(table, term)) { add(table[term], EXACT); matched.push(term); }
          // The last word is often still being typed, and a single CJK character is a prefix of
          // the pairs that start with it; pairs themselves must match exactly.
          var chars = Array.from(term);
          if (!isCjk(chars[0]) || chars.length === 1) {
            for (var t in table) {
              if (t !== term && t.lastIndexOf(term, 0) === 0) { add(table[t], PREFIX); matched.push(t); }
            }
          }
          if (token.fuzzy) {
            var near = new Set();
            token.words.filter(correctable).forEach(function (w) {
              edits(w).forEach(function (e) { near.add(normalizeTerm(lang, e)); });
            });
            near.forEach(function (t) {
              var tb = loaded.terms[bucket(t)];
              if (t !== term && has(tb, t)) { add(tb[t], TYPO); matched.push(t); }
            });
          }
          if (scores === null) {
            scores = found;
          } else if (optional.has(term)) {
            scores.forEach(function (s, doc) { var f = found.get(doc); if (f) s.s += f.s; });
          } else {
            var both = new Map();
            scores.forEach(function (s, doc) {
              var f = found.get(doc);
              if (f) both.set(doc, { s: s.s + f.s, code: s.code && f.code, title: s.title && f.title });
            });
            scores = both;
          }
        });
        // An exact code or number first, then records with every word in the title, then the rest.
        var tier = function (m) { return m.code ? 2 : m.title ? 1 : 0; };
        var ranked = Array.from(scores.entries()).sort(function (a, b) {
          return tier(b[1]) - tier(a[1]) || b[1].s - a[1].s || a[0] - b[0];
        });
        // Records are numbered kind by kind (src/search.rs), so a number gives its kind.
        var counts = {};
        ranked.forEach(function (e) { var k = kindOf(e[0]); counts[k] = (counts[k] || 0) + 1; });
        var shown = kind ? ranked.filter(function (e) { return kindOf(e[0]) === kind; }) : ranked;
        var top = shown.slice(0, limit);
        var chunks = unique(top.map(function (e) { return Math.floor(e[0] / options.chunk); }));
        return Promise.all(chunks.map(function (c) { return need('docs', c); })).then(function () {
          return {
            total: ranked.length,
            shown: shown.length,
            counts: counts,
            terms: unique(matched),
            results: top.map(function (e) {
              var row = loaded.docs[Math.floor(e[0] / options.chunk)][e[0] % options.chunk];
              return { kind: row[0], url: row[1], title: row[2], excerpt: row[3], score: e[1].s };
            })
          };
        });
      });
    }

    /** The kind of record number `doc`, from the runs of kinds the search page lists. */
    function kindOf(doc) {
      var runs = options.kinds || [];
      var from = 0;
      for (var i = 0; i < runs.length; i++) {
        from += runs[i][1];
        if (doc < from) return runs[i][0];
      }
      return '';
    }
    return { query: query };
  }

  api.fold = fold;
  api.tokenize = tokenize;
  api.american = american;
  api.stem = stem;
  api.normalizeTerm = normalizeTerm;
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
  var filters = document.getElementById('search-filters');
  var kinds = (data.kinds || '').split(',').filter(Boolean).map(function (run) {
    var at = run.lastIndexOf(' ');
    return [run.slice(0, at), Number(run.slice(at + 1))];
  });
  var engine = createSearch({
    lang: document.documentElement.lang,
    buckets: Number(data.buckets),
    chunk: Number(data.chunk),
    kinds: kinds,
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
  function kindName(kind) {
    return data['kind' + kind.replace(/(^|-)(\w)/g, function (m, d, c) { return c.toUpperCase(); })] || kind;
  }
  /** `text` into `parent`, with the words that matched the query in <mark>: a word whose term
   * is one the query matched, or, in Chinese, Japanese and Korean text, a run of the query's
   * own characters. Text nodes only: nothing of the record is read as HTML. */
  function highlight(parent, text, terms, q) {
    var lang = document.documentElement.lang;
    var wanted = new Set(terms);
    var runs = (fold(q).match(/[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+/g) || []);
    var spans = [];
    var word = /[\p{L}\p{M}\p{N}]+(?:\.[0-9]+)*/gu;
    var m;
    while ((m = word.exec(text))) {
      var folded = fold(m[0]);
      var hit = tokenize(folded).some(function (t) { return !isCjk(t) && wanted.has(normalizeTerm(lang, t)); });
      if (hit) spans.push([m.index, m.index + m[0].length]);
    }
    var low = fold(text);
    if (low.length === text.length) {
      runs.forEach(function (r) {
        for (var at = low.indexOf(r); at >= 0; at = low.indexOf(r, at + r.length)) spans.push([at, at + r.length]);
      });
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    spans.forEach(function (sp) {
      if (sp[0] < pos) return;
      if (sp[0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(sp[0], sp[1]);
      parent.appendChild(mark);
      pos = sp[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }
  var current = 0;
  var kind = '';
  function showFilters(found) {
    filters.textContent = '';
    var present = kinds.filter(function (k) { return found.counts[k[0]]; });
    if (found.total === 0 || present.length < 2) { filters.hidden = true; return; }
    var options = [['', data.all, found.total]].concat(present.map(function (k) {
      return [k[0], kindName(k[0]), found.counts[k[0]]];
    }));
    options.forEach(function (o) {
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('aria-pressed', String(o[0] === kind));
      b.dataset.kind = o[0];
      b.textContent = o[1] + ' (' + o[2] + ')';
      b.addEventListener('click', function () {
        kind = o[0];
        run(input.value, true);
      });
      filters.appendChild(b);
    });
    filters.hidden = false;
  }
  function run(q, keepFocus) {
    var mine = ++current;
    q = q.trim();
    list.textContent = '';
    if (!q) { list.hidden = true; filters.hidden = true; status.textContent = ''; return; }
    status.textContent = data.loading;
    engine.query(q, LIMIT, kind).then(function (found) {
      if (mine !== current) return;
      if (kind && !found.counts[kind]) { kind = ''; return run(q, keepFocus); }
      var count = kind ? found.shown : found.total;
      var text = fill(count ? data.results : data.none, { count: count, query: q });
      if (kind) text += ' (' + kindName(kind) + ')';
      if (count > LIMIT) text += ' ' + fill(data.shown, { shown: LIMIT });
      status.textContent = text;
      var focused = keepFocus && document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.kind : null;
      showFilters(found);
      if (focused !== null && focused !== undefined) {
        var again = filters.querySelector('button[data-kind="' + focused + '"]');
        if (again) again.focus();
      }
      found.results.forEach(function (r) {
        var li = document.createElement('li');
        var k = document.createElement('span');
        k.className = 'kind';
        k.textContent = kindName(r.kind);
        var a = document.createElement('a');
        a.href = new URL(r.url, langBase).href;
        highlight(a, r.title, found.terms, q);
        li.appendChild(k);
        li.appendChild(a);
        if (r.excerpt) {
          var p = document.createElement('p');
          highlight(p, r.excerpt, found.terms, q);
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
    kind = '';
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
    kind = '';
    if (history.replaceState) history.replaceState(null, '', '?q=' + encodeURIComponent(input.value.trim()));
    run(input.value);
  });
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
})(typeof window !== 'undefined' ? window : globalThis);
