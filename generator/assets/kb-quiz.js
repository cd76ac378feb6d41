/* kb-quiz: the thin DOM layer of questionnaire pages, over kb-score.js.
 * Reads the spec from <script type="application/json">, keeps the draft and the
 * completed attempts in localStorage only, renders results with textContent and
 * with clones of the texts MkDocs rendered into the page: never innerHTML.
 * A draft keeps each answer with its item's fingerprint, so a content update drops
 * only the answers to items whose meaning changed (kbScore.carryOver). */
(function () {
  "use strict";
  if (window.kbQuizLoaded) return;  // loaded again by instant navigation: bind once
  window.kbQuizLoaded = true;

  var TEXT = {
    restored: "已恢复上次未完成的作答。",
    carried: "问卷内容已更新：保留了你之前的 {n} 个回答。",
    changed: "以下题目有改动，请重新作答：",
    gone: "另有 {n} 个回答所属的题目已删除。",
    unreadable: "本机保存的作答草稿无法读取（可能已损坏），已另存一份备份；请重新作答。",
    badAttempts: "有 {n} 条历次结果无法读取，已忽略。",
    noStorage: "本浏览器无法在本机保存（存储被禁用或已满）：可以正常作答和查看结果，但刷新页面后作答会丢失。",
    noTools: "无法加载导入导出功能：请刷新页面后再试。",
    saved: "已自动保存在本机。",
    missing: "还有 {n} 道必答题未作答，完成后才能计算相应维度和总分：",
    overall: "总体",
    noScore: "暂无得分",
    points: " 分",
    dimension: "维度", score: "得分", band: "档次", change: "较上次",
    otherVersion: "上次结果来自问卷的另一版本（{v}），只比较两个版本都有的维度。",
    caption: "各维度得分（百分制）",
    profiles: "画像",
    lessons: "推荐学习",
    chart: "各维度得分图",
    unscored: "未计分",
    date: "日期：",
    code: "结果码：",
    question: "第 {n} 题",
    thanks: "感谢你的评价！请点“导出评价（JSON）”把文件交给组织者，或把下面的结果码连同被评价人、期次抄给组织者。",
    whom: "请先填写被评价人和期次。",
    checks: "作答一致性提示",
    acquiescence: "你对意思相反的两类说法都表示了同意。请回头看看这些题，确认每一题都是按实际情况作答的。",
    straight: "你对全部量表题选了同一个选项。如果不是有意如此，建议逐题再看一遍。",
    not_applicable: "你有较多题目选了“不适用”，各维度得分依据的题目较少，仅供参考。",
  };
  var store, PREFIX;
  // The data tools (export, import, history, plan, delete) sit beside this file and load on
  // first use: resolved now, while this script is the current one.
  var TOOLS = ((document.currentScript && document.currentScript.src) || "").replace(/kb-quiz\.js([?#].*)?$/, "kb-quiz-tools.js");

  function format(template, n) { return template.replace("{n}", String(n)); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function isPercent(value) { return value === null || (typeof value === "number" && value >= 0 && value <= 100); }
  function fixed(value) { return value === null ? "—" : window.kbScore.oneDecimal(value); }
  function day(iso) {  // by hand: Intl's first use costs ~60 ms
    var d = new Date(iso);
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  /* Whether answer has the shape its item takes: an option index, a list of them, or text. */
  function fits(item, answer) {
    var size = item.scores ? item.scores.length + (item.na ? 1 : 0) : 0;  // 不适用: the one after
    function index(a) { return Number.isInteger(a) && a >= 0 && a < size; }
    if (item.type === "text") return typeof answer === "string";
    if (item.type === "multi") return Array.isArray(answer) && answer.every(index);
    return index(answer);
  }

  /* A stored or imported result with the shape the page reads; anything else is left out. */
  function isResult(result) {
    return store.isObject(result) && store.isObject(result.dimensions) && store.isObject(result.overall) &&
      isPercent(result.overall.percent) && Object.keys(result.dimensions).every(function (k) {
        return store.isObject(result.dimensions[k]) && isPercent(result.dimensions[k].percent);
      });
  }
  function isAttempt(a) {
    return store.isObject(a) && store.isDate(a.date) && typeof a.hash === "string" && store.isObject(a.answers) && isResult(a.result);
  }

  /* Radar for three or more dimensions, bars otherwise; the <title>/<desc> say it in words.
   * A dimension without a score is marked "—" and left out of the shape, never drawn as 0. */
  function chart(spec, result) {
    var NS = "http://www.w3.org/2000/svg";
    var dims = spec.dimensions;
    function value(d) { var got = result.dimensions[d.id]; return got ? got.percent : null; }
    var words = dims.map(function (d) {
      return d.name + " " + (value(d) === null ? TEXT.unscored : fixed(value(d)) + TEXT.points);
    });
    function node(tag, attrs, parent) {
      var n = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
      if (parent) parent.appendChild(n);
      return n;
    }
    var svg = node("svg", { role: "img", class: "kbq-chart", "aria-label": TEXT.chart + "：" + words.join("，") });
    node("title", {}, svg).textContent = TEXT.chart;
    node("desc", {}, svg).textContent = words.join("，");
    if (dims.length >= 3) {
      svg.setAttribute("viewBox", "-150 -125 300 250");
      var point = function (i, r) {
        var a = -Math.PI / 2 + (2 * Math.PI * i) / dims.length;
        return [r * Math.cos(a), r * Math.sin(a)];
      };
      var ring = function (r) { return dims.map(function (d, i) { return point(i, r).join(","); }).join(" "); };
      [25, 50, 75, 100].forEach(function (p) { node("polygon", { points: ring(p * 0.9), class: "kbq-grid" }, svg); });
      dims.forEach(function (d, i) {
        var end = point(i, 90), at = point(i, 108);
        node("line", { x1: 0, y1: 0, x2: end[0], y2: end[1], class: "kbq-grid" }, svg);
        node("text", { x: at[0], y: at[1] + 4, "text-anchor": "middle" }, svg).textContent = d.name + (value(d) === null ? " —" : "");
      });
      node("polygon", {
        class: "kbq-area",
        points: dims.map(function (d, i) { return value(d) === null ? null : point(i, value(d) * 0.9).join(","); })
          .filter(Boolean).join(" "),
      }, svg);
    } else {
      svg.setAttribute("viewBox", "0 0 300 " + (dims.length * 36 + 8));
      dims.forEach(function (d, i) {
        node("text", { x: 0, y: i * 36 + 24 }, svg).textContent = d.name;
        node("rect", { x: 80, y: i * 36 + 10, width: 200, height: 18, class: "kbq-grid" }, svg);
        if (value(d) === null) node("text", { x: 86, y: i * 36 + 24 }, svg).textContent = "—";
        else node("rect", { x: 80, y: i * 36 + 10, width: value(d) * 2, height: 18, class: "kbq-area" }, svg);
      });
    }
    return svg;
  }

  function bind(root) {
    if (root.dataset.kbqBound) return;
    root.dataset.kbqBound = "1";
    var spec = JSON.parse(root.querySelector(".kbq-spec").textContent);
    var form = root.querySelector(".kbq-form");
    var results = root.querySelector(".kbq-results");
    var status = root.querySelector(".kbq-status");
    var library = document.querySelector('[data-kbq-library="' + spec.id + '"]');
    var keys = { draft: PREFIX + "quiz:" + spec.id + ":draft", attempts: PREFIX + "quiz:" + spec.id + ":attempts" };
    var sections = Array.prototype.slice.call(root.querySelectorAll(".kbq-section"));
    var items = {};
    spec.items.forEach(function (item) { items[item.id] = item; });
    // A rating form is filled in by one person after another on the same device:
    // it keeps no draft and no history, so nobody sees the previous rater's answers.
    var keeps = spec.kind !== "rating";
    var page = 0;
    var shown = null;

    function say(message) { status.textContent = message; }
    var fields = {};  // item id -> {set: its fieldset, inputs: its controls}, looked up once
    root.querySelectorAll("[data-item]").forEach(function (f) {
      fields[f.dataset.item] = { set: f, inputs: Array.prototype.slice.call(f.querySelectorAll("input, textarea")) };
    });
    function fieldset(id) { return fields[id].set; }
    function inputs(id) { return fields[id].inputs; }
    function numberOf(id) { return fieldset(id).querySelector(".kbq-number").textContent.replace(".", ""); }

    /* Links to questions, each showing its page and taking the focus: for missing and changed items. */
    function itemLinks(ids) {
      var list = el("ul");
      ids.forEach(function (id) {
        var legend = fieldset(id).querySelector("legend").cloneNode(true);
        legend.querySelectorAll(".kbq-number, .kbq-required, .kbq-optional").forEach(function (n) { n.remove(); });
        var link = el("a", format(TEXT.question, numberOf(id)) + "：" + legend.textContent.trim());
        link.href = "#item-" + id;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          showPage(sections.indexOf(fieldset(id).closest(".kbq-section")));
          fieldset(id).scrollIntoView();
          inputs(id)[0].focus();
        });
        list.appendChild(el("li")).appendChild(link);
      });
      return list;
    }

    function readAnswers() {
      var answers = {};
      spec.items.forEach(function (item) {
        var fields = inputs(item.id);
        if (item.type === "text") {
          if (fields[0].value.trim()) answers[item.id] = fields[0].value;
          return;
        }
        var picked = fields.filter(function (f) { return f.checked; }).map(function (f) { return Number(f.value); });
        if (item.type === "multi") { if (picked.length) answers[item.id] = picked; }
        else if (picked.length) answers[item.id] = picked[0];
      });
      return answers;
    }

    function setAnswers(answers) {
      spec.items.forEach(function (item) {
        var value = answers[item.id];
        inputs(item.id).forEach(function (f) {
          if (item.type === "text") f.value = typeof value === "string" ? value : "";
          else if (item.type === "multi") f.checked = Array.isArray(value) && value.indexOf(Number(f.value)) >= 0;
          else f.checked = value === Number(f.value);
        });
      });
      update();
    }

    /* The answers that fit the current items, each with the fingerprint of its item. */
    function draftOf(answers) {
      var fps = {};
      Object.keys(answers).forEach(function (id) { fps[id] = items[id].fp; });
      return { format: 2, answers: answers, fps: fps };
    }
    function saveDraft(answers) { return keeps && store.set(keys.draft, draftOf(answers)); }

    function update() {
      var answers = readAnswers();
      var count = window.kbScore.score(spec, answers).answered;
      root.querySelector(".kbq-count").textContent = String(count);
      root.querySelector("progress").value = count;
      spec.items.forEach(function (item) { // a multi item may not take more than its maximum
        if (item.type !== "multi") return;
        var fields = inputs(item.id);
        var full = fields.filter(function (f) { return f.checked; }).length >= item.picks[1];
        fields.forEach(function (f) { f.disabled = full && !f.checked; });
      });
      return answers;
    }

    function showPage(index) {
      if (root.dataset.layout !== "paged") return;
      page = Math.max(0, Math.min(sections.length - 1, index));
      sections.forEach(function (s, i) { s.hidden = i !== page; });
      root.querySelector(".kbq-prev").disabled = page === 0;
      root.querySelector(".kbq-next").disabled = page === sections.length - 1;
    }

    function text(key) {
      var found = library && library.querySelector('[data-key="' + key + '"]');
      if (!found) return null;
      var copy = found.cloneNode(true);
      copy.removeAttribute("data-key");
      copy.className = "kbq-text";
      return copy;
    }

    /* The completed attempts kept on this device, oldest first; unreadable ones left out. */
    function attempts() {
      if (!keeps) return [];
      var saved = store.read(keys.attempts, Array.isArray);
      var list = saved.state === "ok" ? saved.value : [];
      var good = list.filter(isAttempt);
      if (good.length < list.length) say(format(TEXT.badAttempts, list.length - good.length));
      return good;
    }

    /* The earlier results: shown when there are some; listed (by the tools) when opened. */
    var historyBox = root.querySelector(".kbq-history");
    function history(list) {
      if (!historyBox) return;
      historyBox.hidden = !list.length;
      historyBox.querySelector(".kbq-history-count").textContent = String(list.length);
      if (historyBox.open) tools(function (t) { t.history(q, list); });
    }
    if (historyBox) historyBox.addEventListener("toggle", function () { if (historyBox.open) history(attempts()); });

    function render(record, previous) {
      var result = record.result;
      var body = results.querySelector(".kbq-report-body");
      body.textContent = "";
      var rated = results.querySelector(".kbq-rated");  // a rating form: whom, which round
      if (rated) rated.textContent = "被评价人：" + root.querySelector(".kbq-subject-name").value + "　期次：" + root.querySelector(".kbq-period").value;
      var codeLine = results.querySelector(".kbq-code");
      codeLine.textContent = "";
      setTimeout(function () {  // after the results are on screen: BigInt's first use is slow
        var code = window.kbScore.resultCode(spec, record.answers, record.date);
        if (code) codeLine.textContent = TEXT.code + code;
      }, 0);
      results.querySelector(".kbq-date").textContent = TEXT.date + day(record.date);
      function addBand(parent, key, band) {
        if (band === null) return;
        [":interpretation", ":advice"].forEach(function (part) {
          var block = text(key + ":" + band + part);
          if (block) parent.appendChild(block);
        });
      }
      if (result.missing.length) {
        var note = el("div", null, "admonition warning kbq-missing");
        note.appendChild(el("p", format(TEXT.missing, result.missing.length), "admonition-title"));
        note.appendChild(itemLinks(result.missing));
        body.appendChild(note);
      }
      if (!keeps) {  // a rating form: the rater is thanked; verdicts exist only in aggregate
        if (!result.missing.length) body.appendChild(el("p", TEXT.thanks, "kbq-thanks"));
        return show(record);
      }
      if (result.checks.length) {
        var checks = el("div", null, "admonition note kbq-checks");
        checks.appendChild(el("p", TEXT.checks, "admonition-title"));
        result.checks.forEach(function (id) { checks.appendChild(el("p", TEXT[id])); });
        body.appendChild(checks);
      }
      var overall = result.overall;
      var head = el("p", null, "kbq-overall");
      head.appendChild(el("strong", TEXT.overall + "：" + (overall.percent === null ? TEXT.noScore : fixed(overall.percent) + TEXT.points)));
      if (overall.band !== null) head.appendChild(el("span", " · " + spec.bands[overall.band].label, "kbq-band"));
      body.appendChild(head);
      addBand(body, "overall", overall.band);

      var table = el("table");
      table.appendChild(el("caption", TEXT.caption));
      var row = table.appendChild(el("thead")).appendChild(el("tr"));
      [TEXT.dimension, TEXT.score, TEXT.band].concat(previous ? [TEXT.change] : []).forEach(function (h) { row.appendChild(el("th", h)); });
      var tbody = table.appendChild(el("tbody"));
      spec.dimensions.forEach(function (d) {
        var got = result.dimensions[d.id];
        var tr = tbody.appendChild(el("tr"));
        tr.appendChild(el("th", d.name)).scope = "row";
        tr.appendChild(el("td", fixed(got.percent)));
        tr.appendChild(el("td", got.band === null ? "—" : d.bands[got.band].label));
        if (previous) {  // dimensions of both versions only, by id
          var before = previous.result.dimensions[d.id];
          var delta = store.isObject(before) && before.percent !== null && got.percent !== null ? got.percent - before.percent : null;
          var shown = delta === null ? "—" : window.kbScore.oneDecimal(delta, true);
          tr.appendChild(el("td", shown === "+0.0" ? "±0.0" : shown.replace("-", "−"), "kbq-change"));
        }
      });
      var wrap = el("div", null, "kbq-figures");
      wrap.appendChild(table);
      wrap.appendChild(chart(spec, result));
      body.appendChild(wrap);
      if (previous && previous.hash !== spec.hash) {
        body.appendChild(el("p", TEXT.otherVersion.replace("{v}", previous.version || "—"), "kbq-note"));
      }

      spec.dimensions.forEach(function (d) {
        var got = result.dimensions[d.id];
        if (got.band === null) return;
        var part = el("div", null, "kbq-dimension");
        part.appendChild(el("h3", d.name + " · " + d.bands[got.band].label));
        addBand(part, "dim:" + d.id, got.band);
        body.appendChild(part);
      });
      if (result.profiles.length) {
        body.appendChild(el("h3", TEXT.profiles));
        result.profiles.forEach(function (id) {
          var profile = spec.profiles.filter(function (p) { return p.id === id; })[0];
          var part = el("div", null, "kbq-profile");
          part.appendChild(el("p")).appendChild(el("strong", profile.label));
          var advice = text("profile:" + id + ":advice");
          if (advice) part.appendChild(advice);
          body.appendChild(part);
        });
      }
      var picks = recommended(result).map(function (id) {
        return library && library.querySelector('[data-lesson="' + id + '"]');
      }).filter(Boolean);
      if (picks.length) {
        body.appendChild(el("h3", TEXT.lessons));
        var ul = body.appendChild(el("ul", null, "kbq-lessons"));
        picks.forEach(function (a) { ul.appendChild(el("li")).appendChild(a.cloneNode(true)); });
      }
      show(record);
    }

    function show(record) {
      results.hidden = false;
      // The classes sit on the component and its parent, and the print rules only reach
      // their children: on <body>, the restyle of a long page cost ~20 ms.
      root.classList.add("kbq--report");
      root.parentElement.classList.add("kbq-host--report");
      shown = record;
      // Focus and scroll in the next frame: a focus forces a layout of the whole page at once,
      // which the frame does anyway (measured: ~20 ms of a 200-item page's first submit).
      requestAnimationFrame(function () {
        results.focus({ preventScroll: true });
        results.scrollIntoView();  // scroll-margin-top (kb-quiz.css) keeps it below the sticky header
      });
    }

    /* Lesson ids the result points to: overall band, then dimensions, then profiles. */
    function recommended(result) {
      var ids = [];
      var add = function (list) { (list || []).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); }); };
      if (result.overall.band !== null) add(spec.bands[result.overall.band].lessons);
      spec.dimensions.forEach(function (d) {
        var band = result.dimensions[d.id].band;
        if (band !== null) add(d.bands[band].lessons);
      });
      result.profiles.forEach(function (id) {
        add(spec.profiles.filter(function (p) { return p.id === id; })[0].lessons);
      });
      return ids;
    }

    function finish(answers, date) {
      var result = window.kbScore.score(spec, answers);
      var band = result.overall.band;
      var record = { date: date || new Date().toISOString(), hash: spec.hash, version: spec.version, answers: answers,
        result: result, label: band === null ? null : spec.bands[band].label,
        lessons: recommended(result) };  // read by kb-path.js: "为你推荐" on course pages
      var list = attempts();
      var earlier = list.filter(function (a) { return a.date !== record.date; });
      var previous = earlier.length ? earlier[earlier.length - 1] : null;
      if (keeps && result.complete && list.length === earlier.length) {
        list.push(record);
        if (!store.set(keys.attempts, list)) say(TEXT.noStorage);
        history(list);
      }
      render(record, previous);
    }

    /* The draft of an earlier visit: answers whose item kept its fingerprint come back. */
    function restore() {
      var saved = store.read(keys.draft, function (v) { return store.isObject(v) && store.isObject(v.answers); });
      if (saved.state === "unreadable") return say(TEXT.unreadable);
      if (saved.state !== "ok") return;
      var draft = saved.value;
      var fps = draft.format === 2 && store.isObject(draft.fps) ? draft.fps : {};
      if (draft.format !== 2 && draft.hash === spec.hash) {  // saved before fingerprints: same version
        spec.items.forEach(function (item) { fps[item.id] = item.fp; });
      }
      var kept = window.kbScore.carryOver(spec, draft.answers, fps);
      var answers = {};
      Object.keys(kept.answers).forEach(function (id) {
        if (fits(items[id], kept.answers[id])) answers[id] = kept.answers[id];
        else kept.changed.push(id);
      });
      setAnswers(answers);
      if (!kept.changed.length) return say(TEXT.restored);
      saveDraft(answers);
      var still = kept.changed.filter(function (id) { return items[id]; });
      var note = el("div", null, "kbq-carried");
      note.appendChild(el("p", format(TEXT.carried, Object.keys(answers).length) +
        (still.length < kept.changed.length ? format(TEXT.gone, kept.changed.length - still.length) : "")));
      if (still.length) {
        note.appendChild(el("p", TEXT.changed));
        note.appendChild(itemLinks(still));
      }
      status.textContent = "";
      status.appendChild(note);
    }

    function hideResults() {
      results.hidden = true;
      root.classList.remove("kbq--report");
      root.parentElement.classList.remove("kbq-host--report");
    }

    /* What the tools may use of this page. */
    var q = { spec: spec, root: root, items: items, keys: keys, keeps: keeps, store: store, say: say,
      noStorage: TEXT.noStorage, shown: function () { return shown; }, draftOf: draftOf, saveDraft: saveDraft,
      setAnswers: setAnswers, readAnswers: readAnswers, finish: finish, fits: fits, isAttempt: isAttempt,
      attempts: attempts, history: history, hideResults: hideResults, numberOf: numberOf, text: text,
      fixed: fixed, day: day };
    function tools(run) {
      if (window.kbQuizTools) return run(window.kbQuizTools);
      var script = document.createElement("script");
      script.src = TOOLS;
      script.onload = function () { run(window.kbQuizTools); };
      script.onerror = function () { say(TEXT.noTools); };
      document.head.appendChild(script);
    }
    function onClick(selector, name) {
      var button = root.querySelector(selector);
      if (button) button.addEventListener("click", function () { tools(function (t) { t[name](q); }); });
    }

    if (keeps) {
      restore();
      history(attempts());
      store.bindProfile(root);
    }
    if (!store.set(PREFIX + "probe", 1)) say(TEXT.noStorage);
    store.remove(PREFIX + "probe");
    update();

    form.addEventListener("change", function () {
      var answers = update();
      if (keeps) say(saveDraft(answers) ? TEXT.saved : TEXT.noStorage);
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") form.dispatchEvent(new Event("change"));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!keeps) {  // a rating form is about someone, in some round: both are needed
        var whom = [root.querySelector(".kbq-subject-name"), root.querySelector(".kbq-period")]
          .filter(function (f) { return !f.value.trim(); });
        if (whom.length) { say(TEXT.whom); return whom[0].focus(); }
      }
      finish(update());
    });
    root.querySelector(".kbq-reset").addEventListener("click", function () {
      setAnswers({});
      store.remove(keys.draft);
      hideResults();
    });
    root.querySelector(".kbq-print").addEventListener("click", function () { window.print(); });
    onClick(".kbq-to-list", "plan");
    onClick(".kbq-export-json", "exportJson");
    onClick(".kbq-export-csv", "exportCsv");
    onClick(".kbq-forget", "forget");
    root.querySelector(".kbq-import-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (file) tools(function (t) { t.importFile(q, file); });
    });
    if (root.dataset.layout === "paged") {
      root.querySelector(".kbq-pager").hidden = false;
      root.querySelector(".kbq-prev").addEventListener("click", function () { showPage(page - 1); });
      root.querySelector(".kbq-next").addEventListener("click", function () { showPage(page + 1); });
      showPage(0);
    }
  }

  function init() { document.querySelectorAll("[data-kbq]").forEach(bind); }
  function start() {
    store = window.kbStore;
    PREFIX = store.PREFIX;
    store.onPages(init);
  }
  // This file sits in the page, before the site's own scripts (kb-store.js) at the end of <body>.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
