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
