/* kb-store: the one place the site keeps data on the reader's device (localStorage, under
 * keys starting "kb:") and hands files back (downloads) or takes them in (imports).
 * Storage may be disabled, full or hold values this site cannot read: every call then
 * fails quietly and tells its caller, so that each page can say what happened.
 * It is loaded on every page, so it also holds what the page scripts share: every storage
 * key and file format (built here only, never pieced together or parsed elsewhere) and the
 * small helpers (el, day, csv). In the browser it is window.kb.store, the site's one global
 * being window.kb; Node requires it (tests/js/). */
(function (root) {
  "use strict";
  var PREFIX = "kb:";
  var ASIDE = PREFIX + "unreadable:";
  // Where this file is, while it is the current script: kb-store-later.js sits beside it.
  var HERE = (root.document && root.document.currentScript && root.document.currentScript.src) || "";

  /** Every key the site stores under (each starting with PREFIX). */
  var KEY = {
    /** the reader's 姓名, 单位 and (optional) 编号: {name, unit, number}, typed once for every page */
    profile: "kb:profile",
    /** the improvement plan a self-assessment hands to the responsibility lists */
    plan: "kb:plan",
    /** the study record: lesson id -> ISO date (a mark, or the day a lesson's check was first passed) */
    studied: "kb:studied",
    /**
     * the 随堂测验 of lessons (kb-check.js writes, kb-path.js reads): lesson id ->
     * {passed: boolean, date: ISO (first pass, else first try), last: ISO, score, total, tries,
     *  hash: the check's spec hash, answers: {item id: answer}, fps: {item id: fingerprint},
     *  right: {item id: boolean}, the page's verdicts (kb-record prints those of fill-in items
     *  in the 学习记录码; records kept before it had them lack it)};
     * an answer is an option index (single), a list of them (multiple), a boolean (truefalse)
     * or a list of texts (fill). A pass is never withdrawn: a later failure is practice.
     */
    checks: "kb:checks",
    /** written and removed at once: whether storage works */
    probe: "kb:probe",
    /** @returns {string} the key of a questionnaire's unfinished answers */
    draft: function (quiz) { return "kb:quiz:" + quiz + ":draft"; },
    /** @returns {string} the key of a questionnaire's completed attempts */
    attempts: function (quiz) { return "kb:quiz:" + quiz + ":attempts"; },
    /** @returns {boolean} whether key is the attempts key of some questionnaire */
    isAttempts: function (key) { return key === KEY.attempts(key.slice(8, -9)); },  // "kb:quiz:", ":attempts"
    /** @returns {string} the key of what a reader typed into a responsibility list */
    list: function (id) { return "kb:list:" + id; },
    /** @returns {string} the key of a 民主测评 form in progress (kb-appraisal.js): {hash, group,
     * token, ratings, done} until the rater clears it for the next one */
    appraisal: function (form) { return "kb:appraisal:" + form; },
  };

  /** The "format" of each file the pages export and import again. */
  var FORMAT = { result: "kb-quiz-result", study: "kb-study-record", list: "kb-list", appraisal: "kb-appraisal" };

  function storage() { return root.localStorage; }  // may throw when disabled

  /**
   * What is stored under key, and whether it could be read. A value that is not JSON, or
   * that valid refuses, is moved aside (to "kb:unreadable:…", deleted with all data)
   * rather than lost.
   * @param {string} key
   * @param {function(*):boolean} [valid] whether a parsed value has the expected shape
   * @returns {{value: *, state: string}} state: "none", "ok", "unreadable" or "blocked"
   */
  function read(key, valid) {
    var raw, value;
    try { raw = storage().getItem(key); } catch (e) { return { value: null, state: "blocked" }; }
    if (raw === null) return { value: null, state: "none" };
    try { value = JSON.parse(raw); } catch (e) { value = undefined; }
    if (value !== undefined && (!valid || valid(value))) return { value: value, state: "ok" };
    try { storage().setItem(ASIDE + key, raw); storage().removeItem(key); } catch (e) { /* kept where it is */ }
    return { value: null, state: "unreadable" };
  }
  /** @returns {boolean} whether the value could be stored */
  function set(key, value) {
    try { storage().setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function remove(key) { try { storage().removeItem(key); } catch (e) { /* nothing stored */ } }
  /** @returns {string[]} the keys the site stored (empty when storage is blocked) */
  function keys() {
    var found = [];
    try {
      var ls = storage();
      for (var i = 0; i < ls.length; i++) if (ls.key(i).indexOf(PREFIX) === 0) found.push(ls.key(i));
    } catch (e) { /* nothing to list */ }
    return found;
  }

  /** Text a spreadsheet shows as text: a leading =, +, -, @, tab or CR would start a formula
   * (twin of generator/aggregate.py:csv_text; shared vectors in tests/vectors/). */
  function csvText(text) { return /^[=+\-@\t\r]/.test(text) ? "'" + text : text; }

  /* The store's call name, which kb-store-later.js defines: loads that file, then calls it. */
  function later(name) {
    return function stub() {
      var args = arguments, script = document.createElement("script");
      script.src = HERE.replace(/kb-store\.js([?#].*)?$/, "kb-store-later.js");
      script.onload = function () { if (store[name] !== stub) store[name].apply(store, args); };
      document.head.appendChild(script);
    };
  }

  var store = {
    PREFIX: PREFIX,
    KEY: KEY,
    FORMAT: FORMAT,
    read: read,
    /** @returns {*} the stored value, or null when absent or unreadable (see read) */
    get: function (key, valid) { return read(key, valid).value; },
    set: set,
    remove: remove,
    keys: keys,
    /** Remove everything the site stored on this device. */
    clearAll: function () { keys().forEach(remove); },
    /**
     * Run init on this page and on every page Material's instant navigation brings
     * (document$ emits on each). A script may arrive after its page's emission, so init
     * also runs at once: it must skip what it has already bound.
     */
    onPages: function (init) {
      init();
      if (root.document$ && typeof root.document$.subscribe === "function") root.document$.subscribe(init);
    },
    // Called only on an action, so loaded on the first call (kb-store-later.js): a download,
    // reading a chosen file as JSON (readJson(file, done, fail)), a toast.
    download: later("download"),
    readJson: later("readJson"),
    toast: later("toast"),
    /** @returns {boolean} whether value is a plain object (not null, not an array) */
    isObject: function (value) { return value !== null && typeof value === "object" && !Array.isArray(value); },
    csvText: csvText,
    /**
     * Rows as a CSV file for Excel and WPS: a BOM, CRLF lines, quoted where needed, and
     * every cell through csvText, so that no cell runs as a formula.
     * @param {Array<Array<*>>} rows
     * @returns {string}
     */
    csv: function (rows) {
      function cell(value) {
        var text = csvText(String(value === null || value === undefined ? "" : value));
        return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
      }
      return "\ufeff" + rows.map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n";
    },
    /** @returns {boolean} whether text is an ISO date from 2020 to 2099 (as pages write) */
    isDate: function (text) {
      return typeof text === "string" && /^20[2-9]\d-\d\d-\d\dT/.test(text) && !isNaN(Date.parse(text));
    },
    /** @returns {string} an ISO date as the reader's local day, 2027年3月1日 ("" when invalid).
     * By hand: Intl's first use costs ~60 ms. */
    day: function (iso) {
      var d = new Date(iso);
      return isNaN(d) ? "" : d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
    },
    /** @returns {string} the reader's local date as 2027-03-01 (file names) */
    today: function () {
      var d = new Date();
      return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
    },
    /** @returns {string} template with its "{n}" filled in */
    fill: function (template, n) { return template.replace("{n}", String(n)); },
    /** @returns {Element} a new element with its text (never HTML) and class */
    el: function (tag, text, cls) {
      var node = document.createElement(tag);
      if (text !== undefined && text !== null) node.textContent = text;
      if (cls) node.className = cls;
      return node;
    },
    /**
     * The reader's 姓名, 单位 and 编号 for printed reports and records (inputs .kb-profile with
     * data-key): kept on this device (KEY.profile), typed once for every page, and copied
     * to the .kb-typed span beside each input, which is what paper shows (an input cuts text).
     */
    bindProfile: function (box) {
      var inputs = Array.prototype.slice.call(box.querySelectorAll("input.kb-profile"));
      var saved = read(KEY.profile).value;
      function mirror(input) { input.nextElementSibling.textContent = input.value; }
      inputs.forEach(function (input) {
        var value = saved && typeof saved[input.dataset.key] === "string" ? saved[input.dataset.key] : "";
        if (value && !input.value) input.value = value;
        mirror(input);
        input.addEventListener("input", function () {
          var profile = Object.assign({}, read(KEY.profile).value);  // keys with no input here are kept
          inputs.forEach(function (i) { profile[i.dataset.key] = i.value; });
          set(KEY.profile, profile);
          mirror(input);
        });
      });
    },
  };
  if (typeof module === "object" && module.exports) module.exports = store;
  else (root.kb = root.kb || {}).store = store;
})(typeof globalThis !== "undefined" ? globalThis : this);
