// The questionnaire's cores (kb-quiz-core.js, kb-quiz-tools.js): records, drafts, attempts and the files of a result.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const quiz = require("../../generator/assets/kb-quiz.js");
const tools = require("../../generator/assets/kb-quiz-tools.js");
const score = require("../../generator/assets/kb-score.js");
const store = require("../../generator/assets/kb-store.js");

const { spec } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "check.json"), "utf8"));
const ITEMS = quiz.itemsOf(spec);
const D1 = "2027-03-01T09:30:00.000Z", D2 = "2027-03-05T09:30:00.000Z";
const ALL = { q1: 4, q2: 0, q3: 1, q4: [0, 1], q5: 0, q6: "反思" };

test("a record: the scored result, its band's label and the lessons it recommends", () => {
  const rec = quiz.record(spec, ALL, D1);
  assert.deepStrictEqual(Object.keys(rec), ["date", "hash", "version", "answers", "result", "label", "lessons"]);
  assert.equal(rec.result.overall.percent, 100);
  assert.equal(rec.label, "好");
  assert.deepStrictEqual(rec.lessons, []);
  assert.ok(quiz.isAttempt(rec));
  const low = quiz.record(spec, { q1: 0, q2: 4, q3: 2, q4: [2] }, D1);
  assert.deepStrictEqual(low.lessons, ["l1"], "the lessons of the weak band of 愿为");
});

test("attempts with a shape the page cannot read are left out", () => {
  const rec = quiz.record(spec, ALL, D1);
  const broken = [null, { ...rec, date: "yesterday" }, { ...rec, hash: 1 }, { ...rec, answers: [] },
    { ...rec, result: { ...rec.result, overall: { percent: 101 } } },
    { ...rec, result: { ...rec.result, dimensions: { will: { percent: "80" } } } }];
  assert.deepStrictEqual(broken.map(quiz.isAttempt), broken.map(() => false));
});

test("a new record is compared with the latest attempt of another date", () => {
  const a = { date: D1, hash: "h", answers: { q1: 1 } }, b = { date: D2, hash: "h", answers: { q1: 2 } };
  const later = { date: "2027-04-01T00:00:00.000Z", hash: "h", answers: { q1: 3 } };
  assert.deepStrictEqual(quiz.place([a, b], later), { previous: b, fresh: true, same: null });
  assert.deepStrictEqual(quiz.place([a, b], { ...later, date: D2 }), { previous: a, fresh: false, same: null },
    "an import of a kept one");
  assert.deepStrictEqual(quiz.place([], later), { previous: null, fresh: true, same: null });
});

test("the latest attempt's answers again are that attempt, compared with the one before it", () => {
  const a = { date: D1, hash: "h", answers: { q1: 1, q4: [0, 1] } }, b = { date: D2, hash: "h", answers: { q4: [0, 1], q1: 2 } };
  const again = { date: "2027-04-01T00:00:00.000Z", hash: "h", answers: { q1: 2, q4: [0, 1] } };
  assert.deepStrictEqual(quiz.place([a, b], again), { previous: a, fresh: false, same: b });
  assert.deepStrictEqual(quiz.place([b], again), { previous: null, fresh: false, same: b });
  assert.equal(quiz.place([a, b], { ...again, hash: "edited" }).same, null, "another questionnaire text: a new attempt");
  assert.equal(quiz.place([a, b], { ...again, answers: { q1: 2, q4: [1] } }).same, null);
  assert.equal(quiz.place([b, a], again).same, null, "only the latest attempt is repeated");
});

test("the items a response-style check names: what the check rests on", () => {
  const opposite = { ...spec, items: spec.items.map((i) => (i.id === "q2" ? { ...i, opposite: "q1" } : i)) };
  assert.deepStrictEqual(quiz.checkItems(opposite, { q1: 4, q2: 4 }, "acquiescence"), ["q1", "q2"], "both at the top");
  assert.deepStrictEqual(quiz.checkItems(spec, { q1: 4, q2: 3 }, "acquiescence"), ["q2"], "the reversed one agreed with");
  assert.deepStrictEqual(quiz.checkItems(spec, { q1: 4, q2: 1 }, "acquiescence"), []);
  assert.deepStrictEqual(quiz.checkItems(spec, { q1: 4, q2: 4 }, "straight"), []);
  const na = { ...spec, items: spec.items.map((i) => (i.id === "q3" ? { ...i, na: "不适用" } : i)) };
  assert.deepStrictEqual(quiz.checkItems(na, { q1: 4, q3: 3 }, "not_applicable"), ["q3"]);
});

test("the change of a dimension since the previous attempt", () => {
  const cases = [[{ percent: 50 }, { percent: 62.5 }, "+12.5"], [{ percent: 62.5 }, { percent: 50 }, "−12.5"],
    [{ percent: 50 }, { percent: 50 }, "±0.0"], [{ percent: null }, { percent: 50 }, "—"],
    [undefined, { percent: 50 }, "—"], [{ percent: 50 }, { percent: null }, "—"]];
  for (const [before, got, shown] of cases) assert.equal(quiz.change(before, got), shown);
  assert.deepStrictEqual([null, 81.25].map(quiz.fixed), ["—", "81.3"]);
});

