// kb-path.js's core: the one rule for which lessons' 学时 count (marks, 随堂测验, earlier_marks).
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("../../generator/assets/kb-path.js");

const D1 = "2027-03-01T09:30:00.000Z", D2 = "2027-03-05T09:30:00.000Z", D3 = "2027-03-09T09:30:00.000Z";
const plain = { id: "a", course: "c" }, checked = { id: "b", course: "c", check: true };
const passed = (date) => ({ passed: true, date, last: date, score: 3, total: 3, tries: 1, hash: "h", answers: {}, fps: {} });
const failed = { passed: false, date: D1, last: D1, score: 1, total: 3, tries: 1, hash: "h", answers: {}, fps: {} };

test("clean keeps lesson id -> ISO date entries only", () => {
  assert.deepStrictEqual(path.clean({ a: D1, b: "yesterday", c: 1, d: null, e: D2 }), { a: D1, e: D2 });
});

test("a lesson without a check counts when marked studied", () => {
  assert.deepStrictEqual(path.status(plain, { a: D1 }, {}), { studied: D1, check: null, earlier: false, credited: D1 });
  assert.equal(path.status(plain, {}, { a: passed(D1) }).credited, null, "a check record of a lesson without one is no mark");
});

test("a lesson with a check counts from its first pass; a failure credits nothing", () => {
  // As kb-check.js leaves it: the pass marks the lesson studied on the same date.
  assert.deepStrictEqual(path.status(checked, { b: D2 }, { b: passed(D2) }),
    { studied: D2, check: passed(D2), earlier: false, credited: D2 });
  assert.deepStrictEqual(path.status(checked, {}, { b: failed }), { studied: null, check: failed, earlier: false, credited: null });
  assert.equal(path.status(checked, {}, { b: passed(D2) }).credited, D2, "a pass counts even if its mark was not kept");
});

test("a mark from before the check existed counts as earlier_marks says, until a pass", () => {
  for (const [rule, credited] of [[undefined, D1], ["credited", D1], ["uncredited", null]]) {
    assert.deepStrictEqual(path.status(checked, { b: D1 }, {}, rule), { studied: D1, check: null, earlier: true, credited });
    assert.equal(path.status(checked, { b: D1 }, { b: failed }, rule).credited, credited);
    const after = path.status(checked, { b: D1 }, { b: passed(D3) }, rule);
    assert.deepStrictEqual([after.earlier, after.credited], [true, D3], "the pass credits, the mark still shows");
  }
});

test("malformed check records are no records", () => {
  for (const bad of [null, [], "x", { passed: "yes", date: D1, score: 1, total: 1 }, { passed: true, date: "junk", score: 1, total: 1 }]) {
    assert.equal(path.status(checked, {}, { b: bad }).check, null);
  }
});

test("statuses and credited: per lesson, each course's earlier_marks", () => {
  const data = { lessons: [plain, checked, { id: "x", course: "d", check: true }], earlier: { c: "uncredited" } };
  const all = path.statuses(data, { a: D1, b: D1, x: D2 }, {});
  assert.deepStrictEqual(Object.keys(all), ["a", "b", "x"]);
  assert.deepStrictEqual(path.credited(all), { a: D1, x: D2 });
});
