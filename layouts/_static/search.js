/*
 * Site search that works from file://: no fetch, no modules, no workers.
 *
 * Ordinary pages only load this small file. The first time someone focuses or
 * types in a search box (or opens the search page), it inserts three classic
 * scripts: MiniSearch, the Snowball Indonesian stemmer and the site's data
 * (written by prosiding/search.py), then indexes the documents in memory.
 *
 * Every interface string comes from data-msg-* / data-kind-* attributes that
 * the templates fill with gettext, so this file holds no language.
 * URLs in the data are relative to the site root; the page says where the root
 * is with <html data-root="../../">.
 */
(function () {
  "use strict";

  // Paths relative to the site root. DATA_PATH and DATA_GLOBAL must match
  // SEARCH_DATA_PATH and DATA_GLOBAL in prosiding/search.py (a test checks).
  var DATA_PATH = "_cari/data.js";
  var DATA_GLOBAL = "prosidingSearchData";
  var MINISEARCH_PATH = "_static/vendor/minisearch/minisearch.js";
  var STEMMER_PATH = "_static/vendor/orama-stemmers/indonesian.js";
  var STEMMER_GLOBAL = "ProsidingIndonesianStemmer";

  var BOX_LIMIT = 8;
  var PAGE_LIMIT = 100;
  var INDEX_CHUNK = 500; // documents indexed between two turns of the event loop
  var FIELD_BOOSTS = { title: 3, people: 3, institutions: 2, tags: 2, text: 1 };

  var root = document.documentElement.dataset.root || "";
  var enginePromise = null;
  var readyEngine = null; // set once loaded, so later keystrokes search synchronously

  // ---- Words: the same rules as fold() and split_words() in prosiding/search.py.

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function splitWords(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  // ---- Loading: classic <script> tags, because fetch() and modules fail on file://.

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root + path;
      script.async = false; // run in insertion order
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("could not load " + script.src));
      };
      document.head.appendChild(script);
    });
  }

  /** Load the libraries and data once, whoever asks first; resolves to the engine. */
  function loadEngine() {
    if (!enginePromise) {
      enginePromise = Promise.all([
        loadScript(MINISEARCH_PATH),
        loadScript(STEMMER_PATH),
        loadScript(DATA_PATH),
      ])
        .then(function () {
          return makeEngine(window[DATA_GLOBAL], window.MiniSearch, window[STEMMER_GLOBAL].stemmer);
        })
        .then(function (engine) {
          readyEngine = engine;
          return engine;
        });
    }
    return enginePromise;
  }

  // ---- Indexing.

  /** Ids were written as base-36 gaps between sorted numbers (encode_ids in search.py). */
  function decodeStems(encoded, vocabulary) {
    if (!encoded) return [];
    var gaps = encoded.split(" ");
    var stems = new Array(gaps.length);
    var id = 0;
    for (var i = 0; i < gaps.length; i++) {
      id += parseInt(gaps[i], 36);
      stems[i] = vocabulary[id];
    }
    return stems;
  }

  function readDocs(data) {
    return data.docs.map(function (row, number) {
      var doc = { id: number };
      data.columns.forEach(function (column, index) {
        doc[column] = row[index];
      });
      doc.kind = data.kinds[doc.kind];
      doc.seminar = data.seminars[doc.seminar];
      return doc;
    });
  }

  /** A field's index terms: its own folded words plus the shipped stems, once each. */
  function fieldTerms(texts, encodedStems, vocabulary, stopwords) {
    var terms = new Set();
    texts.forEach(function (text) {
      splitWords(text).forEach(function (word) {
        if (!stopwords.has(word)) terms.add(word);
      });
    });
    decodeStems(encodedStems, vocabulary).forEach(function (stem) {
      terms.add(stem);
    });
    return Array.from(terms);
  }

  function keep(value) {
    return value;
  }

  /** Resolves to the engine once every document is indexed. */
  function makeEngine(data, MiniSearch, stem) {
    var stopwords = new Set(data.stopwords);
    var docs = readDocs(data);
    var index = new MiniSearch({
      fields: Object.keys(FIELD_BOOSTS),
      storeFields: [],
      // Each field is handed over as its array of terms, already folded and stemmed,
      // and each query leaf is one such term (see makeQuery): nothing to split.
      stringifyField: keep,
      tokenize: keep,
      processTerm: keep,
      searchOptions: {
        tokenize: function (term) {
          return [term];
        },
      },
    });
    var fields = docs.map(function (doc) {
      return {
        id: doc.id,
        title: fieldTerms([doc.title], doc.titleStems, data.stems, stopwords),
        people: fieldTerms(doc.people, doc.peopleStems, data.stems, stopwords),
        institutions: fieldTerms(doc.institutions, doc.institutionStems, data.stems, stopwords),
        tags: fieldTerms(doc.tags, doc.tagStems, data.stems, stopwords),
        text: decodeStems(doc.textStems, data.stems),
      };
    });
    // In chunks, so that what the reader types meanwhile still appears at once.
    return index.addAllAsync(fields, { chunkSize: INDEX_CHUNK }).then(function () {
      return { index: index, docs: docs, stem: stem, stopwords: stopwords };
    });
  }

  // ---- Searching.

  /** Folded query words without stopwords (unless that would leave none). */
  function queryWords(engine, text) {
    var words = splitWords(text);
    var content = words.filter(function (word) {
      return !engine.stopwords.has(word);
    });
    return content.length ? content : words;
  }

  /**
   * Every word must match (AND); a word matches as typed (prefix, small typo)
   * or by its stem, so "dilayani" finds "pelayanan" through "layan".
   */
  function makeQuery(engine, words) {
    return {
      combineWith: "AND",
      queries: words.map(function (word) {
        var alternatives = [{ queries: [word], prefix: word.length >= 2, fuzzy: word.length >= 5 ? 0.2 : false }];
        var stem = engine.stem(word);
        if (stem && stem !== word) {
          alternatives.push({ queries: [stem], prefix: false, fuzzy: stem.length >= 5 ? 0.2 : false });
        }
        return { combineWith: "OR", queries: alternatives };
      }),
    };
  }

  function search(engine, text) {
    var words = queryWords(engine, text);
    if (!words.length) return { words: words, hits: [] };
    var hits = engine.index
      .search(makeQuery(engine, words), { boost: FIELD_BOOSTS, maxFuzzy: 2 })
      .map(function (result) {
        return { doc: engine.docs[result.id], terms: new Set(result.terms) };
      });
    return { words: words, hits: hits };
  }

  // ---- Showing results.

  function isMatch(engine, hit, words, word) {
    var folded = fold(word);
    if (hit.terms.has(folded) || hit.terms.has(engine.stem(folded))) return true;
    return words.some(function (queryWord) {
      return queryWord.length >= 3 && folded.startsWith(queryWord);
    });
  }

  /** Text as DOM nodes with matching words in <mark>; built with nodes, never innerHTML. */
  function highlight(engine, hit, words, text) {
    var fragment = document.createDocumentFragment();
    var pattern = /[\p{L}\p{N}\p{M}]+/gu;
    var last = 0;
    var match;
    while ((match = pattern.exec(text))) {
      if (!isMatch(engine, hit, words, match[0])) continue;
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      fragment.appendChild(mark);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function format(message, values) {
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function element(tag, className, child) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    return node;
  }

  function renderHit(engine, hit, words, messages) {
    var doc = hit.doc;
    var item = element("li", "search-result");
    var link = element("a", "search-result__title", highlight(engine, hit, words, doc.title));
    link.href = root + doc.url;
    item.appendChild(link);

    var meta = [];
    if (messages.kinds[doc.kind]) meta.push(messages.kinds[doc.kind]);  // every result says what it is
    if (doc.seminar && doc.seminar !== doc.title) meta.push(doc.seminar);
    if (doc.year) meta.push(String(doc.year));
    if (doc.people.length) meta.push(doc.people.join(", "));
    if (meta.length) item.appendChild(element("p", "search-result__meta", meta.join(" · ")));

    if (doc.snippet) {
      item.appendChild(element("p", "search-result__snippet", highlight(engine, hit, words, doc.snippet)));
    }
    return item;
  }

  function countMessage(messages, count) {
    return count === 1 ? messages.oneResult : format(messages.results, { count: count });
  }

  /** Fill a results list and its status line for a query; returns the number of hits. */
  function showResults(engine, view, text, limit) {
    var found = search(engine, text);
    view.list.replaceChildren();
    if (!found.words.length) {
      view.status.textContent = view.messages.empty;
      return 0;
    }
    if (!found.hits.length) {
      view.status.textContent = format(view.messages.noResults, { query: text.trim() });
      return 0;
    }
    found.hits.slice(0, limit).forEach(function (hit) {
      view.list.appendChild(renderHit(engine, hit, found.words, view.messages));
    });
    view.status.textContent = countMessage(view.messages, found.hits.length);
    return found.hits.length;
  }

  function readMessages(element) {
    var data = element.dataset;
    return {
      loading: data.msgLoading || "",
      results: data.msgResults || "{count}",
      oneResult: data.msgOneResult || "1",
      noResults: data.msgNoResults || "",
      empty: data.msgEmpty || "",
      error: data.msgError || "",
      allResults: data.msgAllResults || "",
      kinds: {
        presentation: data.kindPresentation,
        seminar: data.kindSeminar,
        news: data.kindNews,
        person: data.kindPerson,
        institution: data.kindInstitution,
        page: data.kindPage,
      },
    };
  }

  /** Run show() once the engine is there, telling the user while it loads or if it fails. */
  function whenReady(view, show) {
    if (readyEngine) {
      show(readyEngine);
      return;
    }
    view.status.textContent = view.messages.loading;
    loadEngine().then(show, function (error) {
      view.status.textContent = view.messages.error;
      if (window.console) console.warn("search:", error.message);
    });
  }

  // ---- Keyboard: arrows move between the input and the result links; Escape closes.

  function resultLinks(view) {
    return Array.prototype.slice.call(view.list.querySelectorAll("a"));
  }

  function onArrowKeys(view, event, onEscape) {
    var links = resultLinks(view);
    var position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      links[Math.min(position + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && position >= 0) {
      (position === 0 ? view.input : links[position - 1]).focus();
    } else if (event.key === "Escape" && onEscape) {
      onEscape();
    } else {
      return;
    }
    event.preventDefault();
  }

  // ---- The search box on every page: results drop down as you type.

  function setUpBox(form) {
    var view = {
      input: form.querySelector("input[name=q]"),
      list: form.querySelector("[data-search-results]"),
      status: form.querySelector("[data-search-status]"),
      panel: form.querySelector("[data-search-panel]"),
      messages: readMessages(form),
    };
    if (!view.input || !view.list || !view.status || !view.panel) return;

    function close() {
      view.panel.hidden = true;
    }

    function update() {
      var text = view.input.value;
      if (!text.trim()) {
        close();
        return;
      }
      // No aria-expanded: it is not valid on a plain search input; the panel's role="status"
      // line announces the number of results instead.
      view.panel.hidden = false;
      whenReady(view, function (engine) {
        if (view.input.value !== text) return; // a later keystroke will show its own results
        var count = showResults(engine, view, text, BOX_LIMIT);
        if (count > BOX_LIMIT) {
          var more = element("a", "search-result__all", view.messages.allResults);
          more.href = form.action.split("?")[0] + "?q=" + encodeURIComponent(text.trim());
          view.list.appendChild(element("li", "search-result search-result--all", more));
        }
      });
    }

    view.input.addEventListener("focus", function () {
      loadEngine().catch(function () {}); // start loading before the first keystroke
    });
    view.input.addEventListener("input", update);
    form.addEventListener("keydown", function (event) {
      onArrowKeys(view, event, function () {
        close();
        view.input.focus();
      });
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
  }

  // ---- The search page: results for ?q=..., updated as the query is edited.

  function setUpPage(page) {
    var form = page.querySelector("form");
    var view = {
      input: page.querySelector("input[name=q]"),
      list: page.querySelector("[data-search-results]"),
      status: page.querySelector("[data-search-status]"),
      messages: readMessages(page),
    };
    if (!form || !view.input || !view.list || !view.status) return;

    var query = new URLSearchParams(window.location.search).get("q") || "";
    view.input.value = query;
    var plainTitle = document.title;
    var queryTitle = page.getAttribute("data-title-query");

    function update() {
      var text = view.input.value;
      document.title = text.trim() && queryTitle ? queryTitle.replace("{query}", text.trim()) : plainTitle;
      whenReady(view, function (engine) {
        if (view.input.value === text) showResults(engine, view, text, PAGE_LIMIT);
      });
    }

    view.input.addEventListener("input", update);
    page.addEventListener("keydown", function (event) {
      onArrowKeys(view, event, null);
    });
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-search-box]"), setUpBox);
    Array.prototype.forEach.call(document.querySelectorAll("[data-search-page]"), setUpPage);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
