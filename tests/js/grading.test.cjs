// The JS grader (kb-check.js) against the shared vectors that pytest runs against the Python one.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { grade, normalise, carryOver } = require("../../generator/assets/kb-check.js");

const data = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "grading.json"), "utf8"));
for (const c of data.cases) {
  test(`grading: ${c.name}`, () => assert.deepStrictEqual(grade(data.spec, c.answers), c.expected));
}
for (const [text, expected] of data.normalise) {
  test(`normalise: ${JSON.stringify(text)}`, () => assert.equal(normalise(text), expected));
}
for (const c of data.carry) {
  test(`carry: ${c.name}`, () => {
    assert.deepStrictEqual(carryOver(data.spec, c.answers, c.fingerprints), { answers: c.kept, changed: c.changed });
  });
}

const { next } = require("../../generator/assets/kb-check.js");
const SPEC = { hash: "h1", items: [{ id: "q1", fp: "f1" }, { id: "q2", fp: "f2" }] };
const T1 = "2027-03-01T09:00:00.000Z", T2 = "2027-03-02T09:00:00.000Z", T3 = "2027-03-03T09:00:00.000Z";

test("next: a failure is kept, a pass keeps its first date, a later failure is practice", () => {
  const fail = next(null, { passed: false, score: 1, total: 2, right: { q1: true, q2: false } }, SPEC, { q1: 0 }, T1);
  assert.deepStrictEqual(fail, { passed: false, date: T1, last: T1, score: 1, total: 2, tries: 1, hash: "h1",
    answers: { q1: 0 }, fps: { q1: "f1", q2: "f2" }, right: { q1: true, q2: false } });
  const pass = next(fail, { passed: true, score: 2, total: 2 }, SPEC, { q1: 1, q2: true }, T2);
  assert.deepStrictEqual([pass.passed, pass.date, pass.last, pass.tries], [true, T2, T2, 2]);
  const practice = next(pass, { passed: false, score: 0, total: 2 }, SPEC, { q1: 0 }, T3);
  assert.deepStrictEqual(practice, { ...pass, tries: 3 }, "nothing but the tries changes");
  const again = next(pass, { passed: true, score: 2, total: 2 }, SPEC, { q1: 1, q2: true }, T3);
  assert.deepStrictEqual([again.date, again.last, again.tries], [T2, T3, 3]);
});
