// The JS scorer against the shared vectors that pytest runs against the Python scorer.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { score, bandIndex, oneDecimal, carryOver, resultCode } = require("../../generator/assets/kb-score.js");
const { bare } = require("../../generator/assets/kb-token.js");

const folder = path.join(__dirname, "..", "vectors");
// grading.json holds the 随堂测验's vectors: tests/js/grading.test.cjs
for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(".json") && f !== "grading.json")) {
  const { spec, cases, figures = [], carry = [] } = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      assert.deepStrictEqual(score(spec, c.answers), c.expected);
    });
    if (c.code) {  // a case with its result code (rating.json): format 2 when a token was typed
      test(`${file}: ${c.name}: result code`, () => {
        assert.equal(resultCode(spec, c.answers, c.date, c.token ? bare(c.token) : undefined), c.code);
      });
    }
  }
  for (const [value, shown, signed] of figures) {
    test(`${file}: ${value} is shown as ${shown}`, () => {
      assert.deepStrictEqual([oneDecimal(value), oneDecimal(value, true)], [shown, signed]);
    });
  }
  for (const c of carry) {
    test(`${file}: ${c.name}`, () => {
      assert.deepStrictEqual(carryOver(spec, c.answers, c.fingerprints), { answers: c.kept, changed: c.changed });
    });
  }
}

test("the highest band includes 100, the others exclude their upper bound", () => {
  const bands = [{ from: 0, to: 50 }, { from: 50, to: 100 }];
  assert.equal(bandIndex(bands, 49.99), 0);
  assert.equal(bandIndex(bands, 50), 1);
  assert.equal(bandIndex(bands, 100), 1);
  assert.equal(bandIndex(bands, null), null);
});

test("bands listed from high to low still close at 100", () => {
  const bands = [{ from: 50, to: 100 }, { from: 0, to: 50 }];
  assert.equal(bandIndex(bands, 100), 0);
  assert.equal(bandIndex(bands, 0), 1);
});
