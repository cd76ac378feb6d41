/* kb-quiz-tools: what a questionnaire page needs only on request — export (JSON, CSV),
 * import, the list of earlier results, the improvement plan and "delete all my data".
 * kb-quiz.js loads it on first use, so that a page carries only what every reader uses.
 * Each tool gets the page's context q (see kb-quiz.js: tools()). */
(function () {
  "use strict";

  var TEXT = {
    overall: "总体", noScore: "暂无得分", points: " 分", version: "版本",
    dimension: "维度", score: "得分", band: "档次", number: "题号", item: "题目", answer: "回答",
    confirmForget: "确定删除本站保存在这台设备上的全部数据（问卷草稿、历次结果、岗位责任清单的填写、学习记录）吗？此操作不能撤销。",
    forgotten: "已删除本站保存在这台设备上的全部数据。",
    imported: "已导入结果文件。",
    importedOld: "已导入：这是问卷另一版本（{v}）的结果，已列入历次结果；其中 {n} 个回答仍适用，已填入本页。",
    importOther: "无法导入：这个文件不是本问卷的结果。",
    importVersion: "无法导入：这个结果来自问卷的另一个版本，文件里没有可用的内容。",
    importBad: "无法导入：文件不是有效的结果文件。",
    importLarge: "无法导入：文件超过 1 MB，不是结果文件。",
    importDate: "无法导入：文件里的日期无效。",
    importAnswers: "无法导入：文件里的回答与本问卷的题目不符。",
    planned: "已把 {n} 条建议存为改进计划：打开任一岗位责任清单，点“加入自评改进计划”即可加入。",
    improve: "提升",
  };
  var RESULT_FORMAT = "kb-quiz-result";

  function el(tag, text) { var node = document.createElement(tag); node.textContent = text; return node; }

  function exportJson(q) {
    var shown = q.shown();
    var data = {
      format: RESULT_FORMAT, version: 1,
      questionnaire: { id: q.spec.id, title: q.spec.title, version: q.spec.version, hash: q.spec.hash },
      date: shown.date, answers: shown.answers, fingerprints: q.draftOf(shown.answers).fps, result: shown.result,
    };
    if (!q.keeps) {  // a rating form: who was rated, in which round (never who rated)
      data.subject = q.root.querySelector(".kbq-subject-name").value.trim();
      data.period = q.root.querySelector(".kbq-period").value.trim();
    }
    q.store.download(q.spec.id + "-" + q.store.today() + ".json", "application/json", JSON.stringify(data, null, 2));
  }

  function exportCsv(q) {
    var spec = q.spec, shown = q.shown();
    var rows = [[TEXT.dimension, TEXT.score, TEXT.band]];
    spec.dimensions.forEach(function (d) {
      var got = shown.result.dimensions[d.id];
      rows.push([d.name, q.fixed(got.percent), got.band === null ? "" : d.bands[got.band].label]);
    });
    var o = shown.result.overall;
    rows.push([TEXT.overall, q.fixed(o.percent), o.band === null ? "" : spec.bands[o.band].label], []);
    rows.push([TEXT.number, TEXT.item, TEXT.answer]);
    spec.items.forEach(function (item) {
      var a = shown.answers[item.id];
      var said = item.type === "text" ? a : item.type === "multi" ? (a || []).map(function (k) { return item.labels[k]; }).join("；") :
        window.kbScore.isNotApplicable(item, a) ? item.na : item.labels && item.labels[a];
      rows.push([q.numberOf(item.id), item.text, said]);
    });
    q.store.download(spec.id + "-" + q.store.today() + ".csv", "text/csv;charset=utf-8", q.store.csv(rows));
  }

  function importFile(q, file) {
    q.store.readJson(file, function (data) { importData(q, data); },
      function (why) { q.say(why === "large" ? TEXT.importLarge : TEXT.importBad); });
  }

  function importData(q, data) {
    var spec = q.spec;
    if (!q.store.isObject(data) || data.format !== RESULT_FORMAT || !q.store.isObject(data.questionnaire) || !q.store.isObject(data.answers)) {
      return q.say(TEXT.importBad);
    }
    if (data.questionnaire.id !== spec.id) return q.say(TEXT.importOther);
    if (!q.store.isDate(data.date)) return q.say(TEXT.importDate);
    if (data.questionnaire.hash === spec.hash) {
      var good = Object.keys(data.answers).every(function (id) { return q.items[id] && q.fits(q.items[id], data.answers[id]); });
      if (!good) return q.say(TEXT.importAnswers);
      q.setAnswers(data.answers);
      q.saveDraft(data.answers);
      q.finish(data.answers, data.date);
      return q.say(TEXT.imported);
    }
    // Another version: its result joins the history as it was; answers to unchanged items carry over.
    var old = { date: data.date, hash: String(data.questionnaire.hash), version: String(data.questionnaire.version || ""),
      answers: data.answers, result: data.result, label: null, lessons: [] };
    var carried = window.kbScore.carryOver(spec, data.answers, q.store.isObject(data.fingerprints) ? data.fingerprints : {}).answers;
    Object.keys(carried).forEach(function (id) { if (!q.fits(q.items[id], carried[id])) delete carried[id]; });
    var n = Object.keys(carried).length;
    if (!q.keeps || (!q.isAttempt(old) && !n)) return q.say(TEXT.importVersion);
    if (q.isAttempt(old)) {
      var list = q.attempts().filter(function (a) { return a.date !== old.date; }).concat([old]);
      list.sort(function (a, b) { return a.date < b.date ? -1 : 1; });
      q.store.set(q.keys.attempts, list);
      q.history(list);
    }
    if (n) {
      q.setAnswers(Object.assign(q.readAnswers(), carried));
      q.saveDraft(q.readAnswers());
    }
    q.say(TEXT.importedOld.replace("{v}", old.version || "—").replace("{n}", String(n)));
  }

  /* The list of earlier results, newest first: date, version, overall score and band. */
  function history(q, list) {
    var ol = q.root.querySelector(".kbq-history ol");
    if (!ol) return;
    ol.textContent = "";
    list.slice().reverse().forEach(function (a) {
      var overall = a.result.overall.percent;
      ol.appendChild(el("li", q.day(a.date) + " · " + TEXT.version + " " + (a.version || "—") + " · " + TEXT.overall + " " +
        (overall === null ? TEXT.noScore : q.fixed(overall) + TEXT.points) + (a.label ? "（" + a.label + "）" : "")));
    });
  }

  /* Hand the advice to the responsibility lists (kb-list.js) as rows to commit to. */
  function plan(q) {
    var spec = q.spec, shown = q.shown();
    var rows = [];
    spec.dimensions.forEach(function (d) {
      var band = shown.result.dimensions[d.id].band;
      var advice = band === null ? null : q.text("dim:" + d.id + ":" + band + ":advice");
      if (advice) rows.push({ duty: TEXT.improve + d.name + "（" + d.bands[band].label + "）", standard: advice.textContent.trim() });
    });
    var saved = q.store.set(q.store.PREFIX + "plan", { from: spec.title, date: shown.date, rows: rows });
    q.say(saved ? TEXT.planned.replace("{n}", String(rows.length)) : q.noStorage);
  }

  function forget(q) {
    if (!window.confirm(TEXT.confirmForget)) return;
    q.store.clearAll();
    q.setAnswers({});
    q.hideResults();
    q.history([]);
    q.say(TEXT.forgotten);
  }

  window.kbQuizTools = { exportJson: exportJson, exportCsv: exportCsv, importFile: importFile, history: history,
    plan: plan, forget: forget };
})();
