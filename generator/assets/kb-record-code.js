/* kb-record-code: the 学习记录码 printed on a 学习记录. Pure, no DOM; the twin of
 * generator/scoring/records.py (encode), held to the same codes by the shared vectors
 * tests/vectors/record-code/*.json. The layout (R V FFFFFFF TTTTT DDD A… CC) and what a code
 * proves are in that module's docstring and in docs/cli.md (register).
 * recordCode(spec, made, last, lessons):
 *   spec    the course's record spec (records.record_spec: version, lessons, check items);
 *   made    ISO time the record was made ("2027-03-20T08:00:00.000Z");
 *   last    the day of the latest study ("2027-03-19") or null;
 *   lessons {lessonId: {studied: bool, answers: {itemId: answer}, fill: {itemId: bool}}},
 *           fill: whether the page graded each fill-in item right (kb.check.grade(...).right).
 * Returns the code in groups of five joined by hyphens, or null when made is no date. */
(function (root) {
  "use strict";

  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  var B = BigInt(31);
  var EPOCH = Date.UTC(2020, 0, 1);

  function isIndex(value, size) {
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < size;
  }
  function radix(item) {
    if (item.type === "single") return item.options + 1;
    if (item.type === "multiple") return Math.pow(2, item.options);
    return item.type === "truefalse" ? 3 : 2;
  }
  function digit(item, state) {
    var answer = (state.answers || {})[item.id];
    if (item.type === "single") return isIndex(answer, item.options) ? answer + 1 : 0;
    if (item.type === "multiple") {
      var sum = 0;
      new Set(Array.isArray(answer) ? answer : []).forEach(function (a) { if (isIndex(a, item.options)) sum += Math.pow(2, a); });
      return sum;
    }
    if (item.type === "truefalse") return answer === true ? 1 : answer === false ? 2 : 0;
    return (state.fill || {})[item.id] === true ? 1 : 0;
  }
  function symbols(number, width) {
    var out = [];
    for (var i = 0; i < width; i++) { out.unshift(Number(number % B)); number = number / B; }
    return out;
  }
  function dayNumber(day) {
    if (!day) return 0;
    var t = Date.parse(String(day).slice(0, 10) + "T00:00:00Z");
    return isNaN(t) ? 0 : Math.max(0, Math.round((t - EPOCH) / 86400000));
  }

  function recordCode(spec, made, last, lessons) {
    var minute = Math.max(0, Math.floor((Date.parse(made) - EPOCH) / 60000));
    if (!isFinite(minute)) return null;
    var number = BigInt(0), largest = BigInt(1), width = 0;
    spec.lessons.forEach(function (lesson) {
      var state = lessons[lesson.id] || {};
      number = number * BigInt(2) + BigInt(state.studied ? 1 : 0);
      largest *= BigInt(2);
      (lesson.check ? lesson.check.items : []).forEach(function (item) {
        number = number * BigInt(radix(item)) + BigInt(digit(item, state));
        largest *= BigInt(radix(item));
      });
    });
    while (largest > BigInt(1)) { largest = (largest + B - BigInt(1)) / B; width++; }
    var values = [ALPHABET.indexOf("R"), 1].concat(
      symbols(BigInt(parseInt(spec.version.slice(0, 7), 16)), 7), symbols(BigInt(minute), 5),
      symbols(BigInt(dayNumber(last)), 3), symbols(number, Math.max(width, 1)));
    var first = 0, second = 0;
    values.forEach(function (v, i) {
      var w = (i % 30) + 1;
      first = (first + w * v) % 31;
      second = (second + w * w * v) % 31;
    });
    var text = values.concat([first, second]).map(function (v) { return ALPHABET[v]; }).join("");
    return text.match(/.{1,5}/g).join("-");
  }

  var api = { recordCode: recordCode };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.kb = root.kb || {}).recordCode = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
