// kb-record.js's core: the 学时 sums of the study record, its rows and CSV, its import, recommendations.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("../../generator/assets/kb-record.js");
const credit = require("../../generator/assets/kb-path.js");

const D1 = "2027-03-01T09:30:00.000Z", D2 = "2027-03-05T09:30:00.000Z";
const lesson = (id, moduleTitle, channel, hours, featured = false) =>
  ({ id, title: `课${id}`, course: "c", moduleTitle, channel, hours, featured, path: `c/${id}.html` });
const LESSONS = [
  lesson("a", "愿为", "集中课堂", 0.1), lesson("b", "愿为", "网络课堂", 0.2, true),
  lesson("c", "敢为", "网络课堂", 1.5), lesson("d", "敢为", "异地课堂", 4), lesson("e", "愿为", "集中课堂", 2, true),
];

test("学时 per module, in course order, then the total", () => {
  assert.deepStrictEqual(path.modules(LESSONS, { a: D1, b: D1, d: D2 }), [
    { name: "愿为", studied: 2, lessons: 3, got: 0.30000000000000004, hours: 2.3 },
    { name: "敢为", studied: 1, lessons: 2, got: 4, hours: 5.5 },
    { name: null, studied: 3, lessons: 5, got: 4.3, hours: 7.8 },
  ]);
});

test("学时 are shown with at most two decimals", () => {
  assert.deepStrictEqual([0.30000000000000004, 4, 1.005, 2.125, 0].map(path.hours), ["0.3", "4", "1", "2.13", "0"]);
});

test("学时 studied per channel: every channel, in a fixed order", () => {
  assert.deepStrictEqual(path.channels(LESSONS, { b: D1, c: D1 }), [
    { channel: "集中课堂", hours: 0 }, { channel: "网络课堂", hours: 1.7 }, { channel: "异地课堂", hours: 0 },
  ]);
  assert.deepStrictEqual(path.channels([], {}).map((c) => c.channel), path.CHANNELS);
});

test("subtotals: channels with studied lessons only, then the total", () => {
  assert.deepStrictEqual(path.subtotals(LESSONS, { a: D1, e: D1, c: D2 }), [
    { channel: "集中课堂", lessons: 2, hours: 2.1 },
    { channel: "网络课堂", lessons: 1, hours: 1.5 },
    { channel: null, lessons: 3, hours: 3.6 },
  ]);
  assert.deepStrictEqual(path.subtotals(LESSONS, {}), [{ channel: null, lessons: 0, hours: 0 }]);
});

test("the record's rows and CSV rows: lessons with a mark or a check's record, in course order", () => {
  const lessons = LESSONS.map((l) => (l.id === "c" || l.id === "d" ? { ...l, check: true } : l));
  const checks = { c: { passed: false, date: D1, score: 1, total: 3 }, d: { passed: true, date: D2, score: 3, total: 3 } };
  const all = credit.statuses({ lessons }, { d: D2, a: D1 }, checks);
  assert.deepStrictEqual(path.recorded(lessons, all).map((l) => l.id), ["a", "c", "d"]);
  const rows = path.csvRows(lessons, all).map((r) => r.map((c) => c.replace(/2027年3月\d+日/, "DAY")));
  assert.deepStrictEqual(rows, [
    ["课a", "愿为", "集中课堂", "0.1", "DAY", "—", "0.1"],
    ["课c", "敢为", "网络课堂", "1.5", "—", "未通过（1/3）", "0（通过测验后计入）"],
    ["课d", "敢为", "异地课堂", "4", "DAY", "DAY 通过（3/3）", "4"],
  ]);
});

test("a mark from before the check existed: shown as such, credited as the course says", () => {
  const lessons = [{ ...LESSONS[0], check: true }];
  for (const [rule, got] of [["credited", "0.1"], ["uncredited", "0（通过测验后计入）"]]) {
    const all = credit.statuses({ lessons, earlier: { c: rule } }, { a: D1 }, {});
    assert.deepStrictEqual(path.cells(lessons[0], all.a).map((c) => c.replace(/2027年3月\d+日/, "DAY")),
      ["DAY（设立测验前）", "未做", got]);
  }
});

test("an imported record adds the dates of this site's lessons", () => {
  const file = { format: "kb-study-record", version: 1, studied: { a: D2, zz: D2, b: "bad" } };
  const record = { c: D1, a: D1 };
  assert.deepStrictEqual(path.merge(LESSONS, record, file), { error: null, record: { c: D1, a: D2 }, checks: {}, count: 1 });
  assert.deepStrictEqual(record, { c: D1, a: D1 }, "the record given is left as it was");
  assert.equal(path.merge(LESSONS, record, { format: "kb-study-record", studied: { zz: D1 } }).error, "empty");
  for (const bad of [null, [], { format: "kb-list", studied: {} }, { format: "kb-study-record", studied: [] }]) {
    assert.equal(path.merge(LESSONS, record, bad).error, "bad");
  }
});

