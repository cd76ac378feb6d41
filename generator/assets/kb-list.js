/* kb-list: fill in a 岗位责任清单 on screen. Rows live in localStorage only; cells are
 * <textarea>s whose values are read and written as text, never as HTML.
 * What a reader typed is keyed by column (its `key`), never by the list's wording, so a
 * corrected title, introduction or example row keeps every cell; cells of a column the
 * trainer removed are set aside and kept in exports ("已移除的栏目"), never dropped. */
(function () {
  "use strict";
  if (window.kbListLoaded) return;  // loaded again by instant navigation: bind once
  window.kbListLoaded = true;

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
    planned: "已把自评改进计划填入清单的空行，请补全完成时限和责任人。",
  };
  var FORMAT = "kb-list";
  var MAX_ROWS = 500;
  // Set on start: this file runs inside the page, before the site's own scripts
  // (kb-store.js among them) at the end of <body>.
  var store, PLAN_KEY;

  function format(text, n) { return text.replace("{n}", String(n)); }

  /**
   * Saved or imported rows fitted to the current columns: cells of columns that are gone
   * are added to removed (by column, with their row), every value made text.
   * @returns {{rows: Object[], moved: number}}
   */
  function fit(rows, keys, names, removed) {
    var moved = 0;
    var fitted = rows.map(function (row, index) {
      var values = {};
      if (!store.isObject(row)) return values;
      Object.keys(row).forEach(function (key) {
        var text = typeof row[key] === "string" ? row[key] : typeof row[key] === "number" ? String(row[key]) : "";
        if (keys.indexOf(key) >= 0) { values[key] = text; return; }
        if (!text.trim() || key === "no") return;
        var column = removed.filter(function (c) { return c.key === key; })[0];
        if (!column) removed.push(column = { key: key, name: (store.isObject(names) && typeof names[key] === "string") ? names[key] : key, cells: [] });
        column.cells.push({ row: index + 1, text: text });
        moved += 1;
      });
      return values;
    });
    return { rows: fitted, moved: moved };
  }

  function bind(root) {
    if (root.dataset.kblBound) return;
    root.dataset.kblBound = "1";
    var spec = JSON.parse(root.querySelector(".kbl-spec").textContent);
    var key = store.PREFIX + "list:" + spec.id;
    var body = root.querySelector("tbody");
    var status = root.querySelector(".kbl-status");
    var cells = spec.columns.filter(function (c) { return c.key !== "no"; });
    var keys = cells.map(function (c) { return c.key; });
    var names = {};
    cells.forEach(function (c) { names[c.key] = c.name; });
    var numbered = spec.columns.length > cells.length;
    var planButton = root.querySelector(".kbl-plan");
    var heads = Array.prototype.slice.call(root.querySelectorAll(".kbl-field"));  // 单位, 岗位, 年度 to fill in
    var removed = [];  // [{key, name, cells: [{row, text}]}]: what columns that are gone held

    function say(message) { status.textContent = message; }
    function blankRows(n) { var rows = []; for (var i = 0; i < n; i++) rows.push({}); return rows; }
    function initial() { return spec.rows.concat(blankRows(spec.blank)); }
    // A cell grows with its text, so that the printout shows all of it: by CSS where the
    // browser has field-sizing, else by hand.
    var sized = window.CSS && CSS.supports("field-sizing", "content");
    function grow(area) {
      if (sized) return;
      area.style.height = "auto";
      area.style.height = area.scrollHeight + "px";
    }

    function row(values) {
      var tr = document.createElement("tr");
      if (numbered) tr.appendChild(document.createElement("td")).className = "kbl-no";
      cells.forEach(function (c) {
        var area = document.createElement("textarea");
        area.rows = 1;
        area.dataset.key = c.key;
        area.value = typeof values[c.key] === "string" ? values[c.key] : "";
        var td = tr.appendChild(document.createElement("td"));
        td.dataset.label = c.name;  // the field's name on a phone, where rows become cards
        td.appendChild(area);
      });
      var tools = tr.appendChild(document.createElement("td"));
      tools.className = "kbl-row-tools";
      var button = tools.appendChild(document.createElement("button"));
      button.type = "button";
      button.className = "kbl-remove";
      button.textContent = "×";
      return tr;
    }

    function renumber() {
      Array.prototype.forEach.call(body.rows, function (tr, i) {
        if (numbered) tr.querySelector(".kbl-no").textContent = String(i + 1);
        tr.querySelectorAll("textarea").forEach(function (area, k) {
          area.setAttribute("aria-label", format(TEXT.row, i + 1) + " " + cells[k].name);
        });
        tr.querySelector(".kbl-remove").setAttribute("aria-label", format(TEXT.remove, i + 1));
      });
    }

    function render(rows) {
      body.textContent = "";
      rows.forEach(function (values) { body.appendChild(row(values || {})); });
      renumber();
      body.querySelectorAll("textarea").forEach(grow);
    }

    function read() {
      return Array.prototype.map.call(body.rows, function (tr) {
        var values = {};
        tr.querySelectorAll("textarea").forEach(function (area) { values[area.dataset.key] = area.value; });
        return values;
      });
    }

    function readHeads() {
      var values = {};
      heads.forEach(function (input) { values[input.dataset.key] = input.value; });
      return values;
    }
    function setHeads(values) {
      heads.forEach(function (input) {
        input.value = store.isObject(values) && typeof values[input.dataset.key] === "string" ? values[input.dataset.key] : "";
      });
    }

    function save() {
      return store.set(key, { format: 2, names: names, fields: readHeads(), rows: read(), removed: removed });
    }
    function saveAndSay() { say(save() ? TEXT.saved : TEXT.noStorage); }

    function offerPlan() {
      var plan = store.get(PLAN_KEY, function (v) { return store.isObject(v) && Array.isArray(v.rows); });
      var rows = plan ? plan.rows.filter(store.isObject) : [];
      planButton.hidden = rows.length === 0;
      planButton.textContent = format(TEXT.plan, rows.length);
      return rows;
    }

    function movedNote(moved) {
      return TEXT.removed.replace("{names}", removed.map(function (c) { return "“" + c.name + "”"; }).join("、"))
        .replace("{n}", String(moved));
    }

    var saved = store.read(key, function (v) { return store.isObject(v) && Array.isArray(v.rows); });
    var value = saved.value;
    if (saved.state === "ok") {
      if (Array.isArray(value.removed)) removed = value.removed.filter(function (c) { return store.isObject(c) && Array.isArray(c.cells); });
      var fitted = fit(value.rows.slice(0, MAX_ROWS), keys, value.names, removed);
      render(fitted.rows);
      setHeads(value.fields);
      if (fitted.moved) { save(); say(movedNote(fitted.moved)); } else say(TEXT.restored);
    } else {
      render(initial());
      if (saved.state === "unreadable") say(TEXT.unreadable);
      else if (saved.state === "blocked") say(TEXT.noStorage);
    }
    offerPlan();

    body.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") grow(event.target);
      saveAndSay();
    });
    heads.forEach(function (input) { input.addEventListener("input", saveAndSay); });
    body.addEventListener("click", function (event) {
      var button = event.target.closest(".kbl-remove");
      if (!button) return;
      var tr = button.closest("tr");
      var next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      renumber();
      saveAndSay();
      if (next) next.querySelector("textarea").focus();
    });
    root.querySelector(".kbl-add").addEventListener("click", function () {
      body.appendChild(row({}));
      renumber();
      saveAndSay();
      body.lastElementChild.querySelector("textarea").focus();
    });
    planButton.addEventListener("click", function () {
      // The plan fills the first empty rows, then adds rows for the rest.
      var empty = Array.prototype.filter.call(body.rows, function (tr) {
        return Array.prototype.every.call(tr.querySelectorAll("textarea"), function (a) { return !a.value.trim(); });
      });
      offerPlan().forEach(function (values) {
        var tr = empty.shift();
        if (!tr) { body.appendChild(row(values)); return; }
        tr.querySelectorAll("textarea").forEach(function (area) {
          if (typeof values[area.dataset.key] === "string") area.value = values[area.dataset.key];
        });
      });
      store.remove(PLAN_KEY);
      renumber();
      body.querySelectorAll("textarea").forEach(grow);
      offerPlan();
      say(save() ? TEXT.planned : TEXT.noStorage);
    });
    root.querySelector(".kbl-print").addEventListener("click", function () { window.print(); });
    root.querySelector(".kbl-export").addEventListener("click", function () {
      var data = { format: FORMAT, version: 2, list: { id: spec.id, title: spec.title, hash: spec.hash },
        columns: cells.map(function (c) { return { key: c.key, name: c.name }; }), fields: readHeads(), rows: read() };
      if (removed.length) data["已移除的栏目"] = removed;
      store.download(spec.id + "-" + store.today() + ".json", "application/json", JSON.stringify(data, null, 2));
    });
    root.querySelector(".kbl-import-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      store.readJson(file, function (data) {
        if (!store.isObject(data) || data.format !== FORMAT || !store.isObject(data.list) || data.list.id !== spec.id || !Array.isArray(data.rows)) {
          return say(TEXT.importBad);
        }
        var good = data.rows.length <= MAX_ROWS && data.rows.every(function (r) {
          return store.isObject(r) && Object.keys(r).every(function (k) { return typeof r[k] === "string"; });
        });
        if (!good) return say(format(TEXT.importRows, MAX_ROWS));
        if (!data.rows.length) return say(TEXT.importEmpty);
        var names = {};
        (Array.isArray(data.columns) ? data.columns : []).forEach(function (c) { if (store.isObject(c)) names[c.key] = c.name; });
        var aside = data["已移除的栏目"];
        removed = Array.isArray(aside) ? aside.filter(function (c) { return store.isObject(c) && Array.isArray(c.cells); }) : [];
        var fitted = fit(data.rows, keys, names, removed);
        render(fitted.rows);
        if (store.isObject(data.fields)) setHeads(data.fields);
        var message = format(save() ? TEXT.imported : TEXT.importedUnsaved, fitted.rows.length);
        say(fitted.moved ? message + movedNote(fitted.moved) : message);
      }, function (why) { say(why === "large" ? TEXT.importLarge : TEXT.importBad); });
    });
    root.querySelector(".kbl-clear").addEventListener("click", function () {
      if (!window.confirm(TEXT.confirmClear)) return;
      store.remove(key);
      removed = [];
      setHeads({});
      render(initial());
      say(TEXT.cleared);
    });
  }

  function init() { document.querySelectorAll("[data-kbl]").forEach(bind); }
  function start() {
    store = window.kbStore;
    PLAN_KEY = store.PREFIX + "plan";
    store.onPages(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
