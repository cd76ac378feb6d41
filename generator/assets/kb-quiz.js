/* kb-quiz: questionnaire pages, window.kb.quiz. This file is what the page loads: it binds the
 * form and loads the rest beside it on first use, so that a reader who only looks carries
 * little (the page weight budget, tests/test_build.py): kb-score.js and kb-quiz-core.js (the
 * pure core and what the page does with answers) as the reader starts answering, or at once
 * when this device keeps a draft or results of the questionnaire; kb-quiz-tools.js on the
 * first tool; kb-token.js as the 评价码 field is first used. Loading by <script> works from a
 * folder (file://) as from a server. Node gets the pure core (kb-quiz-core.js). */
(function (root) {
  "use strict";
  if (typeof module === "object" && module.exports) { module.exports = require("./kb-quiz-core.js"); return; }
  var kb = root.kb = root.kb || {};
  if (kb.quiz) return;  // loaded again by instant navigation: bind once

  var TEXT = {
    noStorage: "本浏览器无法在本机保存（存储被禁用或已满）：可以正常作答和查看结果，但刷新页面后作答会丢失。",
    noCore: "无法加载计分功能：请刷新页面后再试。",
    noTools: "无法加载导入导出功能：请刷新页面后再试。",
    noToken: "无法加载评价码检查功能：请刷新页面后再试。",
    whom: "请先填写被评价人和期次。",
  };
  var quiz = kb.quiz = { TEXT: TEXT };
  var store;
  // The files loaded on first use sit beside this one: where, resolved now, while this
  // script is the current one.
  var HERE = (document.currentScript && document.currentScript.src) || "";

  /* The page of a questionnaire root: what the binding, the core and the tools use. */
  function open(root) {
    var spec = JSON.parse(root.querySelector(".kbq-spec").textContent);
    var fields = {};  // item id -> {set: its fieldset, inputs: its controls}, looked up once
    root.querySelectorAll("[data-item]").forEach(function (f) {
      fields[f.dataset.item] = { set: f, inputs: Array.prototype.slice.call(f.querySelectorAll("input, textarea")) };
    });
    return { root: root, spec: spec, fields: fields,
      items: null,  // item id -> item, once the core has started (kb-quiz-core.js: start)
      form: root.querySelector(".kbq-form"),
      results: root.querySelector(".kbq-results"),
      status: root.querySelector(".kbq-status"),
      historyBox: root.querySelector(".kbq-history"),
      library: document.querySelector('[data-kbq-library="' + spec.id + '"]'),
      keys: { draft: store.KEY.draft(spec.id), attempts: store.KEY.attempts(spec.id) },
      sections: Array.prototype.slice.call(root.querySelectorAll(".kbq-section")),
      // A rating form is filled in by one person after another on the same device:
      // it keeps no draft and no history, so nobody sees the previous rater's answers.
      keeps: spec.kind !== "rating",
      page: 0,
      shown: null };  // the record on screen
  }

  function say(p, message) { p.status.textContent = message; }

  function showPage(p, index) {
    if (p.root.dataset.layout !== "paged") return;
    p.page = Math.max(0, Math.min(p.sections.length - 1, index));
    p.sections.forEach(function (s, i) { s.hidden = i !== p.page; });
    p.root.querySelector(".kbq-prev").disabled = p.page === 0;
    p.root.querySelector(".kbq-next").disabled = p.page === p.sections.length - 1;
  }

  /* Run with kb[name], loading file (beside this one) on first use; if it fails, say failed. */
  var waiting = {};  // file -> what runs once it has loaded
  function load(p, name, file, run, failed) {
    if (kb[name]) return run(kb[name]);
    if (waiting[file]) return waiting[file].push(run);
    waiting[file] = [run];
    var script = document.createElement("script");
    script.src = HERE.replace(/kb-quiz\.js([?#].*)?$/, file);
    script.onload = function () {
      var runs = waiting[file];
      delete waiting[file];
      runs.forEach(function (r) { r(kb[name]); });
    };
    script.onerror = function () { delete waiting[file]; say(p, failed); };
    document.head.appendChild(script);
  }
  /* Run once the scorer and the core are here (both requested at once), the page started. */
  function core(p, run) {
    function go() { load(p, "quizCore", "kb-quiz-core.js", function () { quiz.start(p); run(); }, TEXT.noCore); }
    if (kb.score) return go();
    load(p, "quizCore", "kb-quiz-core.js", function () {}, TEXT.noCore);
    load(p, "score", "kb-score.js", go, TEXT.noCore);
  }
  function tools(p, run) { core(p, function () { load(p, "quizTools", "kb-quiz-tools.js", run, TEXT.noTools); }); }
  // The 评价码 field's reader (kb-token.js, forms with token): loads as the field is first used.
  function token(p, run) { load(p, "token", "kb-token.js", run, TEXT.noToken); }
  function nothing() {}

  function submit(p) {
    var root = p.root;
    if (!p.keeps) {  // a rating form is about someone, in some round: both are needed
      var whom = [root.querySelector(".kbq-subject-name"), root.querySelector(".kbq-period")]
        .filter(function (f) { return !f.value.trim(); });
      if (whom.length) { say(p, TEXT.whom); return whom[0].focus(); }
    }
    core(p, function () {
      if (root.querySelector(".kbq-token")) return token(p, function (t) {  // the 评价码, checked
        if ((p.token = t.check(root)) !== false) quiz.finish(p, quiz.update(p));
      });
      quiz.finish(p, quiz.update(p));
    });
  }

  function bind(root) {
    if (root.dataset.kbqBound) return;
    root.dataset.kbqBound = "1";
    var p = open(root);
    function onClick(selector, name) {
      var button = root.querySelector(selector);
      if (button) button.addEventListener("click", function () { tools(p, function (t) { t[name](p); }); });
    }
    if (p.historyBox) p.historyBox.addEventListener("toggle", function () {
      if (p.historyBox.open) core(p, function () { quiz.history(p, quiz.attempts(p)); });
    });
    if (p.keeps) store.bindProfile(root);
    if (!store.set(store.KEY.probe, 1)) say(p, TEXT.noStorage);
    store.remove(store.KEY.probe);
    // The core now when there is something to bring back (a draft, results, answers the
    // browser kept over a reload), else as the reader starts.
    var kept = p.keeps ? store.keys() : [];
    if (p.form.querySelector("input:checked") || kept.indexOf(p.keys.draft) >= 0 || kept.indexOf(p.keys.attempts) >= 0) {
      core(p, nothing);
    }
    ["pointerdown", "focusin", "keydown"].forEach(function (type) {
      p.form.addEventListener(type, function () { core(p, nothing); });
    });
    p.form.addEventListener("change", function () { core(p, function () { quiz.answered(p); }); });
    p.form.addEventListener("focusin", function (event) {
      if (event.target.classList.contains("kbq-token")) token(p, nothing);
    });
    p.form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") p.form.dispatchEvent(new Event("change"));
    });
    p.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(p);
    });
    root.querySelector(".kbq-reset").addEventListener("click", function () { core(p, function () { quiz.reset(p); }); });
    root.querySelector(".kbq-print").addEventListener("click", function () { window.print(); });
    onClick(".kbq-to-list", "plan");
    onClick(".kbq-export-json", "exportJson");
    onClick(".kbq-export-csv", "exportCsv");
    onClick(".kbq-forget", "forget");
    var importer = root.querySelector(".kbq-import-file");
    if (importer) importer.addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (file) tools(p, function (t) { t.importFile(p, file); });
    });
    if (root.dataset.layout === "paged") {
      root.querySelector(".kbq-pager").hidden = false;
      root.querySelector(".kbq-prev").addEventListener("click", function () { showPage(p, p.page - 1); });
      root.querySelector(".kbq-next").addEventListener("click", function () { showPage(p, p.page + 1); });
      showPage(p, 0);
    }
  }

  /* What the core and the tools use of this file. */
  quiz.say = say;
  quiz.showPage = showPage;
  quiz.tools = tools;

  function start() {
    store = kb.store;
    store.onPages(function () { document.querySelectorAll("[data-kbq]").forEach(bind); });
  }
  // This file sits in the page, before the site's own scripts (kb-store.js) at the end of <body>.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(this);
