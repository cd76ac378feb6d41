/* kb-path: the reader's study record, kept on this device only (localStorage "kb:studied":
 * lesson id -> ISO date). Lesson pages mark a lesson studied; course pages show progress,
 * 学时 per channel and the printable 学习记录; pages with a recommendation box show what the
 * latest self-assessment recommended. Needs kb-lessons.js (written by the build) before it. */
(function () {
  "use strict";
  if (window.kbPathLoaded) return;  // loaded again by instant navigation: bind once
  window.kbPathLoaded = true;

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
  var FORMAT = "kb-study-record";
  var CHANNELS = ["集中课堂", "网络课堂", "异地课堂"];
  var store, KEY;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function day(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }
  function hours(n) { return String(Math.round(n * 100) / 100); }
  /* Only lesson id -> ISO date entries: whatever else a value holds is left out. */
  function clean(value) {
    var kept = {};
    Object.keys(value).forEach(function (k) { if (store.isDate(value[k])) kept[k] = value[k]; });
    return kept;
  }
  /* What is stored, or {} when it is missing or corrupt (then set aside): never a broken page. */
  var lastState = "none";
  function studied() {
    var saved = store.read(KEY, store.isObject);
    lastState = saved.state;
    return saved.state === "ok" ? clean(saved.value) : {};
  }
  function data() { return window.kbLessons || { lessons: [], root: "" }; }
  function link(lesson) {
    var a = el("a", lesson.title);
    a.href = data().root + lesson.path;
    return a;
  }

  function bindMark(box) {
    var id = box.dataset.kbpLesson;
    var button = box.appendChild(el("button", null, "md-button kbp-toggle"));
    button.type = "button";
    var status = box.appendChild(el("span", null, "kbp-status"));
    status.setAttribute("role", "status");
    function show() {
      var when = studied()[id];
      button.textContent = when ? TEXT.marked.replace("{d}", day(when)) : TEXT.mark;
      button.setAttribute("aria-pressed", when ? "true" : "false");
      if (lastState === "unreadable") status.textContent = TEXT.unreadable;
    }
    button.addEventListener("click", function () {
      var record = studied();
      if (record[id]) delete record[id];
      else record[id] = new Date().toISOString();
      status.textContent = store.set(KEY, record) ? "" : TEXT.noStorage;
      show();
    });
    show();
  }

  function bindProgress(box) {
    store.bindProfile(box);
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return l.course === course; });
    var body = box.querySelector(".kbp-body");
    function render() {
      var record = studied();
      body.textContent = "";
      var done = lessons.filter(function (l) { return record[l.id]; });
      var modules = [];
      lessons.forEach(function (l) { if (modules.indexOf(l.moduleTitle) < 0) modules.push(l.moduleTitle); });
      var table = body.appendChild(el("table", null, "kbp-modules"));
      var head = table.appendChild(el("thead")).appendChild(el("tr"));
      [TEXT.module, TEXT.lessons, TEXT.hours].forEach(function (h) { head.appendChild(el("th", h)); });
      var rows = table.appendChild(el("tbody"));
      modules.concat([TEXT.total]).forEach(function (m) {
        var all = m === TEXT.total ? lessons : lessons.filter(function (l) { return l.moduleTitle === m; });
        var got = all.filter(function (l) { return record[l.id]; });
        var tr = rows.appendChild(el("tr"));
        tr.appendChild(el("th", m)).scope = "row";
        tr.appendChild(el("td", got.length + " / " + all.length));
        tr.appendChild(el("td", hours(got.reduce(function (s, l) { return s + l.hours; }, 0)) + " / " +
          hours(all.reduce(function (s, l) { return s + l.hours; }, 0))));
      });
      var channels = body.appendChild(el("p", null, "kbp-channels"));
      channels.textContent = CHANNELS.map(function (c) {
        return c + " " + hours(done.filter(function (l) { return l.channel === c; })
          .reduce(function (s, l) { return s + l.hours; }, 0)) + " 学时";
      }).join("；");
      var list = body.appendChild(el("table", null, "kbp-record"));
      var lh = list.appendChild(el("thead")).appendChild(el("tr"));
      [TEXT.lesson, TEXT.channel, TEXT.hours, TEXT.date].forEach(function (h) { lh.appendChild(el("th", h)); });
      var lb = list.appendChild(el("tbody"));
      if (!done.length) body.appendChild(el("p", TEXT.none));
      done.forEach(function (l) {
        var tr = lb.appendChild(el("tr"));
        tr.appendChild(el("td")).appendChild(link(l));
        tr.appendChild(el("td", l.channel));
        tr.appendChild(el("td", hours(l.hours)));
        tr.appendChild(el("td", day(record[l.id])));
      });
      // Totals per channel that has studied lessons, then the total: what a reviewer signs for.
      var foot = list.appendChild(el("tfoot"));
      CHANNELS.concat([TEXT.total]).forEach(function (c) {
        var some = c === TEXT.total ? done : done.filter(function (l) { return l.channel === c; });
        if (!some.length && c !== TEXT.total) return;
        var tr = foot.appendChild(el("tr"));
        tr.appendChild(el("th", c === TEXT.total ? TEXT.total : c + TEXT.subtotal)).scope = "row";
        tr.appendChild(el("td", some.length + " " + TEXT.lesson));
        tr.appendChild(el("td", hours(some.reduce(function (n, l) { return n + l.hours; }, 0))));
        tr.appendChild(el("td"));
      });
    }
    var status = box.querySelector(".kbp-status");
    box.querySelector(".kbp-export-json").addEventListener("click", function () {
      store.download("学习记录-" + store.today() + ".json", "application/json",
        JSON.stringify({ format: FORMAT, version: 1, studied: studied() }, null, 2));
    });
    box.querySelector(".kbp-export-csv").addEventListener("click", function () {
      var record = studied();
      var rows = [[TEXT.lesson, TEXT.module, TEXT.channel, TEXT.hours, TEXT.date]].concat(
        lessons.filter(function (l) { return record[l.id]; }).map(function (l) {
          return [l.title, l.moduleTitle, l.channel, hours(l.hours), day(record[l.id])];
        }));
      store.download("学习记录-" + store.today() + ".csv", "text/csv;charset=utf-8", store.csv(rows));
    });
    box.querySelector(".kbp-import-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      store.readJson(file, function (got) {
        if (!store.isObject(got) || got.format !== FORMAT || !store.isObject(got.studied)) {
          status.textContent = TEXT.importBad;
          return;
        }
        var known = data().lessons.map(function (l) { return l.id; });
        var incoming = clean(got.studied);
        var ids = Object.keys(incoming).filter(function (k) { return known.indexOf(k) >= 0; });
        if (!ids.length) { status.textContent = TEXT.importEmpty; return; }
        var record = studied();
        ids.forEach(function (k) { record[k] = incoming[k]; });
        status.textContent = store.set(KEY, record) ? TEXT.imported.replace("{n}", ids.length) : TEXT.noStorage;
        render();
      }, function (why) { status.textContent = why === "large" ? TEXT.importLarge : TEXT.importBad; });
    });
    box.querySelector(".kbp-print").addEventListener("click", function () {
      // Only the record goes to paper; the class comes off when printing is over.
      var host = box.parentElement;
      host.classList.add("kbp-host--print");
      window.addEventListener("afterprint", function done() {
        host.classList.remove("kbp-host--print");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });
    render();
    if (lastState === "unreadable") status.textContent = TEXT.unreadable;
  }

  /* The lessons of the latest self-assessment's bands, else the featured lessons. */
  function bindRecommend(box) {
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return !course || l.course === course; });
    var latest = null;
    store.keys().forEach(function (key) {
      if (!/^kb:quiz:.*:attempts$/.test(key)) return;
      var attempts = store.get(key, Array.isArray) || [];
      attempts.forEach(function (a) {
        if (store.isObject(a) && Array.isArray(a.lessons) && store.isDate(a.date) && (!latest || a.date > latest.date)) latest = a;
      });
    });
    var ids = latest ? latest.lessons : lessons.filter(function (l) { return l.featured; }).map(function (l) { return l.id; });
    var chosen = ids.map(function (id) { return lessons.filter(function (l) { return l.id === id; })[0]; }).filter(Boolean);
    box.textContent = "";
    if (!chosen.length) return;
    box.appendChild(el("p", latest ? TEXT.recommendedByResult.replace("{d}", day(latest.date)) : TEXT.recommendedFeatured));
    var record = studied();
    var list = box.appendChild(el("ol"));
    chosen.forEach(function (l) {
      var li = list.appendChild(el("li"));
      li.appendChild(link(l));
      li.appendChild(document.createTextNode("（" + l.channel + "，" + hours(l.hours) + " 学时）" + (record[l.id] ? TEXT.studied : "")));
    });
  }

  function init() {
    document.querySelectorAll("[data-kbp-lesson]").forEach(function (b) { if (!b.dataset.kbpBound) { b.dataset.kbpBound = "1"; bindMark(b); } });
    document.querySelectorAll(".kbp-progress").forEach(function (b) { if (!b.dataset.kbpBound) { b.dataset.kbpBound = "1"; bindProgress(b); } });
    document.querySelectorAll(".kbp-recommend").forEach(function (b) { if (!b.dataset.kbpBound) { b.dataset.kbpBound = "1"; bindRecommend(b); } });
  }
  function start() {
    store = window.kbStore;
    KEY = store.PREFIX + "studied";
    store.onPages(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
