/* kb-quiz-core: what a questionnaire page does with answers, over kb-score.js. A pure core
 * (results, records, drafts: no DOM, required by tests/js/quiz.test.cjs) and the DOM work of
 * a page once the reader answers: the count, the draft, the results. kb-quiz.js loads it
 * (with kb-score.js) as the reader starts, or at once when this device keeps a draft or
 * results of the questionnaire; both are window.kb.quiz.
 * It keeps the draft and the completed attempts in localStorage only, renders results with
 * textContent and with clones of the texts MkDocs rendered into the page: never innerHTML.
 * A draft keeps each answer with its item's fingerprint, so a content update drops only the
 * answers to items whose meaning changed (kb.score.carryOver), and names those items on every
 * visit until the reader submits again. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js"), score: require("./kb-score.js") } : root.kb;
  if (!node && kb.quizCore) return;  // loaded again by instant navigation

  /* ---- The pure core ---- */

  function isObject(value) { return kb.store.isObject(value); }
  function isPercent(value) { return value === null || (typeof value === "number" && value >= 0 && value <= 100); }
  function id(item) { return item.id; }

  /* A stored or imported result with the shape the page reads; anything else is left out. */
  function isResult(result) {
    return isObject(result) && isObject(result.dimensions) && isObject(result.overall) &&
      isPercent(result.overall.percent) && Object.keys(result.dimensions).every(function (k) {
        return isObject(result.dimensions[k]) && isPercent(result.dimensions[k].percent);
      });
  }
  function isAttempt(a) {
    return isObject(a) && kb.store.isDate(a.date) && typeof a.hash === "string" && isObject(a.answers) && isResult(a.result);
  }
  function isDraft(v) { return isObject(v) && isObject(v.answers); }

  /** @returns {string} a percent as shown, "—" for none */
  function fixed(value) { return value === null ? "—" : kb.score.oneDecimal(value); }

  /** @returns {string} the change of a dimension since before: "+1.5", "−2.0", "±0.0" or "—" */
  function change(before, got) {
    var delta = isObject(before) && before.percent !== null && got.percent !== null ? got.percent - before.percent : null;
    var shown = delta === null ? "—" : kb.score.oneDecimal(delta, true);
    return shown === "+0.0" ? "±0.0" : shown.replace("-", "−");
  }

  /** @returns {Object<string,object>} item id -> item */
  function itemsOf(spec) {
    var items = {};
    spec.items.forEach(function (item) { items[item.id] = item; });
    return items;
  }

  /**
   * The draft kept of answers (that fit the current items): each with its item's fingerprint,
   * and the items changed by a content update that the reader has not submitted since.
   */
  function draftOf(items, answers, changed) {
    var fps = {};
    Object.keys(answers).forEach(function (id) { fps[id] = items[id].fp; });
    var draft = { format: 2, answers: answers, fps: fps };
    if (changed && changed.length) draft.changed = changed;
    return draft;
  }

  /**
   * What comes back of a saved draft: the answers whose item kept its fingerprint and that
   * still fit it, and the ids of the others with those the draft still names as changed (a
   * draft saved before fingerprints is of the current version when its hash is).
   * @returns {{answers: Object<string,*>, changed: string[]}}
   */
  function carry(spec, items, draft) {
    var fps = draft.format === 2 && isObject(draft.fps) ? draft.fps : {};
    if (draft.format !== 2 && draft.hash === spec.hash) {
      spec.items.forEach(function (item) { fps[item.id] = item.fp; });
    }
    var kept = kb.score.carryOver(spec, draft.answers, fps);
    var answers = {};
    Object.keys(kept.answers).forEach(function (id) {
      if (kb.score.fits(items[id], kept.answers[id])) answers[id] = kept.answers[id];
      else kept.changed.push(id);
    });
    (Array.isArray(draft.changed) ? draft.changed : []).forEach(function (id) {
      if (typeof id === "string" && items[id] && kept.changed.indexOf(id) < 0) kept.changed.push(id);
    });
    return { answers: answers, changed: kept.changed };
  }

  /** Lesson ids the result points to: overall band, then dimensions, then profiles. */
  function recommended(spec, result) {
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

  /** The record of answers scored at date (an ISO date), as the attempts keep it. */
  function record(spec, answers, date) {
    var result = kb.score.score(spec, answers);
    var band = result.overall.band;
    return { date: date, hash: spec.hash, version: spec.version, answers: answers,
      result: result, label: band === null ? null : spec.bands[band].label,
      lessons: recommended(spec, result) };  // read by kb-path.js: "为你推荐" on course pages
  }

  /** @returns {boolean} whether two sets of answers (item id -> answer) say the same */
  function sameAnswers(a, b) {
    var keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(function (k) {
      return Object.prototype.hasOwnProperty.call(b, k) && JSON.stringify(a[k]) === JSON.stringify(b[k]);
    });
  }

  /**
   * Where a record stands among the attempts: the attempt it repeats (the latest one, when it
   * has the same questionnaire and answers: shown again, not kept twice), the attempt to compare
   * with (the latest one of another date, or before the repeated one), and whether it is new
   * (an import of a kept attempt is not).
   * @returns {{previous: ?object, fresh: boolean, same: ?object}}
   */
  function place(list, rec) {
    var last = list[list.length - 1];
    if (last && last.hash === rec.hash && sameAnswers(last.answers, rec.answers)) {
      return { previous: list.length > 1 ? list[list.length - 2] : null, fresh: false, same: last };
    }
    var earlier = list.filter(function (a) { return a.date !== rec.date; });
    return { previous: earlier.length ? earlier[earlier.length - 1] : null, fresh: earlier.length === list.length, same: null };
  }

  /**
   * The items a response-style check asks the reader to look at again, in the questionnaire's
   * order: for acquiescence the opposite statements both given the highest option, else the
   * reversed statements agreed with (the facts kb.score's check rests on); for not_applicable
   * the items answered 不适用; none for straight-lining (it is every Likert item).
   * @returns {string[]} item ids
   */
  function checkItems(spec, answers, check) {
    var items = itemsOf(spec);
    function raw(item) {
      var a = item && item.type === "likert" ? answers[item.id] : null;
      return Number.isInteger(a) && a >= 0 && a < item.scores.length ? item.scores[a] : null;
    }
    function top(item) { return raw(item) !== null && raw(item) === item.max; }
    if (check === "not_applicable") {
      return spec.items.filter(function (item) { return item.scores && kb.score.extra(item, answers[item.id]) === "na"; }).map(id);
    }
    if (check !== "acquiescence") return [];
    var pairs = spec.items.filter(function (item) {
      return top(item) && (top(items[item.opposite]) || spec.items.some(function (o) { return o.opposite === item.id && top(o); }));
    });
    return (pairs.length ? pairs : spec.items.filter(function (item) {
      return item.reverse && raw(item) !== null && raw(item) >= item.min + kb.score.AGREE * (item.max - item.min);
    })).map(id);
  }

  var quiz = node ? {} : kb.quiz;
  Object.assign(quiz, { isAttempt: isAttempt, isDraft: isDraft, fixed: fixed, change: change, itemsOf: itemsOf,
    draftOf: draftOf, carry: carry, recommended: recommended, record: record, sameAnswers: sameAnswers,
    place: place, checkItems: checkItems });
  if (node) { module.exports = quiz; return; }

  /* ---- The DOM work: a page p holds one questionnaire on screen (kb-quiz.js: open) ---- */

  var TEXT = Object.assign(quiz.TEXT, {
    restored: "已恢复上次未完成的作答。",
    carried: "问卷内容已更新：保留了你之前的 {n} 个回答。",
    changed: "以下题目有改动，请重新作答：",
    gone: "另有 {n} 个回答所属的题目已删除。",
    unreadable: "本机保存的作答草稿无法读取（可能已损坏），已另存一份备份；请重新作答。",
    badAttempts: "有 {n} 条历次结果无法读取，已忽略。",
    saved: "已自动保存在本机。",
    missing: "还有 {n} 道必答题未作答，完成后才能计算相应维度和总分：",
    overall: "总体",
    noScore: "暂无得分",
    points: " 分",
    dimension: "维度", score: "得分", band: "档次", change: "较上次",
    otherVersion: "上次结果来自问卷的另一版本（{v}），只比较两个版本都有的维度。",
    edited: "上次作答之后问卷内容有改动，与上次的比较仅供参考。",
    caption: "各维度得分（百分制）",
    profiles: "画像",
    lessons: "推荐学习",
    chart: "各维度得分图",
    unscored: "未计分",
    date: "日期：",
    code: "结果码：",
    question: "第 {n} 题",
    checks: "作答一致性提示",
  });
  var store = kb.store, el = store.el, fill = store.fill;
  var say = quiz.say, tools = quiz.tools, showPage = quiz.showPage;  // kb-quiz.js's

  /* Radar for three or more dimensions, bars otherwise; the <title>/<desc> say it in words.
   * A dimension without a score is marked "—" and left out of the shape, never drawn as 0. */
  function chart(spec, result) {
    var dims = spec.dimensions;
    function value(d) { var got = result.dimensions[d.id]; return got ? got.percent : null; }
    var words = dims.map(function (d) {
      return d.name + " " + (value(d) === null ? TEXT.unscored : fixed(value(d)) + TEXT.points);
    }).join("，");
    var svg = svgNode("svg", { role: "img", class: "kbq-chart", "aria-label": TEXT.chart + "：" + words });
    svgNode("title", {}, svg).textContent = TEXT.chart;
    svgNode("desc", {}, svg).textContent = words;
    (dims.length >= 3 ? radar : bars)(svg, dims, value);
    return svg;
  }
  function svgNode(tag, attrs, parent) {
    var n = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(n);
    return n;
  }
  function radar(svg, dims, value) {
    svg.setAttribute("viewBox", "-150 -125 300 250");
    var point = function (i, r) {
      var a = -Math.PI / 2 + (2 * Math.PI * i) / dims.length;
      return [r * Math.cos(a), r * Math.sin(a)];
    };
    var ring = function (r) { return dims.map(function (d, i) { return point(i, r).join(","); }).join(" "); };
    [25, 50, 75, 100].forEach(function (p) { svgNode("polygon", { points: ring(p * 0.9), class: "kbq-grid" }, svg); });
    dims.forEach(function (d, i) {
      var end = point(i, 90), at = point(i, 108);
      svgNode("line", { x1: 0, y1: 0, x2: end[0], y2: end[1], class: "kbq-grid" }, svg);
      svgNode("text", { x: at[0], y: at[1] + 4, "text-anchor": "middle" }, svg).textContent = d.name + (value(d) === null ? " —" : "");
    });
    svgNode("polygon", {
      class: "kbq-area",
      points: dims.map(function (d, i) { return value(d) === null ? null : point(i, value(d) * 0.9).join(","); })
        .filter(Boolean).join(" "),
    }, svg);
  }
  function bars(svg, dims, value) {
    svg.setAttribute("viewBox", "0 0 300 " + (dims.length * 36 + 8));
    dims.forEach(function (d, i) {
      svgNode("text", { x: 0, y: i * 36 + 24 }, svg).textContent = d.name;
      svgNode("rect", { x: 80, y: i * 36 + 10, width: 200, height: 18, class: "kbq-grid" }, svg);
      if (value(d) === null) svgNode("text", { x: 86, y: i * 36 + 24 }, svg).textContent = "—";
      else svgNode("rect", { x: 80, y: i * 36 + 10, width: value(d) * 2, height: 18, class: "kbq-area" }, svg);
    });
  }

  function inputs(p, id) { return p.fields[id].inputs; }
  function numberOf(p, id) { return p.fields[id].set.querySelector(".kbq-number").textContent.replace(".", ""); }

  /* Links to questions, each showing its page and taking the focus: for missing and changed items. */
  function itemLinks(p, ids) {
    var list = el("ul");
    ids.forEach(function (id) {
      var set = p.fields[id].set;
      var legend = set.querySelector("legend").cloneNode(true);
      legend.querySelectorAll(".kbq-number, .kbq-required, .kbq-optional").forEach(function (n) { n.remove(); });
      var link = el("a", fill(TEXT.question, numberOf(p, id)) + "：" + legend.textContent.trim());
      link.href = "#item-" + id;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showPage(p, p.sections.indexOf(set.closest(".kbq-section")));
        set.scrollIntoView();
        inputs(p, id)[0].focus();
      });
      list.appendChild(el("li")).appendChild(link);
    });
    return list;
  }

  function readAnswers(p) {
    var answers = {};
    p.spec.items.forEach(function (item) {
      var fields = inputs(p, item.id);
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

  function setAnswers(p, answers) {
    p.spec.items.forEach(function (item) {
      var value = answers[item.id];
      inputs(p, item.id).forEach(function (f) {
        if (item.type === "text") f.value = typeof value === "string" ? value : "";
        else if (item.type === "multi") f.checked = Array.isArray(value) && value.indexOf(Number(f.value)) >= 0;
        else f.checked = value === Number(f.value);
      });
    });
    update(p);
  }

  function saveDraft(p, answers) { return p.keeps && store.set(p.keys.draft, draftOf(p.items, answers, p.changed)); }

  /* The count and progress bar of the answers on screen, and the limits of multi items. */
  function update(p) {
    var answers = readAnswers(p);
    var count = kb.score.score(p.spec, answers).answered;
    p.root.querySelector(".kbq-count").textContent = String(count);
    p.root.querySelector("progress").value = count;
    p.spec.items.forEach(function (item) { // a multi item may not take more than its maximum
      if (item.type !== "multi") return;
      var fields = inputs(p, item.id);
      var full = fields.filter(function (f) { return f.checked; }).length >= item.picks[1];
      fields.forEach(function (f) { f.disabled = full && !f.checked; });
    });
    return answers;
  }

  /* A copy of a text MkDocs rendered into the page's library, or null. */
  function text(p, key) {
    var found = p.library && p.library.querySelector('[data-key="' + key + '"]');
    if (!found) return null;
    var copy = found.cloneNode(true);
    copy.removeAttribute("data-key");
    copy.className = "kbq-text";
    return copy;
  }

  /* The completed attempts kept on this device, oldest first; unreadable ones left out (and
   * named, unless quiet). */
  function attempts(p, quiet) {
    if (!p.keeps) return [];
    var saved = store.read(p.keys.attempts, Array.isArray);
    var list = saved.state === "ok" ? saved.value : [];
    var good = list.filter(isAttempt);
    if (good.length < list.length && !quiet) say(p, fill(TEXT.badAttempts, list.length - good.length));
    return good;
  }

  /* The earlier results: shown when there are some; listed (by the tools) when opened. */
  function history(p, list) {
    var box = p.historyBox;
    if (!box) return;
    box.hidden = !list.length;
    box.querySelector(".kbq-history-count").textContent = String(list.length);
    if (box.open) tools(p, function (t) { t.history(p, list); });
  }

  /* The interpretation and advice of a band, where the questionnaire has them. */
  function addBand(p, parent, key, band) {
    if (band === null) return;
    [":interpretation", ":advice"].forEach(function (part) {
      var block = text(p, key + ":" + band + part);
      if (block) parent.appendChild(block);
    });
  }

  function render(p, rec, previous) {
    var result = rec.result;
    var body = p.results.querySelector(".kbq-report-body");
    body.textContent = "";
    var rated = p.results.querySelector(".kbq-rated");  // a rating form: whom, which round
    if (rated) rated.textContent = "被评价人：" + p.root.querySelector(".kbq-subject-name").value + "　期次：" + p.root.querySelector(".kbq-period").value;
    var codeLine = p.results.querySelector(".kbq-code");
    codeLine.textContent = "";
    setTimeout(function () {  // after the results are on screen: BigInt's first use is slow
      var code = kb.score.resultCode(p.spec, rec.answers, rec.date, p.token && p.token.bare);
      if (code) codeLine.textContent = TEXT.code + code;
    }, 0);
    p.results.querySelector(".kbq-date").textContent = TEXT.date + store.day(rec.date);
    if (result.missing.length) {
      var note = el("div", null, "admonition warning kbq-missing");
      note.appendChild(el("p", fill(TEXT.missing, result.missing.length), "admonition-title"));
      note.appendChild(itemLinks(p, result.missing));
      body.appendChild(note);
    }
    if (!p.keeps) {  // a rating form: the rater is thanked; verdicts exist only in aggregate
      var thanks = !result.missing.length && text(p, "thanks");  // the page's words (quiz.md.j2)
      if (thanks) body.appendChild(thanks).classList.add("kbq-thanks");
    } else {
      renderScores(p, body, rec, previous);
      renderAdvice(p, body, result);
    }
    show(p, rec);
  }

  /* The checks, the overall score, the table and chart of the dimensions. */
  function renderScores(p, body, rec, previous) {
    var spec = p.spec, result = rec.result;
    if (result.checks.length) {  // each check's words, and the items it asks to look at again
      var checks = el("div", null, "admonition note kbq-checks");
      checks.appendChild(el("p", TEXT.checks, "admonition-title"));
      result.checks.forEach(function (check) {
        var t = text(p, "check:" + check), ids = checkItems(spec, rec.answers, check);
        if (t) checks.appendChild(t);
        if (ids.length) checks.appendChild(itemLinks(p, ids));
      });
      body.appendChild(checks);
    }
    var overall = result.overall;
    var head = el("p", null, "kbq-overall");
    head.appendChild(el("strong", TEXT.overall + "：" + (overall.percent === null ? TEXT.noScore : fixed(overall.percent) + TEXT.points)));
    if (overall.band !== null) head.appendChild(el("span", " · " + spec.bands[overall.band].label, "kbq-band"));
    body.appendChild(head);
    addBand(p, body, "overall", overall.band);

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
      // dimensions of both versions only, by id
      if (previous) tr.appendChild(el("td", change(previous.result.dimensions[d.id], got), "kbq-change"));
    });
    var wrap = el("div", null, "kbq-figures");
    wrap.appendChild(table);
    wrap.appendChild(chart(spec, result));
    body.appendChild(wrap);
    if (previous && previous.hash !== spec.hash) {  // the same version number edited, or another one
      body.appendChild(el("p", String(previous.version) === String(spec.version) ? TEXT.edited :
        TEXT.otherVersion.replace("{v}", previous.version || "—"), "kbq-note"));
    }
  }

  /* The texts of each dimension's band, the profiles and the recommended lessons. */
  function renderAdvice(p, body, result) {
    var spec = p.spec;
    spec.dimensions.forEach(function (d) {
      var got = result.dimensions[d.id];
      if (got.band === null) return;
      var part = el("div", null, "kbq-dimension");
      part.appendChild(el("h3", d.name + " · " + d.bands[got.band].label));
      addBand(p, part, "dim:" + d.id, got.band);
      body.appendChild(part);
    });
    if (result.profiles.length) {
      body.appendChild(el("h3", TEXT.profiles));
      result.profiles.forEach(function (id) {
        var profile = spec.profiles.filter(function (x) { return x.id === id; })[0];
        var part = el("div", null, "kbq-profile");
        part.appendChild(el("p")).appendChild(el("strong", profile.label));
        var advice = text(p, "profile:" + id + ":advice");
        if (advice) part.appendChild(advice);
        body.appendChild(part);
      });
    }
    var picks = recommended(spec, result).map(function (id) {
      return p.library && p.library.querySelector('[data-lesson="' + id + '"]');
    }).filter(Boolean);
    if (picks.length) {
      body.appendChild(el("h3", TEXT.lessons));
      var ul = body.appendChild(el("ul", null, "kbq-lessons"));
      picks.forEach(function (a) { ul.appendChild(el("li")).appendChild(a.cloneNode(true)); });
    }
  }

  function show(p, rec) {
    p.results.hidden = false;
    // The classes sit on the component and its parent, and the print rules only reach
    // their children: on <body>, the restyle of a long page cost ~20 ms.
    p.root.classList.add("kbq--report");
    p.root.parentElement.classList.add("kbq-host--report");
    p.shown = rec;
    // Focus and scroll in the next frame: a focus forces a layout of the whole page at once,
    // which the frame does anyway (measured: ~20 ms of a 200-item page's first submit).
    requestAnimationFrame(function () {
      p.results.focus({ preventScroll: true });
      p.results.scrollIntoView();  // scroll-margin-top (kb-quiz.css) keeps it below the sticky header
    });
  }

  /* Score answers (made at date, else now), keep a complete new attempt, show the result;
   * the answers of the latest attempt again show that attempt, kept once. */
  function finish(p, answers, date) {
    var rec = record(p.spec, answers, date || new Date().toISOString());
    var list = attempts(p);
    var where = place(list, rec);
    if (where.same) rec = where.same;
    else if (p.keeps && rec.result.complete && where.fresh) {
      list.push(rec);
      if (!store.set(p.keys.attempts, list)) say(p, TEXT.noStorage);
      history(p, list);
    }
    if (rec.result.complete && p.changed.length) {  // submitted again: the changed items are done with
      p.changed = [];
      saveDraft(p, readAnswers(p));
    }
    render(p, rec, where.previous);
  }

  /* The draft of an earlier visit: answers whose item kept its fingerprint come back, and
   * the items a content update changed are named until the reader submits again. A draft
   * that is the latest attempt's answers is no unfinished one: it comes back unannounced. */
  function restore(p, list) {
    var saved = store.read(p.keys.draft, isDraft);
    if (saved.state === "unreadable") return say(p, TEXT.unreadable);
    if (saved.state !== "ok") return;
    var kept = carry(p.spec, p.items, saved.value);
    var answers = kept.answers, last = list[list.length - 1];
    setAnswers(p, answers);
    var still = p.changed = kept.changed.filter(function (id) { return p.items[id]; });
    if (!kept.changed.length) {
      if (!last || last.hash !== p.spec.hash || !sameAnswers(last.answers, answers)) say(p, TEXT.restored);
      return;
    }
    saveDraft(p, answers);
    var note = el("div", null, "kbq-carried");
    note.appendChild(el("p", fill(TEXT.carried, Object.keys(answers).length) +
      (still.length < kept.changed.length ? fill(TEXT.gone, kept.changed.length - still.length) : "")));
    if (still.length) {
      note.appendChild(el("p", TEXT.changed));
      note.appendChild(itemLinks(p, still));
    }
    p.status.textContent = "";
    p.status.appendChild(note);
  }

  function hideResults(p) {
    p.results.hidden = true;
    p.root.classList.remove("kbq--report");
    p.root.parentElement.classList.remove("kbq-host--report");
  }

  /* Once per page, as this file arrives: the items, the draft and the earlier results. */
  function start(p) {
    if (p.items) return;
    p.items = itemsOf(p.spec);
    p.changed = [];
    if (p.keeps) {
      restore(p, attempts(p, true));
      history(p, attempts(p));  // then says whether some could not be read
    }
    update(p);
  }

  /* An answer changed: the count, and the draft kept. */
  function answered(p) {
    var answers = update(p);
    if (p.keeps) say(p, saveDraft(p, answers) ? TEXT.saved : TEXT.noStorage);
  }

  /* 清空作答: the answers, the draft and the result go (a slip's 评价码 with its rater's answers). */
  function reset(p) {
    var code = p.root.querySelector(".kbq-token");
    if (code) { code.value = ""; code.removeAttribute("aria-invalid"); p.root.querySelector(".kbq-token-note").textContent = ""; }
    p.changed = [];
    setAnswers(p, {});
    store.remove(p.keys.draft);
    hideResults(p);
  }

  /* What kb-quiz.js and the tools use of a page p. */
  Object.assign(quiz, { start: start, answered: answered, reset: reset, update: update, numberOf: numberOf,
    readAnswers: readAnswers, setAnswers: setAnswers, saveDraft: saveDraft, text: text, attempts: attempts,
    history: history, finish: finish });
  kb.quizCore = quiz;
})(this);
