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
    channel: "渠道", lesson: "课", date: "学习日期", total: "合计",
    none: "还没有标记已学的课。在每一课的页面上点“标记为已学”即可记录。",
    recommendedByResult: "根据你最近一次自测（{d}）推荐：",
    recommendedFeatured: "推荐从这几课学起（完成执行力自测后，这里会按你的结果推荐）：",
    studied: "（已学）",
    imported: "已导入学习记录。",
    importBad: "无法导入：这个文件不是导出的学习记录。",
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
  /* What is stored, or {} when it is missing, foreign or corrupt: never a broken page. */
  function studied() {
    var value = store.get(KEY);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    var clean = {};
    Object.keys(value).forEach(function (k) { if (typeof value[k] === "string") clean[k] = value[k]; });
    return clean;
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
    function show() {
      var when = studied()[id];
      button.textContent = when ? TEXT.marked.replace("{d}", day(when)) : TEXT.mark;
      button.setAttribute("aria-pressed", when ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var record = studied();
      if (record[id]) delete record[id];
      else record[id] = new Date().toISOString();
      store.set(KEY, record);
      show();
    });
    show();
  }

  function bindProgress(box) {
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return l.course === course; });
    var body = box.querySelector(".kbp-body");
    function render() {
      var record = studied();
      body.textContent = "";
      var done = lessons.filter(function (l) { return record[l.id]; });
      var modules = [];
      lessons.forEach(function (l) { if (modules.indexOf(l.moduleTitle) < 0) modules.push(l.moduleTitle); });
      var table = body.appendChild(el("table"));
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
    }
    box.querySelector(".kbp-export-json").addEventListener("click", function () {
      store.download("学习记录.json", "application/json",
        JSON.stringify({ format: FORMAT, version: 1, studied: studied() }, null, 2));
    });
    box.querySelector(".kbp-export-csv").addEventListener("click", function () {
      var record = studied();
      var rows = [[TEXT.lesson, TEXT.module, TEXT.channel, TEXT.hours, TEXT.date]].concat(
        lessons.filter(function (l) { return record[l.id]; }).map(function (l) {
          return [l.title, l.moduleTitle, l.channel, hours(l.hours), day(record[l.id])];
        }));
      store.download("学习记录.csv", "text/csv;charset=utf-8", "\ufeff" + rows.map(function (r) {
        return r.map(function (c) { return /[",\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c; }).join(",");
      }).join("\r\n") + "\r\n");
    });
    box.querySelector(".kbp-import-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      file.text().then(function (raw) {
        var got = null;
        try { got = JSON.parse(raw); } catch (e) { /* reported below */ }
        var status = box.querySelector(".kbp-status");
        if (!got || got.format !== FORMAT || !got.studied || typeof got.studied !== "object") {
          status.textContent = TEXT.importBad;
          return;
        }
        var record = studied();
        Object.keys(got.studied).forEach(function (k) { if (typeof got.studied[k] === "string") record[k] = got.studied[k]; });
        store.set(KEY, record);
        render();
        status.textContent = TEXT.imported;
      });
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
  }

  /* The lessons of the latest self-assessment's bands, else the featured lessons. */
  function bindRecommend(box) {
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return !course || l.course === course; });
    var latest = null;
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (!/^kb:quiz:.*:attempts$/.test(key)) continue;
        var attempts = store.get(key);
        (Array.isArray(attempts) ? attempts : []).forEach(function (a) {
          if (a && Array.isArray(a.lessons) && typeof a.date === "string" && (!latest || a.date > latest.date)) latest = a;
        });
      }
    } catch (e) { /* storage disabled: show the featured lessons */ }
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
