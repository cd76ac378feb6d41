// kb-list.js's core: the list's layout, its rows kept by column, the plan, import and export.
const test = require("node:test");
const assert = require("node:assert/strict");
const list = require("../../generator/assets/kb-list.js");

const SPEC = {
  id: "window", title: "窗口岗位", hash: "abc",
  columns: [{ key: "no", name: "序号" }, { key: "duty", name: "职责" }, { key: "standard", name: "标准" }],
  rows: [{ duty: "首问负责", standard: "当场答复" }], blank: 2,
};

test("layout: the columns to fill in, their names, and the row number apart", () => {
  assert.deepStrictEqual(list.layout(SPEC), {
    cells: SPEC.columns.slice(1), keys: ["duty", "standard"], names: { duty: "职责", standard: "标准" }, numbered: true,
  });
  assert.equal(list.layout({ columns: SPEC.columns.slice(1) }).numbered, false);
});

test("a list not yet filled in: its example rows, then blank rows", () => {
  assert.deepStrictEqual(list.initial(SPEC), [{ duty: "首问负责", standard: "当场答复" }, {}, {}]);
  assert.equal(SPEC.rows.length, 1, "the spec is left as it was");
});

test("rows fitted to the columns: cells of removed columns set aside, values made text", () => {
  const removed = [{ key: "owner", name: "责任人", cells: [{ row: 9, text: "老王" }] }];
  const fitted = list.fit([{ duty: "甲", owner: "小李", due: "三月", no: "7", extra: " " }, "junk", { standard: 5, duty: null }],
    ["duty", "standard"], { due: "时限" }, removed);
  assert.deepStrictEqual(fitted, { rows: [{ duty: "甲" }, {}, { standard: "5", duty: "" }], moved: 2 });
  assert.deepStrictEqual(removed, [
    { key: "owner", name: "责任人", cells: [{ row: 9, text: "老王" }, { row: 1, text: "小李" }] },
    { key: "due", name: "时限", cells: [{ row: 1, text: "三月" }] },
  ]);
  assert.deepStrictEqual(list.asideOf([removed[0], { key: "x" }, null]), [removed[0]]);
  assert.deepStrictEqual(list.asideOf("junk"), []);
});

test("the plan fills the first empty rows, then adds rows", () => {
  const rows = [{ duty: "甲", standard: "" }, { duty: " ", standard: "" }, { duty: "", standard: "" }];
  const plan = [{ duty: "提升愿为", standard: "多学" }, { duty: "提升敢为" }, { duty: "提升善为", standard: 3 }];
  assert.deepStrictEqual(list.withPlan(rows, plan), [
    { duty: "甲", standard: "" }, { duty: "提升愿为", standard: "多学" }, { duty: "提升敢为", standard: "" }, plan[2],
  ]);
  assert.deepStrictEqual(list.planRows({ rows: [{ duty: "x" }, "junk", null] }), [{ duty: "x" }]);
  assert.deepStrictEqual(list.planRows(null), []);
});

test("an import is refused unless it is this list's export with rows of text", () => {
  const good = { format: "kb-list", list: { id: "window" }, rows: [{ duty: "甲" }] };
  assert.equal(list.refusal(SPEC, good), null);
  assert.equal(list.refusal(SPEC, { ...good, list: { id: "other" } }), "bad");
  assert.equal(list.refusal(SPEC, { ...good, format: "kb-quiz-result" }), "bad");
  assert.equal(list.refusal(SPEC, { ...good, rows: [{ duty: 1 }] }), "rows");
  assert.equal(list.refusal(SPEC, { ...good, rows: Array(list.MAX_ROWS + 1).fill({}) }), "rows");
  assert.equal(list.refusal(SPEC, { ...good, rows: [] }), "empty");
  assert.deepStrictEqual(list.namesOf({ columns: [{ key: "a", name: "甲" }, null] }), { a: "甲" });
});

test("the export: the columns, the fields, the rows, what was set aside", () => {
  const rows = [{ duty: "甲", standard: "" }];
  const file = list.exportFile(SPEC, { unit: "某局" }, rows, []);
  assert.deepStrictEqual(file, { format: "kb-list", version: 2, list: { id: "window", title: "窗口岗位", hash: "abc" },
    columns: [{ key: "duty", name: "职责" }, { key: "standard", name: "标准" }], fields: { unit: "某局" }, rows });
  const aside = [{ key: "owner", name: "责任人", cells: [] }];
  assert.deepStrictEqual(list.exportFile(SPEC, {}, rows, aside)[list.REMOVED], aside);
  assert.equal(list.refusal(SPEC, file), null, "an export can be imported again");
});

test("a phone shows one blank row after the rows written in; the rest are spare", () => {
  const row = (duty) => ({ duty, standard: "" });
  assert.equal(list.spareFrom([row(""), row(""), row("")]), 1, "a blank list: one row");
  assert.equal(list.spareFrom([row("甲"), row(" "), row(""), row("")]), 2);
  assert.equal(list.spareFrom([row("甲"), row(""), row("乙"), row("")]), 4, "a blank row between written ones stays");
  assert.equal(list.spareFrom([row("甲"), row("乙")]), 2, "no blank row, nothing spare");
  assert.equal(list.spareFrom([]), 0);
  assert.equal(list.isBlank({ duty: " \n", standard: "" }), true);
  assert.equal(list.isBlank({ duty: "", standard: "3 天" }), false);
});
