// The browser runtime as a whole: one global (window.kb), and short functions.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ASSETS = path.join(__dirname, "..", "..", "generator", "assets");
const SCRIPTS = fs.readdirSync(ASSETS).filter((f) => f.endsWith(".js")).sort();
const LONGEST = 80;

/**
 * Every function of a script as [first line, last line, depth] (depth 0: not inside another).
 * A small scanner for our ES5 style: it skips comments, strings and regular expressions,
 * and takes the first "{" after the keyword function as the body's.
 */
function functions(source) {
  const found = [];
  const open = [];  // for each "{" open: [line of its function, depth] or null
  let line = 1, depth = 0, pending = null, last = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i], next = source[i + 1];
    if (c === "\n") { line++; continue; }
    if (/\s/.test(c)) continue;
    if (c === "/" && next === "/") { i = source.indexOf("\n", i) - 1; continue; }
    if (c === "/" && next === "*") { const end = source.indexOf("*/", i + 2); line += source.slice(i, end).split("\n").length - 1; i = end + 1; continue; }
    if (c === '"' || c === "'" || (c === "/" && /[(,=:[!&|?{};+\-*%<>~^]|^$|return$|typeof$/.test(last))) {
      let j = i + 1, inClass = false;
      while (j < source.length && (source[j] !== c || inClass)) {
        if (source[j] === "\\") j++;
        else if (c === "/" && source[j] === "[") inClass = true;
        else if (c === "/" && source[j] === "]") inClass = false;
        j++;
      }
      i = j;
      last = "x";
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < source.length && /[\w$]/.test(source[j])) j++;
      const word = source.slice(i, j);
      if (word === "function") pending = line;
      last = word;
      i = j - 1;
      continue;
    }
    if (c === "{") {
      open.push(pending === null ? null : [pending, depth]);
      if (pending !== null) depth++;
      pending = null;
    } else if (c === "}") {
      const fn = open.pop();
      if (fn) { depth--; found.push([fn[0], line, fn[1]]); }
    }
    last = c;
  }
  assert.equal(open.length, 0, "unbalanced braces");
  return found;
}

test("the scanner finds functions and their lines", () => {
  const source = 'function a() {\n  var s = "}{", r = /[}"]/;\n  // }\n  return function () { return {}; };\n}\n';
  assert.deepStrictEqual(functions(source), [[4, 4, 1], [1, 5, 0]]);
});

for (const name of SCRIPTS) {
  test(`${name}: no function over ${LONGEST} lines (the file's wrapper aside)`, () => {
    const long = functions(fs.readFileSync(path.join(ASSETS, name), "utf8"))
      .filter(([first, end, depth]) => depth > 0 && end - first + 1 > LONGEST)
      .map(([first, end]) => `lines ${first}-${end}`);
    assert.deepStrictEqual(long, []);
  });
}

/** A page with no questionnaire, list or lesson in it: enough for the scripts to start. */
function browser() {
  const none = { forEach() {} };
  const document = {
    readyState: "loading", currentScript: null, ready: [],
    querySelector: () => null, querySelectorAll: () => none,
    addEventListener(type, handler) { if (type === "DOMContentLoaded") this.ready.push(handler); },
  };
  const window = vm.createContext({ document, localStorage: {}, CSS: { supports: () => true }, console });
  vm.runInContext("window = this;", window);
  return window;
}

test("the only global the scripts make is kb, loaded twice as instant navigation does", () => {
  const window = browser();
  const before = new Set(Object.getOwnPropertyNames(window));
  // As a page has them: kb-lessons.js (written by the build) and the page scripts, then
  // kb-store.js at the end of <body>; then what loads on first use (the questionnaire's
  // scorer, core, 评价码 reader and tools, the rest of the store); then again.
  const order = ["kb-quiz.js", "kb-path.js", "kb-record-code.js", "kb-record.js", "kb-check.js", "kb-list.js",
    "kb-appraisal.js", "kb-store.js", "kb-score.js", "kb-quiz-core.js", "kb-token.js", "kb-quiz-tools.js",
    "kb-store-later.js"];
  assert.deepStrictEqual([...order].sort(), SCRIPTS);
  const run = (name) => vm.runInContext(fs.readFileSync(path.join(ASSETS, name), "utf8"), window, { filename: name });
  for (let round = 0; round < 2; round++) {
    vm.runInContext("(window.kb = window.kb || {}).lessons = { lessons: [], root: '' };", window);
    order.slice(0, 8).forEach(run);
    window.document.readyState = "complete";
    window.document.ready.splice(0).forEach((start) => start());
    order.slice(8).forEach(run);
  }
  const made = Object.getOwnPropertyNames(window).filter((k) => !before.has(k));
  assert.deepStrictEqual(made, ["kb"]);
  assert.deepStrictEqual(Object.keys(window.kb).sort(),
    ["appraisal", "check", "lessons", "list", "path", "quiz", "quizCore", "quizTools", "record", "recordCode",
      "score", "store", "token"]);
});
