/* kb-quiz-tools: what a questionnaire page needs only on request — export (JSON, CSV),
 * import, the list of earlier results, the improvement plan and "delete all my data".
 * kb-quiz.js loads it on first use, so that a page carries only what every reader uses.
 * A pure core (the files' contents, the answer-shape check: required by tests/js/) and the
 * tools, window.kb.quizTools, each given the page p of kb-quiz.js (see open there). */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js"), score: require("./kb-score.js"), quiz: require("./kb-quiz.js") }
    : (root.kb = root.kb || {});

  var TEXT = {
    overall: "总体", noScore: "暂无得分", points: " 分", version: "版本",
    dimension: "维度", score: "得分", band: "档次", number: "题号", item: "题目", answer: "回答",
    quiz: "问卷", date: "日期", name: "姓名", unit: "单位", code: "结果码",
    confirmForget: "确定删除本站保存在这台设备上的全部数据（问卷草稿、历次结果、岗位责任清单的填写、学习记录）吗？此操作不能撤销。",
    forgotten: "已删除本站保存在这台设备上的全部数据。",
    imported: "已导入结果文件。",
    importedOld: "已导入：这是问卷另一版本（{v}）的结果，已列入历次结果；其中 {n} 个回答仍适用，已填入本页。",
    importedEdited: "已导入：这是问卷内容改动之前的结果，已列入历次结果；其中 {n} 个回答仍适用，已填入本页。",
    importOther: "无法导入：这个文件不是本问卷的结果。",
    importVersion: "无法导入：这个结果来自问卷的另一个版本，文件里没有可用的内容。",
    importBad: "无法导入：文件不是有效的结果文件。",
    importLarge: "无法导入：文件超过 1 MB，不是结果文件。",
    importDate: "无法导入：文件里的日期无效。",
    importAnswers: "无法导入：文件里的回答与本问卷的题目不符。",
    planned: "已把 {n} 条建议存为改进计划：打开任一岗位责任清单，点“加入自评改进计划”即可加入。",
    improve: "提升",
  };

  /* ---- The pure core ---- */

  /**
   * The answers of a file that do not have the shape of their item, or are to no item
   * (twin of generator/results.py:check_answers; shared vectors in tests/vectors/).
   * @returns {?string[]} their ids in the file's order; null when answers is not an object
   */
  function misfits(spec, answers) {
    if (!kb.store.isObject(answers)) return null;
    var items = kb.quiz.itemsOf(spec);
    return Object.keys(answers).filter(function (id) {
      return !Object.prototype.hasOwnProperty.call(items, id) || !kb.score.fits(items[id], answers[id]);
    });
  }

  /** The exported file of a record (answers, their fingerprints, result) of spec. */
  function resultFile(spec, rec) {
    return {
      format: kb.store.FORMAT.result, version: 1,
      questionnaire: { id: spec.id, title: spec.title, version: spec.version, hash: spec.hash },
      date: rec.date, answers: rec.answers, fingerprints: kb.quiz.draftOf(kb.quiz.itemsOf(spec), rec.answers).fps,
      result: rec.result,
    };
  }

  /**
   * The rows of a record's CSV: what the file is (questionnaire and version, date, the reader's
   * 姓名 and 单位 when typed, the result code), scores per dimension and overall, then each
   * answer as worded.
   * @param {{name: string, unit: string}} who as typed on the page
   */
  function csvRows(spec, rec, numberOf, who) {
    var fixed = kb.quiz.fixed;
    var rows = [[TEXT.quiz, spec.title + "（" + TEXT.version + " " + spec.version + "）"], [TEXT.date, kb.store.day(rec.date)]];
    if (who.name.trim()) rows.push([TEXT.name, who.name.trim()]);
    if (who.unit.trim()) rows.push([TEXT.unit, who.unit.trim()]);
    rows.push([TEXT.code, kb.score.resultCode(spec, rec.answers, rec.date)], []);
    rows.push([TEXT.dimension, TEXT.score, TEXT.band]);
    spec.dimensions.forEach(function (d) {
      var got = rec.result.dimensions[d.id];
      rows.push([d.name, fixed(got.percent), got.band === null ? "" : d.bands[got.band].label]);
    });
    var o = rec.result.overall;
    rows.push([TEXT.overall, fixed(o.percent), o.band === null ? "" : spec.bands[o.band].label], []);
    rows.push([TEXT.number, TEXT.item, TEXT.answer]);
    spec.items.forEach(function (item) {
      var a = rec.answers[item.id];
      var said = item.type === "text" ? a : item.type === "multi" ? (a || []).map(function (k) { return item.labels[k]; }).join("；") :
        kb.score.extra(item, a) ? item[kb.score.extra(item, a)] : item.labels && item.labels[a];  // 不适用 / 不了解 / 未遇到
      rows.push([numberOf(item.id), item.text, said]);
    });
    return rows;
  }

  /** @returns {string} an attempt in the list of earlier results */
  function historyLine(a) {
    var overall = a.result.overall.percent;
    return kb.store.day(a.date) + " · " + TEXT.version + " " + (a.version || "—") + " · " + TEXT.overall + " " +
      (overall === null ? TEXT.noScore : kb.quiz.fixed(overall) + TEXT.points) + (a.label ? "（" + a.label + "）" : "");
  }

  /**
   * What an imported file of another version brings: its attempt as it was, and the answers
   * to items that kept their fingerprint and still fit them.
   * @returns {{old: object, carried: Object<string,*>}}
   */
  function otherVersion(spec, data) {
    var old = { date: data.date, hash: String(data.questionnaire.hash), version: String(data.questionnaire.version || ""),
      answers: data.answers, result: data.result, label: null, lessons: [] };
    var fps = kb.store.isObject(data.fingerprints) ? data.fingerprints : {};
    var carried = kb.score.carryOver(spec, data.answers, fps).answers;
    var items = kb.quiz.itemsOf(spec);
    Object.keys(carried).forEach(function (id) { if (!kb.score.fits(items[id], carried[id])) delete carried[id]; });
    return { old: old, carried: carried };
  }

  /** @returns {object[]} the attempts with old in its place by date (one per date) */
  function withAttempt(list, old) {
    var all = list.filter(function (a) { return a.date !== old.date; }).concat([old]);
    all.sort(function (a, b) { return a.date < b.date ? -1 : 1; });
    return all;
  }

  /**
   * The improvement plan of a record: a row to commit to for each dimension with advice.
   * @param {function(string):?string} advice the text of an advice by its key, null if none
   */
  function plan(spec, rec, advice) {
    var rows = [];
    spec.dimensions.forEach(function (d) {
      var band = rec.result.dimensions[d.id].band;
      var text = band === null ? null : advice("dim:" + d.id + ":" + band + ":advice");
      if (text !== null) rows.push({ duty: TEXT.improve + d.name + "（" + d.bands[band].label + "）", standard: text });
    });
    return { from: spec.title, date: rec.date, rows: rows };
  }

  var core = { misfits: misfits, resultFile: resultFile, csvRows: csvRows, historyLine: historyLine,
    otherVersion: otherVersion, withAttempt: withAttempt, plan: plan };
  if (node) { module.exports = core; return; }

  /* ---- The tools, each given the page p of kb-quiz.js ---- */

  var store = kb.store, quiz = kb.quiz;

  function exportJson(p) {
    var data = resultFile(p.spec, p.shown);
    if (!p.keeps) {  // a rating form: who was rated, in which round (never who rated)
      data.subject = p.root.querySelector(".kbq-subject-name").value.trim();
      data.period = p.root.querySelector(".kbq-period").value.trim();
      if (p.token) data.token = p.token.code;  // the 评价码 the rater typed (kb-token.js)
    }
    store.download(p.spec.id + "-" + store.today() + ".json", "application/json", JSON.stringify(data, null, 2));
  }

  function exportCsv(p) {
    function typed(key) { var input = p.root.querySelector('.kb-profile[data-key="' + key + '"]'); return input ? input.value : ""; }
    var rows = csvRows(p.spec, p.shown, function (id) { return quiz.numberOf(p, id); }, { name: typed("name"), unit: typed("unit") });
    store.download(p.spec.id + "-" + store.today() + ".csv", "text/csv;charset=utf-8", store.csv(rows));
  }

  function importFile(p, file) {
    store.readJson(file, function (data) { importData(p, data); },
      function (why) { quiz.say(p, why === "large" ? TEXT.importLarge : TEXT.importBad); });
  }

  function importData(p, data) {
    var spec = p.spec;
    function say(text) { quiz.say(p, text); }
    if (!store.isObject(data) || data.format !== store.FORMAT.result || !store.isObject(data.questionnaire) || !store.isObject(data.answers)) {
      return say(TEXT.importBad);
    }
    if (data.questionnaire.id !== spec.id) return say(TEXT.importOther);
    if (!store.isDate(data.date)) return say(TEXT.importDate);
    if (data.questionnaire.hash === spec.hash) {
      if (misfits(spec, data.answers).length) return say(TEXT.importAnswers);
      quiz.setAnswers(p, data.answers);
      quiz.saveDraft(p, data.answers);
      quiz.finish(p, data.answers, data.date);
      return say(TEXT.imported);
    }
    // Another version: its result joins the history as it was; answers to unchanged items carry over.
    var got = otherVersion(spec, data), old = got.old;
    var n = Object.keys(got.carried).length;
    if (!p.keeps || (!quiz.isAttempt(old) && !n)) return say(TEXT.importVersion);
    if (quiz.isAttempt(old)) {
      var list = withAttempt(quiz.attempts(p), old);
      store.set(p.keys.attempts, list);
      quiz.history(p, list);
    }
    if (n) {
      quiz.setAnswers(p, Object.assign(quiz.readAnswers(p), got.carried));
      quiz.saveDraft(p, quiz.readAnswers(p));
    }
    var said = old.version === String(spec.version) ? TEXT.importedEdited : TEXT.importedOld;  // same number, edited
    say(said.replace("{v}", old.version || "—").replace("{n}", String(n)));
  }

  /* The list of earlier results, newest first: date, version, overall score and band. */
  function history(p, list) {
    var ol = p.root.querySelector(".kbq-history ol");
    if (!ol) return;
    ol.textContent = "";
    list.slice().reverse().forEach(function (a) { ol.appendChild(store.el("li", historyLine(a))); });
  }

  /* Hand the advice to the responsibility lists (kb-list.js) as rows to commit to. */
  function offerPlan(p) {
    var made = plan(p.spec, p.shown, function (key) {
      var advice = quiz.text(p, key);
      return advice ? advice.textContent.trim() : null;
    });
    var saved = store.set(store.KEY.plan, made);
    store.toast(saved ? TEXT.planned.replace("{n}", String(made.rows.length)) : quiz.TEXT.noStorage);  // by the button
  }

  function forget(p) {
    if (!window.confirm(TEXT.confirmForget)) return;
    store.clearAll();
    quiz.reset(p);
    quiz.history(p, []);
    quiz.say(p, TEXT.forgotten);
  }

  kb.quizTools = { exportJson: exportJson, exportCsv: exportCsv, importFile: importFile, history: history,
    plan: offerPlan, forget: forget };
})(this);
