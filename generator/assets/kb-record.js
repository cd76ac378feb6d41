/* kb-record: the reader's study record, kept on this device only. Course pages show progress,
 * 学时 per channel and the printable 学习记录 (per lesson: the 已学 mark, the 随堂测验, the
 * 学时 credited); pages with a recommendation box show what the latest self-assessment
 * recommended. Which lessons count is kb-path.js's rule (kb.path.statuses); both need
 * kb-lessons.js (written by the build: kb.lessons) before them. A pure core (the sums, the
 * record's rows, its import, the recommendation: required by tests/js/record.test.cjs) and a
 * thin DOM binding, both window.kb.record. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js"), path: require("./kb-path.js") } : (root.kb = root.kb || {});
  if (kb.record) return;  // loaded again by instant navigation: bind once

  var CHANNELS = ["集中课堂", "网络课堂", "异地课堂"];

  /* ---- The pure core ---- */

  /** @returns {string} 学时 as shown: at most two decimals */
  function hours(n) { return String(Math.round(n * 100) / 100); }
  /** @returns {number} the 学时 of lessons, summed in their order */
  function sum(lessons) { return lessons.reduce(function (s, l) { return s + l.hours; }, 0); }
  /** @returns {object[]} the lessons credited in record (id -> date), in course order */
  function studiedIn(lessons, record) { return lessons.filter(function (l) { return record[l.id]; }); }

  /**
   * The progress table: a row per module (in course order), then the total (name null).
   * @returns {Array<{name: ?string, studied: number, lessons: number, got: number, hours: number}>}
   */
  function modules(lessons, record) {
    var names = [];
    lessons.forEach(function (l) { if (names.indexOf(l.moduleTitle) < 0) names.push(l.moduleTitle); });
    return names.concat([null]).map(function (m) {
      var all = m === null ? lessons : lessons.filter(function (l) { return l.moduleTitle === m; });
      var got = studiedIn(all, record);
      return { name: m, studied: got.length, lessons: all.length, got: sum(got), hours: sum(all) };
    });
  }

  /** @returns {Array<{channel: string, hours: number}>} 学时 studied per channel, every channel */
  function channels(lessons, record) {
    var done = studiedIn(lessons, record);
    return CHANNELS.map(function (c) {
      return { channel: c, hours: sum(done.filter(function (l) { return l.channel === c; })) };
    });
  }

  /**
   * The totals under the record, what a reviewer signs for: per channel with studied
   * lessons, then the total (channel null).
   * @returns {Array<{channel: ?string, lessons: number, hours: number}>}
   */
  function subtotals(lessons, record) {
    var done = studiedIn(lessons, record);
    return CHANNELS.concat([null]).map(function (c) {
      var some = c === null ? done : done.filter(function (l) { return l.channel === c; });
      return { channel: c, lessons: some.length, hours: sum(some) };
    }).filter(function (t) { return t.lessons || t.channel === null; });
  }

  /** @returns {object[]} the lessons with a mark or a check's record, in course order */
  function recorded(lessons, all) {
    return lessons.filter(function (l) { return all[l.id] && (all[l.id].studied || all[l.id].check); });
  }

  /**
   * A lesson's cells in the record: its 已学 mark, its 随堂测验, the 学时 credited.
   * @param {object} s the lesson's kb.path.status
   * @returns {string[]}
   */
  function cells(lesson, s) {
    var day = kb.store.day, c = s.check;
    var check = !lesson.check ? "—" : !c ? "未做" : c.passed ? day(c.date) + " 通过（" + c.score + "/" + c.total + "）"
      : "未通过（" + c.score + "/" + c.total + "）";
    var got = s.credited ? hours(lesson.hours) : lesson.check ? "0（通过测验后计入）" : "0";
    return [s.studied ? day(s.studied) + (s.earlier ? "（设立测验前）" : "") : "—", check, got];
  }

  /** The rows of the record's CSV, after its header: lesson, module, channel, 学时, the cells. */
  function csvRows(lessons, all) {
    return recorded(lessons, all).map(function (l) {
      return [l.title, l.moduleTitle, l.channel, hours(l.hours)].concat(cells(l, all[l.id]));
    });
  }

  /**
   * An imported study record merged into record: the dates of the site's lessons only.
   * @returns {{error: ?string, record: object, count: number}} error "bad" (not a record)
   *   or "empty" (none of this site's lessons, then nothing else), else the merged record
   */
  function merge(lessons, record, file) {
    var store = kb.store;
    if (!store.isObject(file) || file.format !== store.FORMAT.study || !store.isObject(file.studied)) {
      return { error: "bad" };
    }
    var known = lessons.map(function (l) { return l.id; });
    var incoming = kb.path.clean(file.studied);
    var ids = Object.keys(incoming).filter(function (k) { return known.indexOf(k) >= 0; });
    if (!ids.length) return { error: "empty" };
    var merged = Object.assign({}, record);
    ids.forEach(function (k) { merged[k] = incoming[k]; });
    return { error: null, record: merged, count: ids.length };
  }

  /** @returns {?object} the latest attempt that recommends lessons, of any questionnaire */
  function latest(lists) {
    var found = null;
    lists.forEach(function (list) {
      list.forEach(function (a) {
        if (kb.store.isObject(a) && Array.isArray(a.lessons) && kb.store.isDate(a.date) && (!found || a.date > found.date)) found = a;
      });
    });
    return found;
  }

  /** @returns {object[]} the lessons an attempt recommends, else the featured ones */
  function recommend(lessons, attempt) {
    var ids = attempt ? attempt.lessons : lessons.filter(function (l) { return l.featured; }).map(function (l) { return l.id; });
    return ids.map(function (id) { return lessons.filter(function (l) { return l.id === id; })[0]; }).filter(Boolean);
  }

  var api = kb.record = { CHANNELS: CHANNELS, hours: hours, modules: modules, channels: channels,
    subtotals: subtotals, recorded: recorded, cells: cells, csvRows: csvRows, merge: merge, latest: latest,
    recommend: recommend };
  if (node) { module.exports = api; return; }

  /* ---- The DOM binding ---- */

  var TEXT = {
    module: "模块", lessons: "已学课数", hours: "已得学时", lessonHours: "学时",
    channel: "渠道", lesson: "课", date: "学习日期", check: "随堂测验", credited: "计入学时",
    total: "合计", subtotal: "小计",
    none: "还没有已学的课。在每一课的页面上点“标记为已学”，或通过课末的随堂测验，即可记录。",
    recommendedByResult: "根据你最近一次自测（{d}）推荐：",
    recommendedFeatured: "推荐从这几课学起（完成执行力自测后，这里会按你的结果推荐）：",
    studied: "（已学）",
    imported: "已导入 {n} 课的学习记录。",
    importBad: "无法导入：这个文件不是导出的学习记录。",
    importLarge: "无法导入：文件超过 1 MB，不是导出的学习记录。",
    importEmpty: "文件里没有本站课程的学习记录，没有导入任何内容。",
    unreadable: "本机保存的学习记录无法读取（可能已损坏），已另存一份备份；这里从空白开始。",
    noStorage: "本浏览器无法在本机保存，这次标记没有保存。",
  };
  var store, el;

  /* What is stored, or {} when it is missing or corrupt (then set aside): never a broken page. */
  var lastState = "none";
  function data() { return kb.lessons || { lessons: [], root: "" }; }
  function studied() {
    var saved = store.read(store.KEY.studied, store.isObject);
    lastState = saved.state;
    return saved.state === "ok" ? kb.path.clean(saved.value) : {};
  }
  /** Every lesson's status (kb.path.status), from what this device keeps now. */
  function statuses() {
    var checks = store.read(store.KEY.checks, store.isObject);
    return kb.path.statuses(data(), studied(), checks.state === "ok" ? checks.value : {});
  }
  function link(lesson) {
    var a = el("a", lesson.title);
    a.href = data().root + lesson.path;
    return a;
  }
  /* A table of class cls in parent, with its header row; returns it. */
  function table(parent, cls, heads) {
    var t = parent.appendChild(el("table", null, cls));
    var tr = t.appendChild(el("thead")).appendChild(el("tr"));
    heads.forEach(function (h) { tr.appendChild(el("th", h)); });
    return t;
  }
  /* A row of parent headed by head, then a cell of each text. */
  function row(parent, head, texts) {
    var tr = parent.appendChild(el("tr"));
    tr.appendChild(el("th", head)).scope = "row";
    fill(tr, texts);
  }
  function fill(tr, texts) { texts.forEach(function (c) { tr.appendChild(el("td", c)); }); }

  /* The progress of a course and its printable record, in body. */
  function renderProgress(body, lessons) {
    var all = statuses(), record = kb.path.credited(all);
    body.textContent = "";
    var rows = table(body, "kbp-modules", [TEXT.module, TEXT.lessons, TEXT.hours]).appendChild(el("tbody"));
    modules(lessons, record).forEach(function (m) {
      row(rows, m.name === null ? TEXT.total : m.name, [m.studied + " / " + m.lessons, hours(m.got) + " / " + hours(m.hours)]);
    });
    body.appendChild(el("p", channels(lessons, record).map(function (c) {
      return c.channel + " " + hours(c.hours) + " 学时";
    }).join("；"), "kbp-channels"));
    var list = table(body, "kbp-record", [TEXT.lesson, TEXT.channel, TEXT.date, TEXT.check, TEXT.credited]);
    var lb = list.appendChild(el("tbody"));
    var done = recorded(lessons, all);
    if (!done.length) body.appendChild(el("p", TEXT.none));
    done.forEach(function (l) {
      var tr = lb.appendChild(el("tr"));
      tr.dataset.lesson = l.id;
      tr.appendChild(el("td")).appendChild(link(l));
      fill(tr, [l.channel].concat(cells(l, all[l.id])));
    });
    var foot = list.appendChild(el("tfoot"));
    subtotals(lessons, record).forEach(function (t) {
      row(foot, t.channel === null ? TEXT.total : t.channel + TEXT.subtotal, [t.lessons + " " + TEXT.lesson, null, null, hours(t.hours)]);
    });
  }

  function bindProgress(box) {
    store.bindProfile(box);
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return l.course === course; });
    var body = box.querySelector(".kbp-body");
    var status = box.querySelector(".kbp-status");
    function on(selector, event, handler) { box.querySelector(selector).addEventListener(event, handler); }
    on(".kbp-export-json", "click", function () {
      store.download("学习记录-" + store.today() + ".json", "application/json",
        JSON.stringify({ format: store.FORMAT.study, version: 1, studied: studied() }, null, 2));
    });
    on(".kbp-export-csv", "click", function () {
      var head = [TEXT.lesson, TEXT.module, TEXT.channel, TEXT.lessonHours, TEXT.date, TEXT.check, TEXT.credited];
      store.download("学习记录-" + store.today() + ".csv", "text/csv;charset=utf-8", store.csv([head].concat(csvRows(lessons, statuses()))));
    });
    on(".kbp-import-file", "change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      store.readJson(file, function (got) {
        var merged = merge(data().lessons, studied(), got);
        if (merged.error) { status.textContent = merged.error === "bad" ? TEXT.importBad : TEXT.importEmpty; return; }
        status.textContent = store.set(store.KEY.studied, merged.record) ? TEXT.imported.replace("{n}", merged.count) : TEXT.noStorage;
        renderProgress(body, lessons);
        if (kb.path.nav) kb.path.nav();
      }, function (why) { status.textContent = why === "large" ? TEXT.importLarge : TEXT.importBad; });
    });
    on(".kbp-print", "click", function () {
      // Only the record goes to paper; the class comes off when printing is over.
      var host = box.parentElement;
      host.classList.add("kbp-host--print");
      window.addEventListener("afterprint", function done() {
        host.classList.remove("kbp-host--print");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });
    renderProgress(body, lessons);
    if (lastState === "unreadable" || kb.path.lost(store.KEY.studied)) status.textContent = TEXT.unreadable;
  }

  /* The lessons of the latest self-assessment's bands, else the featured lessons. */
  function bindRecommend(box) {
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return !course || l.course === course; });
    var attempt = latest(store.keys().filter(store.KEY.isAttempts).map(function (key) {
      return store.get(key, Array.isArray) || [];
    }));
    var chosen = recommend(lessons, attempt);
    box.textContent = "";
    if (!chosen.length) return;
    box.appendChild(el("p", attempt ? TEXT.recommendedByResult.replace("{d}", store.day(attempt.date)) : TEXT.recommendedFeatured));
    var record = kb.path.credited(statuses());
    var list = box.appendChild(el("ol"));
    chosen.forEach(function (l) {
      var li = list.appendChild(el("li"));
      li.appendChild(link(l));
      li.appendChild(document.createTextNode("（" + l.channel + "，" + hours(l.hours) + " 学时）" + (record[l.id] ? TEXT.studied : "")));
    });
  }

  function init() {
    [[".kbp-progress", bindProgress], [".kbp-recommend", bindRecommend]].forEach(function (kind) {
      document.querySelectorAll(kind[0]).forEach(function (b) { if (!b.dataset.kbpBound) { b.dataset.kbpBound = "1"; kind[1](b); } });
    });
  }
  function start() {
    store = kb.store;
    el = store.el;
    store.onPages(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(this);
