/* kb-check: a lesson's 随堂测验, window.kb.check. Loaded only by lessons that have one, after
 * kb-lessons.js and kb-path.js (which decides what a pass credits and marks the navigation).
 * The grading core (normalise, itemRight, grade, carryOver) is pure and the twin of
 * generator/scoring/grading.py: the shared vectors tests/vectors/grading.json and a property
 * test hold both to the same results; next (the record after a submission) is pure too.
 * Rules: docs/course-format.md (随堂测验). On the page it builds the form from the page's
 * JSON spec, grades, shows each item's 解析, and keeps the result in kb.store.KEY.checks (its
 * format is in kb-store.js); a pass marks the lesson studied in KEY.studied, an earlier mark
 * kept as it is. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js") } : (root.kb = root.kb || {});
  if (kb.check) return;  // loaded again by instant navigation: bind once

  // Punctuation, separators (spaces) and other (control, format…) characters: left out.
  var STRIP = new RegExp("[\\p{P}\\p{Z}\\p{C}]", "gu");

  /** A fill-in answer as it is compared: NFKC, no punctuation or spaces, A–Z lower case. */
  function normalise(text) {
    return text.normalize("NFKC").replace(STRIP, "").replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }
  function isIndex(value, size) {
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < size;
  }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /** Whether answer is right for one spec item; a missing or malformed answer is wrong. */
  function itemRight(item, answer) {
    if (item.type === "single") return isIndex(answer, item.options) && answer === item.answer;
    if (item.type === "multiple") {
      if (!Array.isArray(answer) || !answer.every(function (a) { return isIndex(a, item.options); })) return false;
      var picked = Array.from(new Set(answer)).sort(function (a, b) { return a - b; });
      return picked.length === item.answer.length && picked.every(function (a, i) { return a === item.answer[i]; });
    }
    if (item.type === "truefalse") return typeof answer === "boolean" && answer === item.answer;
    if (!Array.isArray(answer) || answer.length !== item.blanks.length) return false;
    return answer.every(function (given, i) {
      if (typeof given !== "string") return false;
      var text = normalise(given);
      return text !== "" && item.blanks[i].some(function (accepted) { return normalise(accepted) === text; });
    });
  }

  /** @returns {{score:number,total:number,passed:boolean,right:Object<string,boolean>}} */
  function grade(spec, answers) {
    var right = {};
    var score = 0;
    spec.items.forEach(function (item) {
      right[item.id] = has(answers, item.id) && itemRight(item, answers[item.id]);
      if (right[item.id]) score++;
    });
    var total = spec.items.length;
    return { score: score, total: total, passed: total > 0 && score * 100 >= spec.pass * total, right: right };
  }

  /** The saved answers whose item is unchanged (same fingerprint), and the ids of the others. */
  function carryOver(spec, answers, fingerprints) {
    var current = {};
    spec.items.forEach(function (item) { current[item.id] = item.fp; });
    var kept = {};
    var changed = [];
    Object.keys(answers).forEach(function (id) {
      if (has(current, id) && fingerprints[id] === current[id]) kept[id] = answers[id];
      else changed.push(id);
    });
    return { answers: kept, changed: changed };
  }

  /** @returns {object} item id -> fingerprint, of every item of spec */
  function fingerprints(spec) {
    var out = {};
    spec.items.forEach(function (item) { out[item.id] = item.fp; });
    return out;
  }

  /**
   * A lesson's record in KEY.checks after a graded submission. A pass keeps the date of the
   * first pass; a failure before any pass is kept, so that a reload shows it; a failure after
   * a pass is practice and changes nothing but the count of tries.
   * @param {?object} before the record so far (null: none)
   * @param {object} result what grade gave
   * @param {string} now ISO date
   */
  function next(before, result, spec, answers, now) {
    var tries = (before && typeof before.tries === "number" ? before.tries : 0) + 1;
    if (before && before.passed && !result.passed) return Object.assign({}, before, { tries: tries });
    return { passed: result.passed, date: before && before.passed ? before.date : now, last: now,
      score: result.score, total: result.total, tries: tries, hash: spec.hash, answers: answers, fps: fingerprints(spec),
      right: result.right };
  }

  var api = kb.check = { normalise: normalise, itemRight: itemRight, grade: grade, carryOver: carryOver, next: next };
  if (node) { module.exports = api; return; }

  /* ---- The DOM binding ---- */

  var KINDS = { single: "单选题", multiple: "多选题", truefalse: "判断题", fill: "填空题" };
  var TEXT = {
    submit: "提交答案", clear: "清空重答",
    right: "回答正确。", wrong: "回答错误。",
    missing: "还有 {n} 题没有作答：第 {list} 题。",
    passed: "通过！答对 {s} / {t} 题。本课已记为已学，计 {h} 学时（{d}）。",
    failed: "答对 {s} / {t} 题，还没有通过（需要{need}）。请看各题的解析，改正后再提交，次数不限。",
    kept: "已通过（{d}，答对 {s} / {t} 题）：本课已记为已学。",
    practice: "（本次作答只作练习，已通过的记录不变。）",
    changed: "本课的测验在你通过之后改过：{n} 道题是新题或改过的题，可以再做一遍；已通过的记录不变。",
    retry: "上次作答（{d}）答对 {s} / {t} 题，还没有通过。",
    earlierCredited: "你在本课设立随堂测验之前已把它标记为已学（{d}），学时照计；也欢迎做一做测验。",
    earlierUncredited: "你在本课设立随堂测验之前已把它标记为已学（{d}）；按本课程的规定，通过测验后才计入学时。",
    topPassed: "已学：{d} 通过本课的随堂测验。",
    unreadable: "本机保存的测验记录无法读取（可能已损坏），已另存一份备份；这里从空白开始。",
    noStorage: "本浏览器无法在本机保存，这次结果没有保存。",
  };
  var store, el;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return has(values, k) ? values[k] : m; });
  }
  function isRecord(r) { return kb.path.isCheck(r) && store.isObject(r.answers) && store.isObject(r.fps); }
  /** Every lesson's record, or {} when missing or corrupt (then set aside by store.read). */
  function records(status) {
    var saved = store.read(store.KEY.checks, store.isObject);
    if ((saved.state === "unreadable" || kb.path.lost(store.KEY.checks)) && status) status.push(TEXT.unreadable);
    return saved.state === "ok" ? saved.value : {};
  }
  function order(size, shuffled) {
    var list = [];
    for (var i = 0; i < size; i++) list.push(i);
    for (var k = shuffled ? size - 1 : 0; k > 0; k--) {
      var j = Math.floor(Math.random() * (k + 1));
      var t = list[k]; list[k] = list[j]; list[j] = t;
    }
    return list;
  }
  /* The items as a form, from the spec (plain text only: every text goes in as textContent). */
  function build(form, spec) {
    spec.items.forEach(function (item, n) {
      var field = form.appendChild(el("fieldset", null, "kbc-item"));
      field.id = "kbc-" + spec.lesson + "-" + item.id;
      field.dataset.item = item.id;
      field.dataset.type = item.type;
      var legend = field.appendChild(el("legend"));
      legend.appendChild(el("span", (n + 1) + ".", "kbc-number"));
      legend.appendChild(el("span", " （" + KINDS[item.type] + "） ", "kbc-kind"));
      (item.parts || [item.text]).forEach(function (part, i, all) {
        legend.appendChild(document.createTextNode(part));
        if (i < all.length - 1) legend.appendChild(el("span", "（" + (i + 1) + "）", "kbc-gap"));
      });
      var box = field.appendChild(el("div", null, item.type === "fill" ? "kbc-blanks" : "kbc-options"));
      var labels = item.type === "truefalse" ? ["正确", "错误"] : item.labels || item.blanks;
      order(labels.length, item.shuffle).forEach(function (i) {
        var label = box.appendChild(el("label", item.type === "fill" ? "第（" + (i + 1) + "）空 " : null));
        var input = label.appendChild(el("input"));
        input.name = "kbc-" + item.id;
        if (item.type === "fill") {
          input.type = "text";
          input.autocomplete = "off";
          input.spellcheck = false;
          return;
        }
        input.type = item.type === "multiple" ? "checkbox" : "radio";
        input.value = item.type === "truefalse" ? String(i === 0) : String(i);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(el("span", labels[i]));
      });
      var feedback = field.appendChild(el("div", null, "kbc-feedback"));
      feedback.hidden = true;
      feedback.appendChild(el("p", null, "kbc-verdict"));
      var why = feedback.appendChild(el("p", null, "kbc-explanation"));
      why.appendChild(el("strong", "解析："));
      why.appendChild(document.createTextNode(item.explanation));
    });
    var actions = form.appendChild(el("p", null, "kbc-actions"));
    var submit = actions.appendChild(el("button", TEXT.submit, "md-button md-button--primary"));
    submit.type = "submit";
    actions.appendChild(document.createTextNode(" "));
    var clear = actions.appendChild(el("button", TEXT.clear, "md-button kbc-clear"));
    clear.type = "button";
  }

  /** The form's items as controls: read an answer, put one back, show a verdict. */
  function controls(form, spec) {
    var fields = {};
    Array.prototype.forEach.call(form.querySelectorAll(".kbc-item"), function (f) { fields[f.dataset.item] = f; });
    function inputs(item) { return Array.prototype.slice.call(fields[item.id].querySelectorAll("input")); }
    return {
      inputs: inputs,
      read: function (item) {
        var all = inputs(item);
        if (item.type === "fill") return all.map(function (i) { return i.value; });
        var on = all.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        if (item.type === "multiple") return on.length ? on.map(Number) : undefined;
        if (!on.length) return undefined;
        return item.type === "truefalse" ? on[0] === "true" : Number(on[0]);
      },
      answered: function (item, answer) {
        if (item.type === "fill") return answer.every(function (a) { return a.trim() !== ""; });
        return answer !== undefined;
      },
      put: function (item, answer) {
        var all = inputs(item);
        if (item.type === "fill") {
          if (Array.isArray(answer)) all.forEach(function (i, n) { i.value = typeof answer[n] === "string" ? answer[n] : ""; });
          return;
        }
        var picked = Array.isArray(answer) ? answer : [answer];
        all.forEach(function (i) { i.checked = picked.some(function (a) { return String(a) === i.value; }); });
      },
      feedback: function (item, right) {
        var field = fields[item.id];
        var box = field.querySelector(".kbc-feedback");
        field.classList.toggle("kbc-right", right === true);
        field.classList.toggle("kbc-wrong", right === false);
        box.hidden = right === null;
        box.querySelector(".kbc-verdict").textContent = right ? TEXT.right : TEXT.wrong;
      },
    };
  }

  /* The page of one check: its spec, its controls, where it speaks. */
  function open(box) {
    var spec = JSON.parse(box.querySelector(".kbc-spec").textContent);
    var form = box.querySelector(".kbc-form");
    build(form, spec);
    return { spec: spec, id: spec.lesson, hours: box.dataset.hours, needed: box.dataset.needed, form: form, c: controls(form, spec),
      status: box.querySelector(".kbc-status"), top: document.querySelector('[data-kbc-top="' + spec.lesson + '"]') };
  }
  function showTop(p, record) {
    if (p.top && record && record.passed) p.top.textContent = fill(TEXT.topPassed, { d: store.day(record.date) });
  }

  /* What this device kept: answers of unchanged items come back, with their verdicts. */
  function restore(p) {
    var notes = [];
    var all = records(notes);
    var record = isRecord(all[p.id]) ? all[p.id] : null;
    if (record) {
      var carried = carryOver(p.spec, record.answers, record.fps);
      var result = grade(p.spec, carried.answers);
      p.spec.items.forEach(function (item) {
        if (!has(carried.answers, item.id)) return;
        p.c.put(item, carried.answers[item.id]);
        p.c.feedback(item, result.right[item.id]);
      });
      var values = { d: store.day(record.date), s: record.score, t: record.total };
      var fresh = p.spec.items.filter(function (item) { return !has(carried.answers, item.id); }).length;
      notes.push(fill(record.passed ? TEXT.kept : TEXT.retry, values));
      if (record.passed && fresh) notes.push(fill(TEXT.changed, { n: fresh }));
      showTop(p, record);
    } else {
      var when = kb.path.saved().studied[p.id];
      if (when) notes.push(fill(p.spec.earlier === "uncredited" ? TEXT.earlierUncredited : TEXT.earlierCredited, { d: store.day(when) }));
    }
    p.status.textContent = notes.join("");  // sentences in full: no space between them
  }

  /* Grade what the form holds, keep the record, say what it means. */
  function submit(p) {
    var answers = {};
    var missing = [];
    p.spec.items.forEach(function (item, n) {
      var answer = p.c.read(item);
      if (p.c.answered(item, answer)) answers[item.id] = answer;
      else missing.push(n);
    });
    if (missing.length) {
      p.status.textContent = fill(TEXT.missing, { n: missing.length, list: missing.map(function (n) { return n + 1; }).join("、") });
      p.c.inputs(p.spec.items[missing[0]])[0].focus();
      return;
    }
    var result = grade(p.spec, answers);
    p.spec.items.forEach(function (item) { p.c.feedback(item, result.right[item.id]); });
    var saved = records(null);
    var before = isRecord(saved[p.id]) ? saved[p.id] : null;
    var record = saved[p.id] = next(before, result, p.spec, answers, new Date().toISOString());
    var ok = store.set(store.KEY.checks, saved);
    var studied = store.get(store.KEY.studied, store.isObject) || {};  // as it is: entries of other lessons untouched
    if (result.passed && ok && !store.isDate(studied[p.id])) {  // an earlier mark is kept as it is
      studied[p.id] = record.date;
      ok = store.set(store.KEY.studied, studied);
    }
    var values = { s: result.score, t: result.total, h: p.hours, need: p.needed, d: store.day(record.date) };
    var message = result.passed ? fill(TEXT.passed, values) : fill(TEXT.failed, values) + (before && before.passed ? TEXT.practice : "");
    if (result.passed) showTop(p, record);
    p.status.textContent = message + (ok ? "" : TEXT.noStorage);
    kb.path.nav();
  }

  function bind(box) {
    var p = open(box);
    restore(p);
    p.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(p);
    });
    p.form.querySelector(".kbc-clear").addEventListener("click", function () {
      p.spec.items.forEach(function (item) {
        p.c.inputs(item).forEach(function (i) { i.checked = false; i.value = item.type === "fill" ? "" : i.value; });
        p.c.feedback(item, null);
      });
      p.status.textContent = "";
    });
  }

  function init() {
    document.querySelectorAll("[data-kbc-lesson]").forEach(function (box) {
      if (box.dataset.kbcBound) return;
      box.dataset.kbcBound = "1";
      bind(box);
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
