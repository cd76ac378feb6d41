/* kb-path: the reader's study record, kept on this device only (kb.store.KEY.studied:
 * lesson id -> ISO date). Lesson pages mark a lesson studied; course pages show progress,
 * 学时 per channel and the printable 学习记录; pages with a recommendation box show what the
 * latest self-assessment recommended. Needs kb-lessons.js (written by the build: kb.lessons)
 * before it. A pure core (the sums, the record's rows, its import, the recommendation:
 * required by tests/js/path.test.cjs) and a thin DOM binding, both window.kb.path. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js") } : (root.kb = root.kb || {});
  if (kb.path) return;  // loaded again by instant navigation: bind once

  var CHANNELS = ["集中课堂", "网络课堂", "异地课堂"];

  /* ---- The pure core ---- */

  /** @returns {string} 学时 as shown: at most two decimals */
  function hours(n) { return String(Math.round(n * 100) / 100); }
  /** @returns {number} the 学时 of lessons, summed in their order */
  function sum(lessons) { return lessons.reduce(function (s, l) { return s + l.hours; }, 0); }
  /** Only lesson id -> ISO date entries: whatever else a value holds is left out. */
  function clean(value) {
    var kept = {};
    Object.keys(value).forEach(function (k) { if (kb.store.isDate(value[k])) kept[k] = value[k]; });
    return kept;
  }
  /** @returns {object[]} the lessons studied in record, in course order */
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

  /** The rows of the record's CSV, after its header: lesson, module, channel, 学时, date. */
  function csvRows(lessons, record) {
    return studiedIn(lessons, record).map(function (l) {
      return [l.title, l.moduleTitle, l.channel, hours(l.hours), kb.store.day(record[l.id])];
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
    var incoming = clean(file.studied);
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

  var path = kb.path = { CHANNELS: CHANNELS, hours: hours, clean: clean, modules: modules, channels: channels,
    subtotals: subtotals, csvRows: csvRows, merge: merge, latest: latest, recommend: recommend };
  if (node) { module.exports = path; return; }

  /* ---- The DOM binding ---- */

  var TEXT = {
    mark: "标记为已学",
    marked: "已学（{d}） · 取消标记",
    module: "模块", lessons: "已学课数", hours: "已得学时",
    channel: "渠道", lesson: "课", date: "学习日期", total: "合计", subtotal: "小计",
    none: "还没有标记已学的课。在每一课的页面上点“标记为已学”即可记录。",
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
  function studied() {
    var saved = store.read(store.KEY.studied, store.isObject);
    lastState = saved.state;
    return saved.state === "ok" ? clean(saved.value) : {};
  }
  function data() { return kb.lessons || { lessons: [], root: "" }; }
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
    cells(tr, texts);
  }
  function cells(tr, texts) { texts.forEach(function (c) { tr.appendChild(el("td", c)); }); }

  function bindMark(box) {
    var id = box.dataset.kbpLesson;
    var button = box.appendChild(el("button", null, "md-button kbp-toggle"));
    button.type = "button";
    var status = box.appendChild(el("span", null, "kbp-status"));
    status.setAttribute("role", "status");
    function show() {
      var when = studied()[id];
      button.textContent = when ? TEXT.marked.replace("{d}", store.day(when)) : TEXT.mark;
      button.setAttribute("aria-pressed", when ? "true" : "false");
      if (lastState === "unreadable") status.textContent = TEXT.unreadable;
    }
    button.addEventListener("click", function () {
      var record = studied();
      if (record[id]) delete record[id];
      else record[id] = new Date().toISOString();
      status.textContent = store.set(store.KEY.studied, record) ? "" : TEXT.noStorage;
      show();
    });
    show();
  }

  /* The progress of a course and its printable record, in body. */
  function renderProgress(body, lessons) {
    var record = studied();
    body.textContent = "";
    var rows = table(body, "kbp-modules", [TEXT.module, TEXT.lessons, TEXT.hours]).appendChild(el("tbody"));
    modules(lessons, record).forEach(function (m) {
      row(rows, m.name === null ? TEXT.total : m.name, [m.studied + " / " + m.lessons, hours(m.got) + " / " + hours(m.hours)]);
    });
    body.appendChild(el("p", channels(lessons, record).map(function (c) {
      return c.channel + " " + hours(c.hours) + " 学时";
    }).join("；"), "kbp-channels"));
    var list = table(body, "kbp-record", [TEXT.lesson, TEXT.channel, TEXT.hours, TEXT.date]);
    var lb = list.appendChild(el("tbody"));
    var done = studiedIn(lessons, record);
    if (!done.length) body.appendChild(el("p", TEXT.none));
    done.forEach(function (l) {
      var tr = lb.appendChild(el("tr"));
      tr.appendChild(el("td")).appendChild(link(l));
      cells(tr, [l.channel, hours(l.hours), store.day(record[l.id])]);
    });
    var foot = list.appendChild(el("tfoot"));
    subtotals(lessons, record).forEach(function (t) {
      row(foot, t.channel === null ? TEXT.total : t.channel + TEXT.subtotal, [t.lessons + " " + TEXT.lesson, hours(t.hours), null]);
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
      var rows = [[TEXT.lesson, TEXT.module, TEXT.channel, TEXT.hours, TEXT.date]].concat(csvRows(lessons, studied()));
      store.download("学习记录-" + store.today() + ".csv", "text/csv;charset=utf-8", store.csv(rows));
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
    if (lastState === "unreadable") status.textContent = TEXT.unreadable;
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
    var record = studied();
    var list = box.appendChild(el("ol"));
    chosen.forEach(function (l) {
      var li = list.appendChild(el("li"));
      li.appendChild(link(l));
      li.appendChild(document.createTextNode("（" + l.channel + "，" + hours(l.hours) + " 学时）" + (record[l.id] ? TEXT.studied : "")));
    });
  }

  function init() {
    [["[data-kbp-lesson]", bindMark], [".kbp-progress", bindProgress], [".kbp-recommend", bindRecommend]].forEach(function (kind) {
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