test("the latest attempt that recommends lessons, of any questionnaire", () => {
  const a = { date: D1, lessons: ["c"] }, b = { date: D2, lessons: ["d", "zz", "a"] };
  assert.equal(path.latest([[a], [b, { date: "2027-04-01T00:00:00Z" }, null, { date: "junk", lessons: [] }]]), b);
  assert.equal(path.latest([]), null);
  assert.deepStrictEqual(path.recommend(LESSONS, b).map((l) => l.id), ["d", "a"]);
  assert.deepStrictEqual(path.recommend(LESSONS, null).map((l) => l.id), ["b", "e"], "the featured lessons");
});

// ---- The study record v2 and its 学习记录码 ----

const { recordCode } = require("../../generator/assets/kb-record-code.js");
const SPEC = { course: "c", version: "0123456789abcdef", lessons: [
  { id: "a", channel: "网络课堂", hours: 1, check: null },
  { id: "b", channel: "网络课堂", hours: 2, check: { hash: "h", items: [
    { id: "s", type: "single", options: 3, fp: "fs" }, { id: "t", type: "truefalse", fp: "ft" },
    { id: "f", type: "fill", fp: "ff" }] } },
] };
const CHECK = { passed: true, date: D2, last: D2, score: 3, total: 3, tries: 1, hash: "h",
  answers: { s: 2, t: false, f: ["词"] }, fps: { s: "fs", t: "ft", f: "ff" }, right: { s: true, t: true, f: true } };

test("codeStates: answers and fill verdicts carried over by fingerprint", () => {
  assert.deepStrictEqual(path.codeStates(SPEC, { a: D1, b: D2 }, { b: CHECK }), {
    a: { studied: true }, b: { studied: true, answers: { s: 2, t: false }, fill: { f: true } } });
  const changed = { ...CHECK, fps: { ...CHECK.fps, s: "old" }, right: { s: true, t: true, f: false } };
  assert.deepStrictEqual(path.codeStates(SPEC, {}, { b: changed }).b,
    { studied: false, answers: { t: false }, fill: { f: false } }, "a changed item's answer is not carried");
  const { right, ...older } = CHECK;
  assert.deepStrictEqual(path.codeStates(SPEC, {}, { b: { ...older, score: 2 } }).b.fill, { f: false },
    "a record without verdicts: fill right only when every item was");
  assert.deepStrictEqual(path.codeStates(SPEC, {}, { b: "junk" }).b, { studied: false });
});

test("lastDay: the latest study of the course's lessons, as a local day", () => {
  assert.equal(path.lastDay(SPEC, {}), null);
  const local = new Date(2027, 2, 5, 23, 30).toISOString();
  assert.equal(path.lastDay(SPEC, { a: D1, b: local, zz: "2028-01-01T00:00:00.000Z" }), "2027-03-05");
});

test("document: the study record v2 that register reads, with the same code", () => {
  const made = "2027-03-06T08:00:00.000Z";
  const doc = path.document(SPEC, made, { name: " 王伟 ", unit: "县委组织部" }, { a: D1, b: D2 }, { b: CHECK, zz: CHECK });
  assert.deepStrictEqual(doc.profile, { name: "王伟", unit: "县委组织部", number: "" });
  assert.deepStrictEqual(doc.course, { id: "c", version: "0123456789abcdef" });
  assert.deepStrictEqual(Object.keys(doc.lessons), ["a", "b"]);
  assert.deepStrictEqual(doc.lessons.a, { hours: 1, studied: D1 });
  assert.deepStrictEqual(doc.lessons.b.check, { date: D2, passed: true, score: 3, total: 3,
    answers: CHECK.answers, fps: CHECK.fps });
  assert.equal(doc.code, recordCode(SPEC, made, path.lastDay(SPEC, { a: D1, b: D2 }),
    path.codeStates(SPEC, { a: D1, b: D2 }, { b: CHECK })));
  assert.match(doc.code, /^R/);
  assert.deepStrictEqual(path.document(SPEC, made, null, {}, {}).lessons, {});
});

test("a v2 record imports its marks and the checks this device lacks or failed", () => {
  const file = path.document(SPEC, "2027-03-06T08:00:00.000Z", {}, { a: D1, b: D2 }, { b: CHECK });
  const lessons = [{ id: "a" }, { id: "b" }];
  const failed = { ...CHECK, passed: false, score: 1 };
  const got = path.merge(lessons, {}, JSON.parse(JSON.stringify(file)), { b: failed });
  assert.deepStrictEqual([got.error, got.count, got.record], [null, 2, { a: D1, b: D2 }]);
  assert.equal(got.checks.b.passed, true);
  const mine = { ...CHECK, date: D1 };
  assert.equal(path.merge(lessons, {}, file, { b: mine }).checks.b.date, D1, "a pass here is kept");
  assert.equal(path.merge([{ id: "x" }], {}, file, {}).error, "empty");
  assert.equal(path.merge(lessons, {}, { format: "kb-study-record", version: 2 }, {}).error, "bad");
});
