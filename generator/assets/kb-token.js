/* kb-token: reading a typed one-time 评价码 (rating token), twin of generator/scoring/tokens.py:read.
 * No key: the page can say that a code is mistyped (its check symbols fail),
 * never whether it is genuine; that is checked with the department's key by `aggregate --key-file`.
 * Format (docs/cli.md, tokens): version, 3 serial, 9 tag and 2 check symbols in the result codes'
 * alphabet, printed XXXXX-XXXXX-XXXXX. Shared vectors: tests/vectors/tokens/tokens.json.
 * Used only on rating forms with `token`, as window.kb.token: a pure core (read, bare, checks),
 * what the page's 评价码 field says (check on submit, which kb-quiz.js calls; changed as the
 * rater leaves it), given the field's box (both Node-tested with a stand-in box), and the one
 * listener of the page.
 * No page loads it up front (the page weight budget): kb-quiz.js loads it when the field first
 * takes the focus, or on submit. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  if (!node && root.kb && root.kb.token) return;  // loaded again by instant navigation

  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // no 0/O, 1/I/L; 31 symbols, a prime
  var BASE = 31, VERSION = 1, SERIAL_SYMBOLS = 3, LENGTH = 15, GROUP = 5;
  // Format 2 (民主测评, tokens.py): after the serial, the rater group (1 symbol) and the subject (2).
  var APPRAISAL = 2;
  // What typing may add and reading ignores: spaces and every kind of dash (as tokens.py).
  var IGNORED = /[\s\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63_.\u00b7\u30fb]+/g;

  /** typed as bare symbols: full-width forms folded (NFKC), upper case, no spaces or dashes. */
  function bare(typed) {
    var text = String(typed);
    if (typeof text.normalize === "function") text = text.normalize("NFKC");
    return text.replace(IGNORED, "").toUpperCase();
  }

  /** The two check symbols of a list of symbol values (twin of codes.checks). */
  function checks(values) {
    var first = 0, second = 0;
    for (var i = 0; i < values.length; i++) {
      var w = (i % (BASE - 1)) + 1;
      first = (first + w * values[i]) % BASE;
      second = (second + w * w * values[i]) % BASE;
    }
    return [first, second];
  }

  function grouped(text) {
    return text.match(new RegExp(".{1," + GROUP + "}", "g")).join("-");
  }

  /**
   * Read a typed token.
   * @param {string} typed what the rater typed
   * @param {number} [version] the format the form takes: 1 (rating forms, the default) or 2 (民主测评)
   * @returns {{ok: true, code: string, serial: number, group?: number, subject?: number} |
   *           {ok: false, error: "empty"|"symbols"|"length"|"check"|"version", found?: string[]}}
   *   code: the token as printed (groups of five); format 2 also gives the rater group's index
   *   and the number (from 1; 0: none) of the subject it was issued to; error: why it cannot be a token
   */
  function read(typed, version) {
    var text = bare(typed);
    if (text === "") return { ok: false, error: "empty" };
    var wrong = [];
    for (var i = 0; i < text.length; i++) {
      if (ALPHABET.indexOf(text[i]) < 0 && wrong.indexOf(text[i]) < 0) wrong.push(text[i]);
    }
    if (wrong.length) return { ok: false, error: "symbols", found: wrong.sort() };
    if (text.length !== LENGTH) return { ok: false, error: "length" };
    var values = [];
    for (var j = 0; j < text.length; j++) values.push(ALPHABET.indexOf(text[j]));
    var check = checks(values.slice(0, -2));
    if (check[0] !== values[LENGTH - 2] || check[1] !== values[LENGTH - 1]) return { ok: false, error: "check" };
    if (values[0] !== (version || VERSION)) return { ok: false, error: "version" };
    var serial = 0;
    for (var k = 1; k <= SERIAL_SYMBOLS; k++) serial = serial * BASE + values[k];
    var got = { ok: true, code: grouped(text), serial: serial };
    if (values[0] === APPRAISAL) {
      got.group = values[SERIAL_SYMBOLS + 1];
      got.subject = values[SERIAL_SYMBOLS + 2] * BASE + values[SERIAL_SYMBOLS + 3];
    }
    return got;
  }

  /* ---- The 评价码 field of a rating form (quiz.md.j2): what it says, given its box ---- */

  /** What a field says of a token that cannot be read (also kb-appraisal.js's). */
  var SAY = {
    empty: "请填写评价码（见评价码条）。",
    symbols: "评价码中有无法识别的字符：",
    length: "评价码应为 15 位，如 XXXXX-XXXXX-XXXXX，请核对。",
    check: "评价码有误，请逐位核对评价码条。",
    version: "这不是本系统发放的评价码，请核对。",
  };

  /** What the field says, shown beside it: null when empty and optional, false when it cannot be read. */
  function field(box, submitting) {
    var input = box.querySelector(".kbq-token"), note = box.querySelector(".kbq-token-note");
    if (!input) return null;
    var got = read(input.value);
    var empty = !got.ok && got.error === "empty", bad = !got.ok && (!empty || input.dataset.required);
    note.textContent = bad && (submitting || !empty) ? SAY[got.error] + (got.found ? got.found.join(" ") : "") : "";
    input.setAttribute("aria-invalid", bad ? "true" : "false");
    if (bad && submitting) input.focus();
    if (bad) return false;
    if (empty) return null;
    input.value = got.code;
    return { code: got.code, bare: bare(got.code) };
  }

  var api = { read: read, bare: bare, checks: checks, ALPHABET: ALPHABET, LENGTH: LENGTH, SAY: SAY };
  /**
   * The 评价码 typed in a rating form's root, checked on submit: {code, bare}, null when none
   * was typed and none is required, false (the field says why and takes the focus) otherwise.
   */
  api.check = function (box) { return field(box, true); };
  /** The same check as the rater leaves the field: says nothing yet of an empty required field. */
  api.changed = function (box) { return field(box, false); };
  if (node) { module.exports = api; return; }

  /* ---- The DOM binding: the field is checked as the rater leaves it ---- */

  (root.kb = root.kb || {}).token = api;
  var document = root.document;
  document.addEventListener("change", function (event) {
    var box = event.target.closest && event.target.classList.contains("kbq-token") && event.target.closest(".kbq");
    if (box) api.changed(box);
  });
  // Loaded as the field takes the focus: a rater quicker than the load has left it already.
  document.querySelectorAll(".kbq-token").forEach(function (input) {
    if (input.value && input !== document.activeElement) api.changed(input.closest(".kbq"));
  });
})(typeof globalThis !== "undefined" ? globalThis : this);
