// The JS reader of one-time 评价码 against the shared vectors that pytest holds the Python one to.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { read, ALPHABET } = require("../../generator/assets/kb-token.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "tokens", "tokens.json"), "utf8"));

test("the alphabet is the result codes' alphabet", () => {
  assert.equal(ALPHABET, vectors.alphabet);
});

for (const entry of vectors.issued) {
  test(`issued ${entry.code} reads back serial ${entry.serial}`, () => {
    assert.deepStrictEqual(read(entry.code), { ok: true, code: entry.code, serial: entry.serial });
  });
}

for (const entry of vectors.typed) {
  test(`typed ${JSON.stringify(entry.typed)}`, () => {
    const expected = entry.ok ? { ok: true, code: entry.code, serial: entry.serial }
      : Object.assign({ ok: false, error: entry.error }, entry.found ? { found: entry.found } : {});
    assert.deepStrictEqual(read(entry.typed), expected);
  });
}

test("no key is needed or held: the module has no HMAC", () => {
  const source = fs.readFileSync(path.join(__dirname, "..", "..", "generator", "assets", "kb-token.js"), "utf8");
  assert.doesNotMatch(source, /hmac|crypto\.subtle|sha256/i);
});
