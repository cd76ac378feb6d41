/* kb-appraisal: the 民主测评 page (kind: appraisal, appraisal.md.j2). A pure core (the result
 * code, twin of generator/scoring/appraisal.py; the exported file; what is missing; the stored
 * state: no DOM, required by tests/js/appraisal.test.cjs) and a thin DOM binding, window.kb.appraisal.
 * The rater's answers are kept in localStorage (kb.store.KEY.appraisal) until they clear the
 * form for the next rater; the page shows them no result, only the code and the export.
 * The 评价码 reader (kb-token.js) loads only when the field is first used or on submit.
 * Formats: docs/questionnaire-format.md (民主测评); vectors: tests/vectors/appraisal/. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js") } : (root.kb = root.kb || {});
  if (kb.appraisal) return;  // loaded again by instant navigation: bind once

  var UNKNOWN = "不了解";
  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  var B = BigInt(31);

  /* ---- The pure core ---- */

  function symbols(number, width) {
    var out = [];
    for (var i = 0; i < width; i++) { out.unshift(Number(number % B)); number = number / B; }
    return out;
  }
  function ids(list) { return list.map(function (x) { return x.id; }); }
  function digit(choices, answer) {
    if (answer === UNKNOWN) return choices.length + 1;
    return ids(choices).indexOf(answer) + 1;  // 0: unanswered (or not one of them)
  }

  /**
   * The result code of one rater's form (twin of scoring/appraisal.py:encode, which documents it).
   * @param {object} spec the page's spec
   * @param {string} group the rater group's id
   * @param {Object<string,{grade:string, dimensions:Object<string,string>}>} ratings subject id -> rating
   * @param {string} date an ISO date
   * @param {string} [token] the bare symbols of a 评价码 whose check symbols hold: format 4
   * @returns {string|null} groups of five symbols joined by hyphens; null without a valid date
   */
  function resultCode(spec, group, ratings, date, token) {
    var number = BigInt(ids(spec.groups).indexOf(group)), largest = BigInt(spec.groups.length), width = 0;
    function put(radix, d) { number = number * BigInt(radix) + BigInt(d); largest *= BigInt(radix); }
    spec.subjects.forEach(function (subject) {
      var rating = ratings[subject.id] || {}, given = rating.dimensions || {};
      put(spec.scale.length + 2, digit(spec.scale, rating.grade));
      spec.dimensions.forEach(function (d) { put(spec.levels.length + 2, digit(spec.levels, given[d.id])); });
    });
    while (largest > BigInt(1)) { largest = (largest + B - BigInt(1)) / B; width++; }
    var minute = Math.max(0, Math.floor((Date.parse(date) - Date.UTC(2020, 0, 1)) / 60000));
    if (!isFinite(minute)) return null;
    var values = [token ? 4 : 3].concat(symbols(BigInt(parseInt(spec.hash.slice(0, 7), 16)), 7),
      symbols(BigInt(minute), 5), token ? token.slice(0, 13).split("").map(function (c) { return ALPHABET.indexOf(c); }) : [],
      symbols(number, Math.max(width, 1)));
    var first = 0, second = 0;
    values.forEach(function (v, i) {
      var w = (i % 30) + 1;
      first = (first + w * v) % 31;
      second = (second + w * w * v) % 31;
    });
    return values.concat([first, second]).map(function (v) { return ALPHABET[v]; }).join("").match(/.{1,5}/g).join("-");
  }

  /** @returns {string|null} the id of the subject a read 评价码 was issued to (the rater), or null */
  function selfOf(spec, token) {
    var subject = token && token.subject ? spec.subjects[token.subject - 1] : null;
    return subject ? subject.id : null;
  }

  /** A fresh state: nothing chosen. */
  function empty(spec) { return { hash: spec.hash, group: null, token: null, typed: "", ratings: {}, done: null }; }

  /**
   * A stored state as far as it fits this version of the form (anything else is dropped).
   * @returns {object} the state the page shows
   */
  function restore(spec, saved) {
    var state = empty(spec), isObject = kb.store.isObject;
    if (!isObject(saved) || saved.hash !== spec.hash) return state;
    if (ids(spec.groups).indexOf(saved.group) >= 0) state.group = saved.group;
    if (typeof saved.typed === "string") state.typed = saved.typed;
    if (isObject(saved.token) && typeof saved.token.code === "string") state.token = saved.token;
    if (isObject(saved.done) && typeof saved.done.code === "string" && kb.store.isDate(saved.done.date)) state.done = saved.done;
    spec.subjects.forEach(function (s) {
      var r = isObject(saved.ratings) ? saved.ratings[s.id] : null;
      if (!isObject(r)) return;
      var kept = { grade: digit(spec.scale, r.grade) ? r.grade : null, dimensions: {} };
      spec.dimensions.forEach(function (d) {
        var given = isObject(r.dimensions) ? r.dimensions[d.id] : null;
        if (digit(spec.levels, given)) kept.dimensions[d.id] = given;
      });
      if (typeof r.comment === "string" && spec.comment) kept.comment = r.comment;
      state.ratings[s.id] = kept;
    });
    return state;
  }

  /**
   * What stops the form from being completed, first thing first.
   * @returns {{error: string, subjects?: string[]}|null} error: "group", "token" (required and
   *   none), "tokenGroup" (the 评价码 is of another group) or "grades" (subjects without a grade)
   */
  function missing(spec, state) {
    var group = spec.groups.filter(function (g) { return g.id === state.group; })[0];
    if (!group) return { error: "group" };
    if (group.token === "required" && !state.token) return { error: "token" };
    if (state.token && spec.groups[state.token.group] !== group) return { error: "tokenGroup" };
    var self = selfOf(spec, state.token);
    var left = spec.subjects.filter(function (s) {
      return s.id !== self && !digit(spec.scale, (state.ratings[s.id] || {}).grade);
    });
    return left.length ? { error: "grades", subjects: ids(left) } : null;
  }

  /**
   * The exported file (docs/questionnaire-format.md, 导出的评价文件): what aggregate reads.
   * @param {{date: string, code: string}} done when and with what code the form was completed
   */
  function fileOf(spec, state, done) {
    var self = selfOf(spec, state.token), ratings = {};
    spec.subjects.forEach(function (s) {
      if (s.id === self) return;
      var r = state.ratings[s.id] || {}, entry = { grade: r.grade || null, dimensions: {} };
      spec.dimensions.forEach(function (d) {
        if (r.dimensions && r.dimensions[d.id]) entry.dimensions[d.id] = r.dimensions[d.id];
      });
      if (spec.comment && r.comment && r.comment.trim()) entry.comment = r.comment.trim();
      ratings[s.id] = entry;
    });
    return {
      format: kb.store.FORMAT.appraisal, version: 1,
      form: { id: spec.id, title: spec.title, version: spec.version, hash: spec.hash },
      period: spec.period, group: state.group, token: state.token ? state.token.code : null,
      self: self, date: done.date, code: done.code, ratings: ratings,
    };
  }

  /** Complete the form at date: {date, code} (the token's bare symbols go into the code). */
  function complete(spec, state, date) {
    var token = state.token ? state.token.code.replace(/-/g, "") : undefined;
    return { date: date, code: resultCode(spec, state.group, fileOf(spec, state, { date: date }).ratings, date, token) };
  }

  var api = { resultCode: resultCode, selfOf: selfOf, empty: empty, restore: restore, missing: missing,
    fileOf: fileOf, complete: complete, UNKNOWN: UNKNOWN };
  if (node) { module.exports = api; return; }
  kb.appraisal = api;

  /* ---- The DOM binding ---- */

  var document = root.document, store;  // kb.store: set by start(), once kb-store.js has run
  var HERE = document.currentScript ? document.currentScript.src : "";
  var SAY = {
    group: "请先选择您属于哪一类评价人。",
    token: "这一类评价人须填写评价码（见评价码条）。",
    tokenGroup: "这个评价码属于“{n}”：请核对您选的评价人类别。",
    grades: "还有 {n} 名干部没有选总体评价（可以选“不了解”）。",
    noToken: "检查评价码的脚本没有加载：请检查网络后刷新页面。",
    self: "评价码显示您就是这位干部：本人不评价自己，这一行不用填。",
    saved: "已完成。请导出评价文件交给组织者，或抄下结果码。",
    cleared: "已清空，可以交给下一位评价人。",
  };

  /* Run with kb.token, loading kb-token.js (beside this file) on first use. */
  var waiting = null;
  function withToken(run, failed) {
    if (kb.token) return run(kb.token);
    if (waiting) return waiting.push(run);
    waiting = [run];
    var script = document.createElement("script");
    script.src = HERE.replace(/kb-appraisal\.js([?#].*)?$/, "kb-token.js");
    script.onload = function () { var runs = waiting; waiting = null; runs.forEach(function (r) { r(kb.token); }); };
    script.onerror = function () { waiting = null; failed(); };
    document.head.appendChild(script);
  }

  function Page(box) {
    this.box = box;
    this.spec = JSON.parse(box.querySelector(".kba-spec").textContent);
    this.key = store.KEY.appraisal(this.spec.id);
    this.state = restore(this.spec, store.get(this.key));
    this.status = box.querySelector(".kba-status");
  }
  Page.prototype.$ = function (selector) { return this.box.querySelector(selector); };
  Page.prototype.all = function (selector) { return Array.prototype.slice.call(this.box.querySelectorAll(selector)); };
  Page.prototype.save = function () { store.set(this.key, this.state); };
  Page.prototype.say = function (text) { this.status.textContent = text; store.toast(text); };
  Page.prototype.group = function () {
    var id = this.state.group;
    return this.spec.groups.filter(function (g) { return g.id === id; })[0] || null;
  };

  /* Show the state: the inputs, the 评价码 row, the rater's own card, the completed part. */
  Page.prototype.show = function () {
    var p = this, state = p.state, group = p.group(), self = selfOf(p.spec, state.token);
    p.all(".kba-groups input").forEach(function (i) { i.checked = i.value === state.group; });
    var row = p.$(".kba-token-row");
    if (row) {
      row.hidden = !group || group.token === "none";
      p.$(".kba-token-need").textContent = group && group.token === "required" ? "（必填）" : "（选填）";
      p.$(".kba-token").value = state.typed;
    }
    p.all(".kba-card").forEach(function (card) {
      var id = card.dataset.subject, r = state.ratings[id] || {}, mine = id === self;
      card.classList.toggle("kba-card--self", mine);
      card.querySelector(".kba-self").hidden = !mine;
      card.querySelectorAll("input, textarea").forEach(function (input) {
        input.disabled = mine || !!state.done;
        var part = input.name.split(":")[1];  // grade, dim.<id> or comment (ids have no dots)
        if (input.type === "radio") input.checked = (part === "grade" ? r.grade : (r.dimensions || {})[part.slice(4)]) === input.value;
        else input.value = r.comment || "";
      });
    });
    p.all(".kba-groups input, .kba-token").forEach(function (i) { i.disabled = !!state.done; });
    p.$(".kba-done").hidden = !state.done;
    p.$(".kba-submit").hidden = !!state.done;
    if (state.done) p.$(".kba-code").textContent = state.done.code;
  };

  /* Read the typed 评价码 into the state; says what is wrong with it. Runs done(ok) after. */
  Page.prototype.readToken = function (done) {
    var p = this, input = p.$(".kba-token"), note = p.$(".kba-token-note");
    p.state.typed = input ? input.value : "";
    if (!input || !p.state.typed.trim()) { p.state.token = null; note && (note.textContent = ""); p.save(); p.show(); return done(true); }
    withToken(function (token) {
      var got = token.read(p.state.typed, 2);
      p.state.token = got.ok ? { code: got.code, group: got.group, subject: got.subject } : null;
      if (got.ok) p.state.typed = got.code;
      var bad = !got.ok || got.group >= p.spec.groups.length || got.subject > p.spec.subjects.length;
      note.textContent = !got.ok ? token.SAY[got.error] + (got.found ? got.found.join(" ") : "") : bad ? token.SAY.version
        : selfOf(p.spec, p.state.token) ? SAY.self : "";
      if (bad) p.state.token = null;
      input.setAttribute("aria-invalid", bad ? "true" : "false");
      if (!bad && got.ok) p.state.group = p.spec.groups[got.group].id;  // the slip says the group
      p.save();
      p.show();
      done(!bad);
    }, function () { p.say(SAY.noToken); });
  };

  /* The rater picks their group: a 评价码 of another group (or of none) is dropped. */
  Page.prototype.pickGroup = function (id) {
    var state = this.state, note = this.$(".kba-token-note");
    state.group = id;
    if (state.token && this.spec.groups[state.token.group] !== this.group() || this.group().token === "none") {
      state.token = null;
      state.typed = "";
      if (note) note.textContent = "";
    }
    this.save();
    this.show();
  };

  Page.prototype.answer = function (input) {
    var parts = input.name.split(":"), r = this.state.ratings[parts[0]] = this.state.ratings[parts[0]] || { grade: null, dimensions: {} };
    if (input.type === "radio" && parts[1] === "grade") r.grade = input.value;
    else if (input.type === "radio") r.dimensions[parts[1].slice(4)] = input.value;  // dim.<id>
    else r.comment = input.value;
    var card = input.closest(".kba-card");
    if (card && r.grade) card.classList.remove("kba-card--missing");
    this.save();
  };

  Page.prototype.submit = function () {
    var p = this;
    p.readToken(function (ok) {
      if (!ok) return p.$(".kba-token").focus();
      var wrong = missing(p.spec, p.state);
      p.all(".kba-card").forEach(function (c) {
        c.classList.toggle("kba-card--missing", !!wrong && wrong.error === "grades" && wrong.subjects.indexOf(c.dataset.subject) >= 0);
      });
      if (wrong) {
        var other = wrong.error === "tokenGroup" ? p.spec.groups[p.state.token.group].name : (wrong.subjects || []).length;
        p.say(store.fill(SAY[wrong.error], other));
        var target = wrong.error === "grades" ? p.$("#kba-" + wrong.subjects[0] + " input") : wrong.error === "group" ? p.$(".kba-groups input") : p.$(".kba-token");
        if (target) target.focus();
        return;
      }
      p.state.done = complete(p.spec, p.state, new Date().toISOString());
      p.save();
      p.show();
      p.status.textContent = SAY.saved;  // no toast: it would cover the export button
      p.$(".kba-done").focus();
    });
  };

  Page.prototype.exportFile = function () {
    var file = fileOf(this.spec, this.state, this.state.done);
    store.download("民主测评-" + this.spec.id + "-" + store.today() + ".json", "application/json",
      JSON.stringify(file, null, 1) + "\n");
  };

  Page.prototype.clear = function () {
    this.state = empty(this.spec);
    store.remove(this.key);
    var note = this.$(".kba-token-note");
    if (note) note.textContent = "";
    this.all(".kba-card--missing").forEach(function (c) { c.classList.remove("kba-card--missing"); });
    this.show();
    this.say(SAY.cleared);
    window.scrollTo(0, this.box.offsetTop);
  };

  function bind(box) {
    if (box.dataset.kbaBound) return;
    box.dataset.kbaBound = "1";
    var p = new Page(box);
    p.show();
    if (p.state.typed) p.readToken(function () {});
    box.addEventListener("change", function (event) {
      var t = event.target;
      if (t.name === "kba-group") p.pickGroup(t.value);
      else if (t.classList.contains("kba-token")) p.readToken(function () {});
      else if (t.closest(".kba-card")) p.answer(t);
    });
    box.addEventListener("input", function (event) { if (event.target.tagName === "TEXTAREA") p.answer(event.target); });
    box.addEventListener("focusin", function (event) {
      if (event.target.classList.contains("kba-token")) withToken(function () {}, function () {});
    });
    p.$(".kba-form").addEventListener("submit", function (event) { event.preventDefault(); p.submit(); });
    p.$(".kba-export").addEventListener("click", function () { p.exportFile(); });
    p.all(".kba-clear").forEach(function (b) { b.addEventListener("click", function () { p.clear(); }); });
  }

  function start() {
    store = kb.store;
    store.onPages(function () { document.querySelectorAll("[data-kba]").forEach(bind); });
  }
  // This file sits in the page, before the site's own scripts (kb-store.js) at the end of <body>.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof globalThis !== "undefined" ? globalThis : this);
