/* kb-record: the reader's study record, kept on this device only. Course pages show progress,
 * 学时 per channel and the printable 学习记录 (per lesson: the 已学 mark, the 随堂测验, the
 * 学时 credited); pages with a recommendation box show what the latest self-assessment
 * recommended. Which lessons count is kb-path.js's rule (kb.path.statuses); both need
 * kb-lessons.js (written by the build: kb.lessons) before them. The course page also embeds
 * the course's record spec (.kbp-spec: scoring/records.py record_spec) and loads
 * kb-record-code.js, for the study record v2 it exports (what `generator register` reads,
 * docs/cli.md) and the 学习记录码 it prints. A pure core (the sums, the record's rows, the v2
 * record and its code, its import, the recommendation: required by tests/js/record.test.cjs)
 * and a thin DOM binding, both window.kb.record. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js"), path: require("./kb-path.js"), recordCode: require("./kb-record-code.js") }
    : (root.kb = root.kb || {});
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

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  /** @returns {boolean} whether c is a check's record with its answers and fingerprints */
  function isAnswered(c) {
    return kb.path.isCheck(c) && kb.store.isObject(c.answers) && kb.store.isObject(c.fps);
  }
  /* The page's verdict on a fill-in item; a record kept before verdicts were, right if all were. */
  function verdict(c, id) {
    return kb.store.isObject(c.right) ? c.right[id] === true : c.total > 0 && c.score === c.total;
  }

  /**
   * Each lesson of spec as the 学习记录码 holds it (kb.recordCode): studied, the answers to
   * choice and true/false items carried over to the current check by fingerprint (as kb.check
   * does), and the page's verdicts on fill-in items carried over likewise.
   * @param {object} spec the course's record spec; studied: lesson id -> ISO; checks: KEY.checks
   * @returns {Object<string, {studied: boolean, answers: ?object, fill: ?object}>}
   */
  function codeStates(spec, studied, checks) {
    var out = {};
    spec.lessons.forEach(function (lesson) {
      var state = out[lesson.id] = { studied: !!studied[lesson.id] };
      var c = checks[lesson.id];
      if (!lesson.check || !isAnswered(c)) return;
      state.answers = {};
      state.fill = {};
      lesson.check.items.forEach(function (item) {
        if (!has(c.answers, item.id) || c.fps[item.id] !== item.fp) return;
        if (item.type === "fill") state.fill[item.id] = verdict(c, item.id);
        else state.answers[item.id] = c.answers[item.id];
      });
    });
    return out;
  }

  /** @returns {?string} the reader's local day (2027-03-01) of the latest study of spec's lessons */
  function lastDay(spec, studied) {
    var latest = null;
    spec.lessons.forEach(function (l) {
      var when = studied[l.id];
      if (when && (!latest || Date.parse(when) > Date.parse(latest))) latest = when;
    });
    if (!latest) return null;
    var d = new Date(latest);
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  /**
   * The study record v2 of one course (docs/cli.md, register; twin of records.py
   * record_document): who, the course and its version, each lesson studied or answered,
   * and the 学习记录码 of the same record.
   * @param {string} made ISO time; profile: KEY.profile's value; studied: clean; checks: KEY.checks
   */
  function document2(spec, made, profile, studied, checks) {
    var lessons = {}, who = kb.store.isObject(profile) ? profile : {};
    spec.lessons.forEach(function (l) {
      var c = checks[l.id], entry = { hours: l.hours };
      if (studied[l.id]) entry.studied = studied[l.id];
      if (l.check && isAnswered(c)) {
        entry.check = { date: c.date, passed: c.passed, score: c.score, total: c.total, answers: c.answers, fps: c.fps };
      }
      if (entry.studied || entry.check) lessons[l.id] = entry;
    });
    function text(v) { return typeof v === "string" ? v.trim() : ""; }
    return { format: kb.store.FORMAT.study, version: 2, date: made,
      profile: { name: text(who.name), unit: text(who.unit), number: text(who.number) },
      course: { id: spec.course, version: spec.version }, lessons: lessons,
      code: kb.recordCode.recordCode(spec, made, lastDay(spec, studied), codeStates(spec, studied, checks)) };
  }

  /* A file's marks (v1: studied; v2: each lesson's studied) and its checks (v2), or null. */
  function incoming(file) {
    var store = kb.store;
    if (!store.isObject(file) || file.format !== store.FORMAT.study) return null;
    if (file.version !== 2) return store.isObject(file.studied) ? { studied: kb.path.clean(file.studied), checks: {} } : null;
    if (!store.isObject(file.lessons)) return null;
    var studied = {}, checks = {};
    Object.keys(file.lessons).forEach(function (id) {
      var entry = file.lessons[id];
      if (!store.isObject(entry)) return;
      if (store.isDate(entry.studied)) studied[id] = entry.studied;
      if (isAnswered(entry.check)) checks[id] = entry.check;
    });
    return { studied: studied, checks: checks };
  }

  /**
   * An imported study record (v1 or v2) merged into what this device keeps: the marks of the
   * site's lessons, and (v2) their checks where this device has no record or only a failed one.
   * @param {object} record KEY.studied (clean); [checks] KEY.checks
   * @returns {{error: ?string, record: object, checks: object, count: number}} error "bad"
   *   (not a record) or "empty" (none of this site's lessons, then nothing else)
   */
  function merge(lessons, record, file, checks) {
    var got = incoming(file);
    if (!got) return { error: "bad" };
    var known = lessons.map(function (l) { return l.id; });
    var ids = known.filter(function (k) { return has(got.studied, k) || has(got.checks, k); });
    if (!ids.length) return { error: "empty" };
    var merged = Object.assign({}, record), tests = Object.assign({}, checks || {});
    ids.forEach(function (k) {
      if (has(got.studied, k)) merged[k] = got.studied[k];
      var mine = tests[k], theirs = got.checks[k];
      if (theirs && (!kb.path.isCheck(mine) || (!mine.passed && theirs.passed))) tests[k] = theirs;
    });
    return { error: null, record: merged, checks: tests, count: ids.length };
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
    subtotals: subtotals, recorded: recorded, cells: cells, csvRows: csvRows, codeStates: codeStates,
    lastDay: lastDay, document: document2, merge: merge, latest: latest, recommend: recommend };
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
    code: "学习记录码：",
    codeMade: "（{d} 生成。交学习记录时，可以抄下此码代替导出的文件）",
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
  function checks() {
    var saved = store.read(store.KEY.checks, store.isObject);
    return saved.state === "ok" ? saved.value : {};
  }
  /* The course's record spec the page embeds (.kbp-spec), or null (then a v1 record). */
  function specOf(box) {
    var script = box.querySelector(".kbp-spec");
    try { return script && kb.recordCode ? JSON.parse(script.textContent) : null; } catch (e) { return null; }
  }
  /* The study record v2 of this device, made now. */
  function recordNow(spec) {
    return document2(spec, new Date().toISOString(), store.get(store.KEY.profile), studied(), checks());
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
  function renderProgress(body, lessons, spec) {
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
    if (spec) showCode(body, recordNow(spec));
  }
  /* The 学习记录码 under the record, with the local time it was made. */
  function showCode(body, record) {
    var p = body.appendChild(el("p", TEXT.code, "kbp-code"));
    p.appendChild(el("strong", record.code, "kbp-code-value"));
    var d = new Date(record.date);
    var time = ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
    p.appendChild(el("span", TEXT.codeMade.replace("{d}", store.day(record.date) + " " + time), "kbp-code-made"));
  }

  function bindProgress(box) {
    store.bindProfile(box);
    var course = box.dataset.kbpCourse;
    var lessons = data().lessons.filter(function (l) { return l.course === course; });
    var body = box.querySelector(".kbp-body");
    var status = box.querySelector(".kbp-status");
    var spec = specOf(box);
    function on(selector, event, handler) { box.querySelector(selector).addEventListener(event, handler); }
    on(".kbp-export-json", "click", function () {
      var record = spec ? recordNow(spec) : { format: store.FORMAT.study, version: 1, studied: studied() };
      store.download("学习记录-" + store.today() + ".json", "application/json", JSON.stringify(record, null, 2));
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
        var merged = merge(data().lessons, studied(), got, checks());
        if (merged.error) { status.textContent = merged.error === "bad" ? TEXT.importBad : TEXT.importEmpty; return; }
        var ok = store.set(store.KEY.studied, merged.record) && store.set(store.KEY.checks, merged.checks);
        status.textContent = ok ? TEXT.imported.replace("{n}", merged.count) : TEXT.noStorage;
        renderProgress(body, lessons, spec);
        if (kb.path.nav) kb.path.nav();
      }, function (why) { status.textContent = why === "large" ? TEXT.importLarge : TEXT.importBad; });
    });
    on(".kbp-print", "click", function () {
      // Only the record goes to paper; the class comes off when printing is over.
      var host = box.parentElement;
      renderProgress(body, lessons, spec);  // the code made now, with what this device keeps now
      host.classList.add("kbp-host--print");
      window.addEventListener("afterprint", function done() {
        host.classList.remove("kbp-host--print");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });
    renderProgress(body, lessons, spec);
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