test("a draft keeps each answer with its item's fingerprint, and brings back what still fits", () => {
  const draft = quiz.draftOf(ITEMS, { q1: 4, q6: "反思" });
  assert.deepStrictEqual(draft, { format: 2, answers: { q1: 4, q6: "反思" }, fps: { q1: ITEMS.q1.fp, q6: ITEMS.q6.fp } });
  assert.deepStrictEqual(quiz.carry(spec, ITEMS, draft), { answers: { q1: 4, q6: "反思" }, changed: [] });
  const edited = { ...draft, answers: { ...draft.answers, q3: 1, q2: 9 }, fps: { ...draft.fps, q3: "old", q2: ITEMS.q2.fp } };
  assert.deepStrictEqual(quiz.carry(spec, ITEMS, edited), { answers: { q1: 4, q6: "反思" }, changed: ["q3", "q2"] });
  const before = { hash: spec.hash, answers: { q1: 4, q3: 1 } };  // saved before fingerprints
  assert.deepStrictEqual(quiz.carry(spec, ITEMS, before), { answers: { q1: 4, q3: 1 }, changed: [] });
  assert.deepStrictEqual(quiz.carry(spec, ITEMS, { ...before, hash: "other" }).changed, ["q1", "q3"]);
  assert.ok(quiz.isDraft(draft) && !quiz.isDraft({ answers: [] }) && !quiz.isDraft(null));
});

test("a draft names the items a content update changed until they are submitted again", () => {
  const draft = quiz.draftOf(ITEMS, { q1: 4, q3: 1 }, ["q3", "q2"]);
  assert.deepStrictEqual(draft.changed, ["q3", "q2"]);
  assert.deepStrictEqual(quiz.carry(spec, ITEMS, draft), { answers: { q1: 4, q3: 1 }, changed: ["q3", "q2"] });
  assert.deepStrictEqual(quiz.carry(spec, ITEMS, { ...draft, changed: ["gone", 7, "q3"] }).changed, ["q3"]);
  assert.equal("changed" in quiz.draftOf(ITEMS, { q1: 4 }, []), false);
});

test("the result file: the questionnaire's version, the answers with their fingerprints", () => {
  const rec = quiz.record(spec, ALL, D1);
  const file = tools.resultFile(spec, rec);
  assert.deepStrictEqual(file, { format: "kb-quiz-result", version: 1,
    questionnaire: { id: "check", title: "小测", version: "1", hash: spec.hash },
    date: D1, answers: ALL, fingerprints: quiz.draftOf(ITEMS, ALL).fps, result: rec.result });
  assert.deepStrictEqual(tools.misfits(spec, file.answers), []);
});

test("the result's CSV rows: what the file is, scores, then each answer in words", () => {
  const rec = quiz.record(spec, { q1: 4, q4: [0, 1], q6: "反思" }, D1);
  const rows = tools.csvRows(spec, rec, (id) => id.slice(1), { name: " 张三 ", unit: "" });
  const code = score.resultCode(spec, rec.answers, D1);
  assert.match(code, /^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$/);
  assert.deepStrictEqual(rows, [["问卷", "小测（版本 1）"], ["日期", store.day(D1)], ["姓名", "张三"], ["结果码", code], [],
    ["维度", "得分", "档次"], ["愿为", "—", ""], ["敢为", "—", ""], ["总体", "—", ""], [],
    ["题号", "题目", "回答"], ["1", "我愿意学习", "完全符合"], ["2", "我常常拖延", undefined], ["3", "情景题", undefined],
    ["4", "多选", "甲；乙"], ["5", "是否", undefined], ["6", "反思", "反思"]]);
  assert.deepStrictEqual(tools.csvRows(spec, rec, String, { name: "", unit: "某局" }).slice(2, 4),
    [["单位", "某局"], ["结果码", code]]);
});

test("an earlier result in the history list", () => {
  const rec = quiz.record(spec, ALL, new Date(2027, 2, 1, 9, 30).toISOString());
  assert.equal(tools.historyLine({ ...rec, version: "2" }), "2027年3月1日 · 版本 2 · 总体 100.0 分（好）");
  assert.equal(tools.historyLine({ ...rec, version: "", label: null, result: { overall: { percent: null } } }),
    "2027年3月1日 · 版本 — · 总体 暂无得分");
});

test("a result of another version: its attempt as it was, and the answers that still fit", () => {
  const data = { date: D1, questionnaire: { id: "check", hash: "old", version: 1 }, answers: { q1: 4, q3: 7, q2: 1 },
    fingerprints: { q1: ITEMS.q1.fp, q3: ITEMS.q3.fp, q2: "old" }, result: { overall: {} } };
  const got = tools.otherVersion(spec, data);
  assert.deepStrictEqual(got, { old: { date: D1, hash: "old", version: "1", answers: data.answers, result: data.result,
    label: null, lessons: [] }, carried: { q1: 4 } });
  const list = tools.withAttempt([{ date: D2 }, { date: D1, hash: "x" }], got.old);
  assert.deepStrictEqual(list.map((a) => [a.date, a.hash]), [[D1, "old"], [D2, undefined]]);
});

test("the improvement plan: a row for each dimension with advice", () => {
  const rec = quiz.record(spec, { q1: 0, q2: 4, q3: 1, q4: [0, 1], q5: 1 }, D1);
  const advice = (key) => ({ "dim:will:0:advice": "多学", "dim:dare:0:advice": "" }[key] ?? null);
  assert.deepStrictEqual(tools.plan(spec, rec, advice), { from: "小测", date: D1, rows: [
    { duty: "提升愿为（弱）", standard: "多学" }, { duty: "提升敢为（全部）", standard: "" }] });
});
