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

// What the page's 评价码 field says (kb-token.js's field check), with a stand-in for the form:
// the field (.kbq-token: value, data-required, aria-invalid, focus) and its note (.kbq-token-note).
const { check, changed } = require("../../generator/assets/kb-token.js");

function form(value, required) {
  const input = { value, dataset: required ? { required: "1" } : {}, attrs: {}, focused: false,
    setAttribute(name, v) { this.attrs[name] = v; }, focus() { this.focused = true; } };
  const note = { textContent: "" };
  const box = { input, note, querySelector: (s) => ({ ".kbq-token": input, ".kbq-token-note": note })[s] || null };
  return box;
}
const good = vectors.issued[0].code;

test("field: a required code left empty blocks submit, says so and takes the focus", () => {
  const box = form("", true);
  assert.equal(check(box), false);
  assert.equal(box.note.textContent, "请填写评价码（见评价码条）。");
  assert.equal(box.input.attrs["aria-invalid"], "true");
  assert.equal(box.input.focused, true);
});

test("field: an optional code left empty is no code, and nothing is said", () => {
  const box = form("  ", false);
  assert.equal(check(box), null);
  assert.equal(box.note.textContent, "");
  assert.equal(box.input.attrs["aria-invalid"], "false");
  assert.equal(box.input.focused, false);
});

test("field: a code typed as people type it is accepted and shown as the slip prints it", () => {
  const box = form(" " + good.toLowerCase().replace(/-/g, " ") + " ", true);
  const bareCode = good.replace(/-/g, "");
  assert.deepStrictEqual(check(box), { code: good, bare: bareCode });
  assert.equal(box.input.value, good);
  assert.equal(box.note.textContent, "");
  assert.equal(box.input.attrs["aria-invalid"], "false");
});

test("field: an optional code, when typed, must still be readable", () => {
  const last = good[good.length - 1];
  const box = form(good.slice(0, -1) + (last === "2" ? "3" : "2"), false);
  assert.equal(check(box), false);
  assert.equal(box.note.textContent, "评价码有误，请逐位核对评价码条。");
  assert.equal(box.input.focused, true);
});

test("field: each way a code cannot be read is said in the rater's words", () => {
  const cases = [
    ["30O1-ABCDE-FGHJK", "评价码中有无法识别的字符：0 1 O"],
    [good.slice(0, -3), "评价码应为 15 位，如 XXXXX-XXXXX-XXXXX，请核对。"],
  ];
  for (const [typed, said] of cases) {
    const box = form(typed, false);
    assert.equal(check(box), false, typed);
    assert.equal(box.note.textContent, said, typed);
  }
  const other = vectors.typed.find((e) => e.error === "version");  // check symbols right, format not 1
  const box = form(other.typed, false);
  assert.equal(check(box), false);
  assert.equal(box.note.textContent, "这不是本系统发放的评价码，请核对。");
});

test("field: leaving it says what is wrong with a typed code, not yet that a required one is empty", () => {
  const empty = form("", true);
  assert.equal(changed(empty), false);
  assert.equal(empty.note.textContent, "");
  assert.equal(empty.input.focused, false);
  const wrong = form(good.slice(0, -3), true);
  assert.equal(changed(wrong), false);
  assert.equal(wrong.note.textContent, "评价码应为 15 位，如 XXXXX-XXXXX-XXXXX，请核对。");
  assert.equal(wrong.input.focused, false);  // the focus stays where the rater put it
});

test("field: a form without the field has no code", () => {
  assert.equal(check({ querySelector: () => null }), null);
});
