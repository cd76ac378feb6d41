// For the property test in tests/test_grading.py: grade a JSON list of {spec, answers, text}
// read from stdin, print the list of {result, normalised}.
const { grade, normalise } = require("../../generator/assets/kb-check.js");
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  process.stdout.write(JSON.stringify(cases.map((c) => ({ result: grade(c.spec, c.answers), normalised: normalise(c.text) }))));
});
