/* kb-list: fill in a 岗位责任清单 on screen. Rows live in localStorage only; cells are
 * <textarea>s whose values are read and written as text, never as HTML. */
(function () {
  "use strict";
  if (window.kbListLoaded) return;  // loaded again by instant navigation: bind once
  window.kbListLoaded = true;

  var TEXT = {
    restored: "已恢复你上次在本机的填写。",
    stale: "清单内容已更新，之前保存的填写与新版本不一致，已清除。",
    noStorage: "本浏览器无法在本机保存：可以填写和打印，但刷新页面后填写会丢失。",
    saved: "已自动保存在本机。",
    row: "第 {n} 行",
    remove: "删除第 {n} 行",
    confirmClear: "确定清空你在本机对这份清单的全部填写，恢复原样吗？",
    cleared: "已清空，恢复为原样。",
    imported: "已导入清单文件。",
    importBad: "无法导入：这个文件不是本清单导出的文件。",
    plan: "加入自评改进计划（{n} 条）",
    planned: "已把自评改进计划加入清单末尾，请补全完成时限和责任人。",
  };
  var FORMAT = "kb-list";
  // Set on start: this file runs inside the page, before the site's own scripts
  // (kb-store.js among them) at the end of <body>.
  var store, get, set, remove, PLAN_KEY;

  function bind(root) {
    if (root.dataset.kblBound) return;
    root.dataset.kblBound = "1";
    var spec = JSON.parse(root.querySelector(".kbl-spec").textContent);
    var key = store.PREFIX + "list:" + spec.id;
    var body = root.querySelector("tbody");
    var status = root.querySelector(".kbl-status");
    var cells = spec.columns.filter(function (c) { return c.key !== "no"; });
    var numbered = spec.columns.length > cells.length;
    var planButton = root.querySelector(".kbl-plan");

    function say(message) { status.textContent = message; }
    function format(text, n) { return text.replace("{n}", String(n)); }
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
        tr.appendChild(document.createElement("td")).appendChild(area);
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

    function save() {
      say(set(key, { hash: spec.hash, rows: read() }) ? TEXT.saved : TEXT.noStorage);
    }

    function offerPlan() {
      var plan = get(PLAN_KEY);
      var rows = plan && Array.isArray(plan.rows) ? plan.rows : [];
      planButton.hidden = rows.length === 0;
      planButton.textContent = format(TEXT.plan, rows.length);
      return rows;
    }

    var saved = get(key);
    if (saved && saved.hash === spec.hash && Array.isArray(saved.rows)) {
      render(saved.rows);
      say(TEXT.restored);
    } else {
      if (saved) { remove(key); say(TEXT.stale); }
      render(initial());
    }
    offerPlan();

    body.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") grow(event.target);
      save();
    });
    body.addEventListener("click", function (event) {
      var button = event.target.closest(".kbl-remove");
      if (!button) return;
      var tr = button.closest("tr");
      var next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      renumber();
      save();
      if (next) next.querySelector("textarea").focus();
    });
    root.querySelector(".kbl-add").addEventListener("click", function () {
      body.appendChild(row({}));
      renumber();
      save();
      body.lastElementChild.querySelector("textarea").focus();
    });
    planButton.addEventListener("click", function () {
      offerPlan().forEach(function (values) { body.appendChild(row(values)); });
      remove(PLAN_KEY);
      renumber();
      body.querySelectorAll("textarea").forEach(grow);
      save();
      offerPlan();
      say(TEXT.planned);
    });
    root.querySelector(".kbl-print").addEventListener("click", function () { window.print(); });
    root.querySelector(".kbl-export").addEventListener("click", function () {
      var data = { format: FORMAT, version: 1, list: { id: spec.id, title: spec.title, hash: spec.hash }, rows: read() };
      store.download(spec.id + ".json", "application/json", JSON.stringify(data, null, 2));
    });
    root.querySelector(".kbl-import-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      file.text().then(function (raw) {
        var data = null;
        try { data = JSON.parse(raw); } catch (e) { /* reported below */ }
        if (!data || data.format !== FORMAT || !data.list || data.list.id !== spec.id || !Array.isArray(data.rows)) {
          return say(TEXT.importBad);
        }
        render(data.rows.filter(function (r) { return r && typeof r === "object"; }));
        save();
        say(TEXT.imported);
      });
    });
    root.querySelector(".kbl-clear").addEventListener("click", function () {
      if (!window.confirm(TEXT.confirmClear)) return;
      remove(key);
      render(initial());
      say(TEXT.cleared);
    });
  }

  function init() { document.querySelectorAll("[data-kbl]").forEach(bind); }
  function start() {
    store = window.kbStore;
    get = store.get; set = store.set; remove = store.remove;
    PLAN_KEY = store.PREFIX + "plan";
    store.onPages(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
