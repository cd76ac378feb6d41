// The JS 学习记录码 encoder (kb-record-code.js) against the shared vectors that pytest runs
// against the Python one (generator/scoring/records.py).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { recordCode } = require("../../generator/assets/kb-record-code.js");

const folder = path.join(__dirname, "..", "vectors", "record-code");
for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(".json"))) {
  const data = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
  for (const c of data.cases) {
    test(`${file}: ${c.name}`, () => assert.equal(recordCode(data.spec, c.made, c.last, c.lessons), c.code));
  }
}
test("no code without a date", () => assert.equal(recordCode({ version: "0", lessons: [] }, "never", null, {}), null));
