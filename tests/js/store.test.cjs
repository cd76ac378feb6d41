// kb-store.js: the storage keys and file formats, and the helpers every page script shares.
const test = require("node:test");
const assert = require("node:assert/strict");
const store = require("../../generator/assets/kb-store.js");

test("every key the site stores starts with its prefix", () => {
  const { KEY, PREFIX } = store;
  const all = [KEY.profile, KEY.plan, KEY.studied, KEY.probe, KEY.draft("q"), KEY.attempts("q"), KEY.list("l")];
  assert.ok(all.every((k) => k.startsWith(PREFIX)));
  assert.equal(new Set(all).size, all.length);
});

test("the keys are those pages stored before, so that readers' data stays readable", () => {
  const { KEY } = store;
  assert.deepStrictEqual(
    [KEY.profile, KEY.plan, KEY.studied, KEY.draft("zice"), KEY.attempts("zice"), KEY.list("banzhang"),
      KEY.appraisal("ceping")],
    ["kb:profile", "kb:plan", "kb:studied", "kb:quiz:zice:draft", "kb:quiz:zice:attempts", "kb:list:banzhang",
      "kb:appraisal:ceping"]);
  assert.deepStrictEqual(store.FORMAT, { result: "kb-quiz-result", study: "kb-study-record", list: "kb-list",
    appraisal: "kb-appraisal" });
});

test("an attempts key is told from every other key", () => {
  const { KEY } = store;
  for (const id of ["zice", "a:b", "attempts", "", "草稿"]) assert.ok(KEY.isAttempts(KEY.attempts(id)), id);
  for (const key of [KEY.draft("zice"), KEY.list("x:attempts"), KEY.plan, "kb:quiz:attempts", "kb:quiz:",
    "kb:unreadable:" + KEY.attempts("zice"), KEY.attempts("zice") + "x", "quiz:zice:attempts"]) {
    assert.ok(!KEY.isAttempts(key), key);
  }
});

test("day: an ISO date as the reader's local day, nothing for an invalid one", () => {
  assert.equal(store.day(new Date(2027, 2, 1, 9, 30).toISOString()), "2027年3月1日");
  assert.equal(store.day(new Date(2026, 11, 31, 23, 59).toISOString()), "2026年12月31日");
  assert.equal(store.day("not a date"), "");
});

test("isDate: ISO dates from 2020 to 2099 as pages write them", () => {
  assert.ok(store.isDate("2027-03-01T09:30:00.000Z"));
  for (const bad of ["2019-12-31T23:59:59Z", "2027-03-01", "2027-13-01T00:00:00Z", 20270301, null]) {
    assert.ok(!store.isDate(bad), String(bad));
  }
});

test("csv: a BOM, CRLF lines, quotes where needed, every cell guarded", () => {
  assert.equal(store.csv([["维度", "得分"], ["a,b", 'say "hi"'], ["=1+1", null, undefined, 81.3], []]),
    '\ufeff维度,得分\r\n"a,b","say ""hi"""\r\n\'=1+1,,,81.3\r\n\r\n');
  assert.equal(store.csv([["-1\n2"]]), "\ufeff\"'-1\n2\"\r\n");
});

test("isObject and fill", () => {
  assert.deepStrictEqual([{}, [], null, "x", 1].map(store.isObject), [true, false, false, false, false]);
  assert.equal(store.fill("第 {n} 行", 3), "第 3 行");
});

test("storage that is missing or refuses fails quietly", () => {
  assert.deepStrictEqual(store.read("kb:x"), { value: null, state: "blocked" });
  assert.equal(store.set("kb:x", 1), false);
  assert.deepStrictEqual(store.keys(), []);
});
