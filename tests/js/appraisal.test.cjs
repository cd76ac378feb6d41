// The 民主测评 page's pure core (kb-appraisal.js) against the shared vectors pytest holds
// generator/scoring/appraisal.py and the format 2 评价码 of tokens.py to.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const appraisal = require("../../generator/assets/kb-appraisal.js");
const { read, bare } = require("../../generator/assets/kb-token.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "appraisal", "appraisal.json"), "utf8"));
const spec = vectors.spec;

for (const c of vectors.cases) {
  test(`result code: ${c.name}`, () => {
    assert.equal(appraisal.resultCode(spec, c.group, c.ratings, c.date, c.token ? bare(c.token) : undefined), c.code);
  });
}

for (const t of vectors.tokens) {
  test(`a format 2 评价码 ${t.code} names its group and subject`, () => {
    assert.deepStrictEqual(read(t.code, 2), { ok: true, code: t.code, serial: t.serial, group: t.group, subject: t.subject });
    assert.deepStrictEqual(read(t.code), { ok: false, error: "version" });  // not a rating form's
  });
}

/** The state the page keeps after the rater typed the case's token and gave its ratings. */
function stateOf(c) {
  const state = appraisal.empty(spec);
  state.group = c.group;
  state.ratings = JSON.parse(JSON.stringify(c.ratings));
  if (c.token) {
    const got = read(c.token, 2);
    state.token = { code: got.code, group: got.group, subject: got.subject };
  }
  return state;
}

test("completing the form gives the Python code, and the file aggregate reads", () => {
  const c = vectors.cases[3];  // a 评价码 issued to 李华
  const state = stateOf(c);
  state.ratings["li-hua"] = { grade: "youxiu", dimensions: { de: "hao" } };  // typed before the code: dropped
  state.ratings["zhang-ming"].comment = "  多下基层 ";
  const done = appraisal.complete(spec, state, c.date);
  assert.equal(done.code, c.code);
  const file = appraisal.fileOf(spec, state, done);
  assert.deepStrictEqual(Object.keys(file.ratings), ["zhang-ming", "wang-fang", "zhao-lei"]);
  assert.deepStrictEqual(file.ratings["zhang-ming"], { grade: "youxiu", dimensions: { de: "hao" }, comment: "多下基层" });
  assert.deepStrictEqual([file.format, file.version, file.group, file.self, file.token, file.period, file.code],
    ["kb-appraisal", 1, "banzi", "li-hua", c.token, "2027年度", c.code]);
  assert.deepStrictEqual(file.form, { id: spec.id, title: spec.title, version: spec.version, hash: spec.hash });
});

test("what stops completion: the group, a required 评价码, another group's code, missing grades", () => {
  const state = appraisal.empty(spec);
  assert.deepStrictEqual(appraisal.missing(spec, state), { error: "group" });
  state.group = "banzi";
  assert.deepStrictEqual(appraisal.missing(spec, state), { error: "token" });
  state.token = { code: vectors.tokens[2].code, group: 1, subject: 4 };  // a 下属's code
  assert.deepStrictEqual(appraisal.missing(spec, state), { error: "tokenGroup" });
  state.group = "xiashu";
  state.ratings = { "zhang-ming": { grade: "不了解", dimensions: {} } };
  // 赵磊 is the rater (subject 4): he is not asked about himself.
  assert.deepStrictEqual(appraisal.missing(spec, state), { error: "grades", subjects: ["li-hua", "wang-fang"] });
  state.ratings["li-hua"] = { grade: "chenzhi", dimensions: {} };
  state.ratings["wang-fang"] = { grade: "youxiu", dimensions: {} };
  assert.equal(appraisal.missing(spec, state), null);
});

test("a stored state of another version of the form, or of another shape, is not restored", () => {
  const state = stateOf(vectors.cases[0]);
  assert.deepStrictEqual(appraisal.restore(spec, JSON.parse(JSON.stringify(state))).ratings, vectors.cases[0].ratings);
  assert.deepStrictEqual(appraisal.restore(spec, Object.assign({}, state, { hash: "0" })), appraisal.empty(spec));
  const odd = appraisal.restore(spec, Object.assign({}, state, { group: "nobody",
    ratings: { "li-hua": { grade: "great", dimensions: { de: "hao", xx: "hao", neng: 3 } }, ghost: { grade: "youxiu" } } }));
  assert.equal(odd.group, null);
  assert.deepStrictEqual(odd.ratings, { "li-hua": { grade: null, dimensions: { de: "hao" } } });
});
