// For tests/test_codes.py: the result codes of a JSON list of {spec, answers, date} from stdin.
const { resultCode } = require("../../generator/assets/kb-score.js");
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  process.stdout.write(JSON.stringify(cases.map((c) => resultCode(c.spec, c.answers, c.date))));
});
