// For the property test in tests/test_scoring.py: score a JSON list of
// {spec, answers} read from stdin, print the list of results.
const { score } = require("../../generator/assets/kb-score.js");
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  process.stdout.write(JSON.stringify(cases.map((c) => score(c.spec, c.answers))));
});
