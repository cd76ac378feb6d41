/* kb-path: which lessons a reader has done, from what this device keeps (kb.store.KEY.studied,
 * the 已学 marks, and KEY.checks, the 随堂测验). Loaded by course, module and lesson pages
 * after kb-lessons.js (written by the build: kb.lessons). It holds the one rule for 学时:
 * a lesson without a check counts when marked studied; a lesson with a check counts when its
 * check is passed, and a mark made before the check existed counts as its course's
 * earlier_marks says (credited or uncredited). On the page it runs the 标记为已学 button,
 * and marks done lessons in Material's navigation (✓, 已完成 for screen readers); kb-record.js
 * shows the 学习记录 and the recommendation. A pure core (tests/js/path.test.cjs) and a thin
 * DOM binding: window.kb.path. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js") } : (root.kb = root.kb || {});
  if (kb.path) return;  // loaded again by instant navigation: bind once

  /* ---- The pure core ---- */

  /** Only lesson id -> ISO date entries: whatever else a value holds is left out. */
  function clean(value) {
    var kept = {};
    Object.keys(value).forEach(function (k) { if (kb.store.isDate(value[k])) kept[k] = value[k]; });
    return kept;
  }
  /** @returns {boolean} whether r is a lesson's record in KEY.checks, as far as 学时 need it */
  function isCheck(r) {
    return kb.store.isObject(r) && typeof r.passed === "boolean" && kb.store.isDate(r.date) &&
      typeof r.score === "number" && typeof r.total === "number";
  }

  /**
   * What a reader's data says of one lesson.
   * @param {{id: string, check: (boolean|undefined)}} lesson as in kb.lessons
   * @param {object} studied lesson id -> ISO date (clean)
   * @param {object} checks KEY.checks' value
   * @param {string} [earlier] the course's earlier_marks: "credited" (the default) or "uncredited"
   * @returns {{studied: ?string, check: ?object, earlier: boolean, credited: ?string}} the mark,
   *   the check's record, whether the mark is from before the check existed (not the day of a
   *   pass), and the date the lesson's 学时 count from (null: not credited)
   */
  function status(lesson, studied, checks, earlier) {
    var mark = studied[lesson.id] || null;
    if (!lesson.check) return { studied: mark, check: null, earlier: false, credited: mark };
    var check = isCheck(checks[lesson.id]) ? checks[lesson.id] : null;
    var passed = check && check.passed ? check.date : null;
    var before = !!mark && !(passed && passed <= mark);
    return { studied: mark, check: check, earlier: before,
      credited: passed || (before && earlier !== "uncredited" ? mark : null) };
  }

  /** @returns {object} lesson id -> status, for each lesson of data (kb.lessons' shape) */
  function statuses(data, studied, checks) {
    var all = {};
    data.lessons.forEach(function (l) { all[l.id] = status(l, studied, checks, (data.earlier || {})[l.course]); });
    return all;
  }

  /** @returns {object} lesson id -> the ISO date its 学时 count from, of the credited in statuses */
  function credited(all) {
    var got = {};
    Object.keys(all).forEach(function (id) { if (all[id].credited) got[id] = all[id].credited; });
    return got;
  }

  var path = kb.path = { clean: clean, isCheck: isCheck, status: status, statuses: statuses, credited: credited };
  if (node) { module.exports = path; return; }

  /* ---- The DOM binding ---- */

  var TEXT = {
    mark: "标记为已学",
    marked: "已学（{d}） · 取消标记",
    done: "已完成",
    noStorage: "本浏览器无法在本机保存，这次标记没有保存。",
    unreadable: "本机保存的学习记录无法读取（可能已损坏），已另存一份备份；这里从空白开始。",
  };
  var store;

  // The keys found unreadable (and so set aside) on this page: the scripts that read them
  // later find nothing there, and ask lost(key) to tell the reader all the same.
  var lost = {};
  function get(key) {
    var r = store.read(key, store.isObject);
    if (r.state === "unreadable") lost[key] = true;
    return r.state === "ok" ? r.value : {};
  }
  /** What this device keeps, read afresh: {studied, checks}. */
  function saved() { return { studied: clean(get(store.KEY.studied)), checks: get(store.KEY.checks) }; }
  function data() { return kb.lessons || { lessons: [], root: "" }; }
  function url(href) { return new URL(href, document.baseURI).href.replace(/#.*$/, ""); }

  /** Mark the links of done lessons in the site navigation (again after every change). */
  function nav() {
    var d = data(), now = saved(), done = credited(statuses(d, now.studied, now.checks)), byUrl = {};
    d.lessons.forEach(function (l) { byUrl[url(d.root + l.path)] = l.id; });
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (a) {
      var mark = a.querySelector(".kbp-done");
      var id = a.getAttribute("href").indexOf("#") < 0 && byUrl[url(a.href)];
      if (!id || !done[id]) { if (mark) mark.remove(); return; }
      if (mark) return;
      // Screen readers say 已完成: the check mark alone says nothing to them.
      mark = a.appendChild(store.el("span", " ✓", "kbp-done"));
      mark.setAttribute("role", "img");
      mark.setAttribute("aria-label", TEXT.done);
    });
  }

  function bindMark(box) {
    var id = box.dataset.kbpLesson;
    var button = box.appendChild(store.el("button", null, "md-button kbp-toggle"));
    button.type = "button";
    var status = box.appendChild(store.el("span", null, "kbp-status"));
    status.setAttribute("role", "status");
    function show() {
      var now = saved(), when = now.studied[id];
      button.textContent = when ? TEXT.marked.replace("{d}", store.day(when)) : TEXT.mark;
      button.setAttribute("aria-pressed", when ? "true" : "false");
      if (lost[store.KEY.studied]) status.textContent = TEXT.unreadable;
    }
    button.addEventListener("click", function () {
      var record = saved().studied;
      if (record[id]) delete record[id];
      else record[id] = new Date().toISOString();
      status.textContent = store.set(store.KEY.studied, record) ? "" : TEXT.noStorage;
      show();
      nav();
    });
    show();
  }

  function init() {
    document.querySelectorAll("[data-kbp-lesson]").forEach(function (b) {
      if (!b.dataset.kbpBound) { b.dataset.kbpBound = "1"; bindMark(b); }
    });
    nav();
  }
  function start() {
    store = kb.store;
    path.nav = nav;
    path.saved = saved;
    path.lost = function (key) { return !!lost[key]; };
    store.onPages(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(this);
