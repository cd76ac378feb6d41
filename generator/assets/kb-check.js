/* kb-check: a lesson's 随堂测验. Loaded only by lessons that have one.
 * The grading core (normalise, itemRight, grade, carryOver) is pure and the twin of
 * generator/scoring/grading.py: the shared vectors tests/vectors/grading.json and a property
 * test hold both to the same results. Rules: docs/course-format.md (随堂测验).
 * On the page: a pass marks the lesson studied in "kb:studied" ({lessonId: ISO date}, as
 * kb-path.js reads it) and keeps the result in "kb:checks":
 * {lessonId: {passed, date, last, score, total, tries, hash, answers, fps}}. */
(function (root) {
  "use strict";

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

  var api = { normalise: normalise, itemRight: itemRight, grade: grade, carryOver: carryOver };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  root.kbCheck = api;
  if (root.kbCheckLoaded) return;  // loaded again by instant navigation: bind once
  root.kbCheckLoaded = true;

  var CHECKS = "kb:checks";  // phase 2 moves the key to kb-store.js
  var STUDIED = "kb:studied";
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
  var store;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return has(values, k) ? values[k] : m; });
  }
  function day(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }
  function isRecord(r) {
    return store.isObject(r) && typeof r.passed === "boolean" && store.isDate(r.date) &&
      store.isObject(r.answers) && store.isObject(r.fps);
  }
  /** Every lesson's record, or {} when missing or corrupt (then set aside by store.read). */
  function records(status) {
    var saved = store.read(CHECKS, store.isObject);
    if (saved.state === "unreadable" && status) status.push(TEXT.unreadable);
    return saved.state === "ok" ? saved.value : {};
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
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

  function bind(box) {
    var spec = JSON.parse(box.querySelector(".kbc-spec").textContent);
    var id = spec.lesson;
    var hours = box.dataset.hours;
    var form = box.querySelector(".kbc-form");
    var status = box.querySelector(".kbc-status");
    var top = document.querySelector('[data-kbc-top="' + id + '"]');
    build(form, spec);
    var fields = {};
    Array.prototype.forEach.call(form.querySelectorAll(".kbc-item"), function (f) { fields[f.dataset.item] = f; });

    function inputs(item) { return Array.prototype.slice.call(fields[item.id].querySelectorAll("input")); }
    function read(item) {
      var all = inputs(item);
      if (item.type === "fill") return all.map(function (i) { return i.value; });
      var on = all.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      if (item.type === "multiple") return on.length ? on.map(Number) : undefined;
      if (!on.length) return undefined;
      return item.type === "truefalse" ? on[0] === "true" : Number(on[0]);
    }
    function answered(item, answer) {
      if (item.type === "fill") return answer.every(function (a) { return a.trim() !== ""; });
      return answer !== undefined;
    }
    function put(item, answer) {
      var all = inputs(item);
      if (item.type === "fill") {
        if (Array.isArray(answer)) all.forEach(function (i, n) { i.value = typeof answer[n] === "string" ? answer[n] : ""; });
        return;
      }
      var picked = Array.isArray(answer) ? answer : [answer];
      all.forEach(function (i) {
        i.checked = picked.some(function (a) { return String(a) === i.value; });
      });
    }
    function feedback(item, right) {
      var field = fields[item.id];
      var box = field.querySelector(".kbc-feedback");
      field.classList.toggle("kbc-right", right === true);
      field.classList.toggle("kbc-wrong", right === false);
      box.hidden = right === null;
      box.querySelector(".kbc-verdict").textContent = right ? TEXT.right : TEXT.wrong;
    }
    function needed() {
      var n = Math.ceil(spec.pass * spec.items.length / 100);
      return n === spec.items.length ? "全部答对" : "答对 " + n + " 题及以上";
    }
    function fps() {
      var out = {};
      spec.items.forEach(function (item) { out[item.id] = item.fp; });
      return out;
    }
    function showTop(record) {
      if (top && record && record.passed) top.textContent = fill(TEXT.topPassed, { d: day(record.date) });
    }

    // What this device kept: answers of unchanged items come back, with their verdicts.
    var notes = [];
    var all = records(notes);
    var record = isRecord(all[id]) ? all[id] : null;
    if (record) {
      var carried = carryOver(spec, record.answers, record.fps);
      var result = grade(spec, carried.answers);
      spec.items.forEach(function (item) {
        if (!has(carried.answers, item.id)) return;
        put(item, carried.answers[item.id]);
        feedback(item, result.right[item.id]);
      });
      var fresh = spec.items.filter(function (item) { return !has(carried.answers, item.id); }).length;
      var values = { d: day(record.date), s: record.score, t: record.total };
      if (record.passed) {
        notes.push(fill(TEXT.kept, values));
        if (fresh) notes.push(fill(TEXT.changed, { n: fresh }));
      } else {
        notes.push(fill(TEXT.retry, values));
      }
      showTop(record);
    } else {
      var studied = store.read(STUDIED, store.isObject);
      var when = studied.state === "ok" ? studied.value[id] : null;
      if (store.isDate(when)) {
        notes.push(fill(spec.earlier === "credited" ? TEXT.earlierCredited : TEXT.earlierUncredited, { d: day(when) }));
      }
    }
    status.textContent = notes.join(" ");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {};
      var missing = [];
      spec.items.forEach(function (item, n) {
        var answer = read(item);
        if (answered(item, answer)) answers[item.id] = answer;
        else missing.push(n);
      });
      if (missing.length) {
        status.textContent = fill(TEXT.missing, { n: missing.length, list: missing.map(function (n) { return n + 1; }).join("、") });
        inputs(spec.items[missing[0]])[0].focus();
        return;
      }
      var result = grade(spec, answers);
      spec.items.forEach(function (item) { feedback(item, result.right[item.id]); });
      var now = new Date().toISOString();
      var saved = records(null);
      var before = isRecord(saved[id]) ? saved[id] : null;
      var tries = (before && typeof before.tries === "number" ? before.tries : 0) + 1;
      var message;
      var ok = true;
      if (result.passed || !(before && before.passed)) {
        // A pass keeps the date the 学时 were first credited; a failure before any pass is kept
        // so that a reload shows it. A failure after a pass is practice and changes nothing.
        saved[id] = { passed: result.passed, date: before && before.passed ? before.date : now, last: now,
          score: result.score, total: result.total, tries: tries, hash: spec.hash, answers: answers, fps: fps() };
        ok = store.set(CHECKS, saved);
        if (result.passed && ok) {
          var studied = store.read(STUDIED, store.isObject);
          var marks = studied.state === "ok" ? studied.value : {};
          if (!store.isDate(marks[id])) {  // an earlier mark is kept as it is
            marks[id] = saved[id].date;
            ok = store.set(STUDIED, marks);
          }
        }
      } else if (before) {
        before.tries = tries;
        store.set(CHECKS, saved);
      }
      var values = { s: result.score, t: result.total, h: hours, need: needed(), d: day(saved[id] ? saved[id].date : now) };
      if (result.passed) {
        message = fill(TEXT.passed, values);
        showTop(saved[id]);
      } else {
        message = fill(TEXT.failed, values) + (before && before.passed ? TEXT.practice : "");
      }
      status.textContent = message + (ok ? "" : " " + TEXT.noStorage);
    });
    form.querySelector(".kbc-clear").addEventListener("click", function () {
      spec.items.forEach(function (item) {
        inputs(item).forEach(function (i) { i.checked = false; i.value = item.type === "fill" ? "" : i.value; });
        feedback(item, null);
      });
      status.textContent = "";
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
    store = (root.kb && root.kb.store) || root.kbStore;
    store.onPages(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof globalThis !== "undefined" ? globalThis : this);
