/* kb-list: fill in a 岗位责任清单 on screen. Rows live in localStorage only; cells are
 * <textarea>s whose values are read and written as text, never as HTML.
 * What a reader typed is keyed by column (its `key`), never by the list's wording, so a
 * corrected title, introduction or example row keeps every cell; cells of a column the
 * trainer removed are set aside and kept in exports ("已移除的栏目"), never dropped.
 * A pure core (layout, rows, import and export: required by tests/js/list.test.cjs) and a
 * thin DOM binding, both window.kb.list. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var kb = node ? { store: require("./kb-store.js") } : (root.kb = root.kb || {});
  if (kb.list) return;  // loaded again by instant navigation: bind once

  var MAX_ROWS = 500;
  var REMOVED = "已移除的栏目";

  /* ---- The pure core ---- */

  function isObject(value) { return kb.store.isObject(value); }

  /**
   * The layout of a list's spec: its columns to fill in (all but the row number "no"),
   * their keys and names, and whether rows are numbered.
   * @returns {{cells: object[], keys: string[], names: Object<string,string>, numbered: boolean}}
   */
  function layout(spec) {
    var cells = spec.columns.filter(function (c) { return c.key !== "no"; });
    var names = {};
    cells.forEach(function (c) { names[c.key] = c.name; });
    return { cells: cells, keys: cells.map(function (c) { return c.key; }), names: names,
      numbered: spec.columns.length > cells.length };
  }

  /** @returns {object[]} the rows of a list not yet filled in: its example rows, then blank ones */
  function initial(spec) {
    var rows = spec.rows.slice();
    for (var i = 0; i < spec.blank; i++) rows.push({});
    return rows;
  }

  /** @returns {object[]} the columns set aside (kept or imported) that have the expected shape */
  function asideOf(value) {
    return Array.isArray(value) ? value.filter(function (c) { return isObject(c) && Array.isArray(c.cells); }) : [];
  }

  /**
   * Saved or imported rows fitted to the current columns: cells of columns that are gone
   * are added to removed (by column, with their row), every value made text.
   * @returns {{rows: Object[], moved: number}}
   */
  function fit(rows, keys, names, removed) {
    var moved = 0;
    var fitted = rows.map(function (row, index) {
      var values = {};
      if (!isObject(row)) return values;
      Object.keys(row).forEach(function (key) {
        var text = typeof row[key] === "string" ? row[key] : typeof row[key] === "number" ? String(row[key]) : "";
        if (keys.indexOf(key) >= 0) { values[key] = text; return; }
        if (!text.trim() || key === "no") return;
        var column = removed.filter(function (c) { return c.key === key; })[0];
        if (!column) removed.push(column = { key: key, name: (isObject(names) && typeof names[key] === "string") ? names[key] : key, cells: [] });
        column.cells.push({ row: index + 1, text: text });
        moved += 1;
      });
      return values;
    });
    return { rows: fitted, moved: moved };
  }

  /** @returns {boolean} whether a row (column key -> text) has nothing written in it */
  function isBlank(row) { return Object.keys(row).every(function (k) { return !row[k].trim(); }); }

  /**
   * Where the spare rows start: the blank rows after the last row written in, all but the
   * first of them. A phone shows one blank row and keeps the spare ones for paper (and for
   * 增加一行, which shows the next), so that the tools are not ten cards down.
   * @returns {number} the index of the first spare row (rows.length when there is none)
   */
  function spareFrom(rows) {
    var last = -1;
    rows.forEach(function (r, i) { if (!isBlank(r)) last = i; });
    return Math.min(rows.length, last + 2);
  }

  /**
   * The rows with the plan's rows in them: the first empty rows filled (the plan's text
   * over their cells), then rows added for the rest. Changes and returns rows.
   */
  function withPlan(rows, plan) {
    var empty = rows.filter(isBlank);
    plan.forEach(function (values) {
      var row = empty.shift();
      if (!row) return rows.push(values);
      Object.keys(row).forEach(function (k) { if (typeof values[k] === "string") row[k] = values[k]; });
    });
    return rows;
  }

  /** @returns {object[]} the rows of the stored improvement plan (kb-quiz-tools.js: plan), if any */
  function planRows(plan) { return isObject(plan) && Array.isArray(plan.rows) ? plan.rows.filter(isObject) : []; }

  /**
   * Why an imported file cannot be read into the list of spec: "bad" (not this list's
   * export), "rows" (too many rows, or one not text), "empty"; null when it can.
   */
  function refusal(spec, data) {
    if (!isObject(data) || data.format !== kb.store.FORMAT.list || !isObject(data.list) || data.list.id !== spec.id || !Array.isArray(data.rows)) {
      return "bad";
    }
    var good = data.rows.length <= MAX_ROWS && data.rows.every(function (r) {
      return isObject(r) && Object.keys(r).every(function (k) { return typeof r[k] === "string"; });
    });
    if (!good) return "rows";
    return data.rows.length ? null : "empty";
  }

  /** @returns {Object<string,string>} column key -> name, of an imported file's columns */
  function namesOf(data) {
    var names = {};
    (Array.isArray(data.columns) ? data.columns : []).forEach(function (c) { if (isObject(c)) names[c.key] = c.name; });
    return names;
  }

  /** The exported file of a list: its columns, the fields above it, its rows, what was set aside. */
  function exportFile(spec, fields, rows, removed) {
    var data = { format: kb.store.FORMAT.list, version: 2, list: { id: spec.id, title: spec.title, hash: spec.hash },
      columns: layout(spec).cells.map(function (c) { return { key: c.key, name: c.name }; }), fields: fields, rows: rows };
    if (removed.length) data[REMOVED] = removed;
    return data;
  }

  var list = kb.list = { MAX_ROWS: MAX_ROWS, REMOVED: REMOVED, layout: layout, initial: initial, asideOf: asideOf,
    fit: fit, isBlank: isBlank, spareFrom: spareFrom, withPlan: withPlan, planRows: planRows, refusal: refusal,
    namesOf: namesOf, exportFile: exportFile };
  if (node) { module.exports = list; return; }

  /* ---- The DOM binding: a page l holds one list on screen (see open) ---- */

  var TEXT = {
    restored: "已恢复你上次在本机的填写。",
    removed: "清单的栏目有调整：已移除的栏目（{names}）中的 {n} 处填写已另存，导出的文件里可以找到（“已移除的栏目”）。",
    unreadable: "本机保存的这份清单无法读取（可能已损坏），已另存一份备份；页面显示原样。",
    noStorage: "本浏览器无法在本机保存：可以填写和打印，但刷新页面后填写会丢失。",
    saved: "已自动保存在本机。",
    row: "第 {n} 行",
    remove: "删除第 {n} 行",
    confirmClear: "确定清空你在本机对这份清单的全部填写，恢复原样吗？",
    cleared: "已清空，恢复为原样。",
    imported: "已导入 {n} 行。",
    importedUnsaved: "已导入 {n} 行，但本浏览器无法在本机保存，刷新页面后会丢失。",
    importBad: "无法导入：这个文件不是本清单导出的文件。",
    importLarge: "无法导入：文件超过 1 MB，不是本清单导出的文件。",
    importRows: "无法导入：文件超过 {n} 行，或有的行不是文字。",
    importEmpty: "文件里没有可导入的行，清单没有改动。",
    plan: "加入自评改进计划（{n} 条）",
    planned: "已把自评改进计划填入清单第 {n} 行起的空行，请补全完成时限和责任人。",
  };
  // Set on start: this file runs inside the page, before the site's own scripts
  // (kb-store.js among them) at the end of <body>.
  var store, el, fill;
  // A cell grows with its text, so that the printout shows all of it: by CSS where the
  // browser has field-sizing, else by hand.
  var sized = window.CSS && CSS.supports("field-sizing", "content");
  function grow(area) {
    if (sized) return;
    area.style.height = "auto";
    area.style.height = area.scrollHeight + "px";
  }

  function open(root) {
    var spec = JSON.parse(root.querySelector(".kbl-spec").textContent);
    var l = layout(spec);
    l.root = root;
    l.spec = spec;
    l.key = store.KEY.list(spec.id);
    l.body = root.querySelector("tbody");
    l.status = root.querySelector(".kbl-status");
    l.planButton = root.querySelector(".kbl-plan");
    l.heads = Array.prototype.slice.call(root.querySelectorAll(".kbl-field"));  // 单位, 岗位, 年度 to fill in
    l.removed = [];  // [{key, name, cells: [{row, text}]}]: what columns that are gone held
    return l;
  }

  function say(l, message) { l.status.textContent = message; }

  function row(l, values) {
    var tr = el("tr");
    if (l.numbered) tr.appendChild(el("td", null, "kbl-no"));
    l.cells.forEach(function (c) {
      var area = el("textarea");
      area.rows = 1;
      area.dataset.key = c.key;
      area.value = typeof values[c.key] === "string" ? values[c.key] : "";
      var td = tr.appendChild(el("td"));
      td.dataset.label = c.name;  // the field's name on a phone, where rows become cards
      td.appendChild(area);
    });
    var button = tr.appendChild(el("td", null, "kbl-row-tools")).appendChild(el("button", "×", "kbl-remove"));
    button.type = "button";
    return tr;
  }

  function renumber(l) {
    Array.prototype.forEach.call(l.body.rows, function (tr, i) {
      if (l.numbered) tr.querySelector(".kbl-no").textContent = String(i + 1);
      tr.querySelectorAll("textarea").forEach(function (area, k) {
        area.setAttribute("aria-label", fill(TEXT.row, i + 1) + " " + l.cells[k].name);
      });
      tr.querySelector(".kbl-remove").setAttribute("aria-label", fill(TEXT.remove, i + 1));
    });
  }

  function cellsOf(tr) {
    var result = {};
    tr.querySelectorAll("textarea").forEach(function (area) { result[area.dataset.key] = area.value; });
    return result;
  }
  function read(l) { return Array.prototype.map.call(l.body.rows, cellsOf); }

  /* A blank row is a short card on a phone (its first field, the rest once written in);
     spare rows are hidden there (kb-list.css), all rows stay on paper and in the data. */
  function markBlank(tr) {
    var blank = isBlank(cellsOf(tr));
    tr.classList.toggle("kbl-blank", blank);
    // Written in where spare rows show (a wide screen): it and the rows above are no longer spare.
    for (var r = tr; !blank && r && r.classList.contains("kbl-spare"); r = r.previousElementSibling) {
      r.classList.remove("kbl-spare");
    }
  }
  function render(l, rows) {
    l.body.textContent = "";
    rows.forEach(function (v) { l.body.appendChild(row(l, v || {})); });
    renumber(l);
    var from = spareFrom(read(l));
    Array.prototype.forEach.call(l.body.rows, function (tr, i) {
      markBlank(tr);
      tr.classList.toggle("kbl-spare", i >= from);
    });
    l.body.querySelectorAll("textarea").forEach(grow);
  }

  /* 增加一行: the next spare row where spare rows are hidden (numbered after the rows
     written in), else a new row at the end. */
  function addRow(l) {
    var tr = l.body.querySelector(".kbl-spare");
    if (tr && tr.offsetParent === null) tr.classList.remove("kbl-spare");
    else {
      tr = l.body.appendChild(row(l, {}));
      tr.classList.add("kbl-blank");
      renumber(l);
    }
    saveAndSay(l);
    tr.querySelector("textarea").focus();
  }

  function readHeads(l) {
    var values = {};
    l.heads.forEach(function (input) { values[input.dataset.key] = input.value; });
    return values;
  }
  function setHeads(l, values) {
    l.heads.forEach(function (input) {
      input.value = isObject(values) && typeof values[input.dataset.key] === "string" ? values[input.dataset.key] : "";
    });
  }

  function save(l) {
    return store.set(l.key, { format: 2, names: l.names, fields: readHeads(l), rows: read(l), removed: l.removed });
  }
  function saveAndSay(l) { say(l, save(l) ? TEXT.saved : TEXT.noStorage); }

  /* The plan's button, shown while a plan waits; returns the plan's rows. */
  function offerPlan(l) {
    var rows = planRows(store.get(store.KEY.plan, function (v) { return isObject(v) && Array.isArray(v.rows); }));
    l.planButton.hidden = rows.length === 0;
    l.planButton.textContent = fill(TEXT.plan, rows.length);
    return rows;
  }

  function movedNote(l, moved) {
    return TEXT.removed.replace("{names}", l.removed.map(function (c) { return "“" + c.name + "”"; }).join("、"))
      .replace("{n}", String(moved));
  }

  /* The rows kept on this device, else the list as written. */
  function restore(l) {
    var saved = store.read(l.key, function (v) { return isObject(v) && Array.isArray(v.rows); });
    var value = saved.value;
    if (saved.state === "ok") {
      l.removed = asideOf(value.removed);
      var fitted = fit(value.rows.slice(0, MAX_ROWS), l.keys, value.names, l.removed);
      render(l, fitted.rows);
      setHeads(l, value.fields);
      if (fitted.moved) { save(l); say(l, movedNote(l, fitted.moved)); } else say(l, TEXT.restored);
    } else {
      render(l, initial(l.spec));
      if (saved.state === "unreadable") say(l, TEXT.unreadable);
      else if (saved.state === "blocked") say(l, TEXT.noStorage);
    }
  }

  function importData(l, data) {
    var why = refusal(l.spec, data);
    if (why) return say(l, why === "bad" ? TEXT.importBad : why === "rows" ? fill(TEXT.importRows, MAX_ROWS) : TEXT.importEmpty);
    l.removed = asideOf(data[REMOVED]);
    var fitted = fit(data.rows, l.keys, namesOf(data), l.removed);
    render(l, fitted.rows);
    if (isObject(data.fields)) setHeads(l, data.fields);
    var message = fill(save(l) ? TEXT.imported : TEXT.importedUnsaved, fitted.rows.length);
    say(l, fitted.moved ? message + movedNote(l, fitted.moved) : message);
  }

  function bind(root) {
    if (root.dataset.kblBound) return;
    root.dataset.kblBound = "1";
    var l = open(root), body = l.body;
    function on(selector, handler) { root.querySelector(selector).addEventListener("click", handler); }
    restore(l);
    offerPlan(l);
    body.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") {
        grow(event.target);
        markBlank(event.target.closest("tr"));
      }
      saveAndSay(l);
    });
    l.heads.forEach(function (input) { input.addEventListener("input", function () { saveAndSay(l); }); });
    body.addEventListener("click", function (event) {
      var button = event.target.closest(".kbl-remove");
      if (!button) return;
      var tr = button.closest("tr");
      var next = tr.nextElementSibling;
      if (!next || next.offsetParent === null) next = tr.previousElementSibling;  // not a spare row
      tr.remove();
      renumber(l);
      saveAndSay(l);
      if (next) next.querySelector("textarea").focus();
    });
    on(".kbl-add", function () { addRow(l); });
    on(".kbl-plan", function () {
      var rows = read(l), first = rows.indexOf(rows.filter(isBlank)[0]);
      render(l, withPlan(rows, offerPlan(l)));
      store.remove(store.KEY.plan);
      offerPlan(l);
      // Said where the reader is: the button is below the table, the status above it.
      store.toast(save(l) ? fill(TEXT.planned, (first < 0 ? rows.length : first) + 1) : TEXT.noStorage);
    });
    on(".kbl-print", function () { window.print(); });
    on(".kbl-export", function () {
      var data = exportFile(l.spec, readHeads(l), read(l), l.removed);
      store.download(l.spec.id + "-" + store.today() + ".json", "application/json", JSON.stringify(data, null, 2));
    });
    root.querySelector(".kbl-import-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      store.readJson(file, function (data) { importData(l, data); },
        function (why) { say(l, why === "large" ? TEXT.importLarge : TEXT.importBad); });
    });
    on(".kbl-clear", function () {
      if (!window.confirm(TEXT.confirmClear)) return;
      store.remove(l.key);
      l.removed = [];
      setHeads(l, {});
      render(l, initial(l.spec));
      say(l, TEXT.cleared);
    });
  }

  function start() {
    store = kb.store;
    el = store.el;
    fill = store.fill;
    store.onPages(function () { document.querySelectorAll("[data-kbl]").forEach(bind); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(this);
