// The JS twins of Python code against the shared vectors that tests/test_twins.py holds the
// Python side to: result codes, the CSV formula guard, the shape check of imported answers.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { resultCode } = require("../../generator/assets/kb-score.js");
const { csvText, csv } = require("../../generator/assets/kb-store.js");
const { misfits } = require("../../generator/assets/kb-quiz-tools.js");

const folder = path.join(__dirname, "..", "vectors");
const files = fs.readdirSync(folder).filter((f) => f.endsWith(".json")).sort()
  .map((f) => [f, JSON.parse(fs.readFileSync(path.join(folder, f), "utf8"))]);

for (const [file, { spec, codes = [], shapes = [], cells = [] }] of files) {
  for (const v of codes) {
    test(`${file}: result code: ${v.name}`, () => {
      assert.equal(resultCode(spec, v.answers, v.date), v.code);
    });
  }
  for (const v of shapes) {
    test(`${file}: answer shapes: ${v.name}`, () => {
      assert.deepStrictEqual(misfits(spec, v.answers), v.refused);
    });
  }
  for (const [text, shown] of cells) {
    test(`${file}: CSV guard: ${JSON.stringify(text)}`, () => {
      assert.equal(csvText(text), shown);
      // and every cell of a CSV goes through it
      const cell = /[",\n\r]/.test(shown) ? `"${shown.replace(/"/g, '""')}"` : shown;
      assert.equal(csv([[text]]), `\ufeff${cell}\r\n`);
    });
  }
}

test("every twin has vectors", () => {
  const all = (key) => files.flatMap(([, data]) => data[key] || []);
  assert.ok(all("codes").length >= 10);
  assert.ok(all("shapes").length >= 15);
  assert.ok(all("cells").length >= 10);
});
