/* kb-score: the questionnaire scorer, twin of generator/scoring.py.
 * Pure functions, no DOM. Both scorers must agree bit for bit: sums run left
 * to right in item order, exactly as in Python. Rules: docs/questionnaire-format.md */
(function (root) {
  "use strict";

  function isIndex(value, size) {
    return Number.isInteger(value) && value >= 0 && value < size;
  }

  // Response-style checks: the limits of generator/scoring.py (docs/questionnaire-format.md).
  var AGREE = 0.6, STRAIGHT_MIN = 6, NA_TENTHS = 3;

  /** How many answers a single-answer item takes: its options, then 不适用 / 不了解 (na), then 未遇到 (nm). */
  function choices(item) {
    return item.scores.length + (item.na ? 1 : 0) + (item.nm ? 1 : 0);
  }

  /** "na" or "nm" when answer picks that extra choice of a single-answer item, else null (scorer.extra_choice). */
  function extra(item, answer) {
    var size = item.scores.length;
    if (item.type === "multi" || !isIndex(answer, choices(item)) || answer < size) return null;
    return answer === size && item.na ? "na" : "nm";
  }

  /**
   * Whether answer has the shape its item takes: an option index (不适用 / 不了解 being the
   * one after the options), a list of option indices for "multi", text for "text".
   * Twin of the check of each answer in generator/results.py:check_answers.
   * @returns {boolean}
   */
  function fits(item, answer) {
    var size = item.scores ? item.scores.length : 0;
    if (item.type === "text") return typeof answer === "string";
    if (item.type === "multi") return Array.isArray(answer) && answer.every(function (a) { return isIndex(a, size); });
    return isIndex(answer, choices(item));
  }

  /**
   * The score of one answer, or null when it is missing or invalid.
   * @param {object} item an item of the spec (scores, min, max, reverse, picks)
   * @param {*} answer an option index, or an array of indices for "multi"
   * @returns {number|null}
   */
  function itemScore(item, answer) {
    var scores = item.scores;
    var score = 0;
    if (item.type === "multi") {
      if (!Array.isArray(answer) || !answer.every(function (a) { return isIndex(a, scores.length); })) {
        return null;
      }
      var picked = Array.from(new Set(answer)).sort(function (a, b) { return a - b; });
      if (picked.length < item.picks[0] || picked.length > item.picks[1]) return null;
      for (var i = 0; i < picked.length; i++) score = score + scores[picked[i]];
    } else if (isIndex(answer, scores.length)) {
      score = scores[answer];
    } else {
      return null;
    }
    return item.reverse ? item.min + item.max - score : score;
  }

  /**
   * The band holding value: [from, to), the band ending at 100 closed.
   * @param {Array<{from:number,to:number}>} bands
   * @param {number|null} value unrounded percent
   * @returns {number|null} the band's index
   */
  function bandIndex(bands, value) {
    if (value === null) return null;
    for (var i = 0; i < bands.length; i++) {
      if ((bands[i].from <= value && value < bands[i].to) || (value === 100 && bands[i].to === 100)) {
        return i;
      }
    }
    return null;
  }

  function holds(condition, percent) {
    if (percent === null) return false;
    if (condition.at_least !== null && !(percent >= condition.at_least)) return false;
    return !(condition.below !== null && !(percent < condition.below));
  }

  /**
   * Score answers against a questionnaire spec.
   * @param {object} spec the JSON embedded in the page (see generator/questionnaires.py)
   * @param {Object<string,*>} answers item id -> option index (array for "multi", text for "text")
   * @returns {object} the same result as generator.scoring.score
   */
  function score(spec, answers) {
    var sums = {};
    var counts = {};  // scored answers, scored items
    var blocked = {};
    var missing = [];
    var answered = 0;
    var notApplicable = 0;
    var likert = [];  // [item, option picked] of answered Likert items
    spec.dimensions.forEach(function (d) { sums[d.id] = [0, 0]; counts[d.id] = [0, 0]; });
    spec.items.forEach(function (item) {
      var answer = Object.prototype.hasOwnProperty.call(answers, item.id) ? answers[item.id] : undefined;
      if (item.type === "text") {
        var given = typeof answer === "string" && answer.trim() !== "";
        if (given) answered += 1;
        if (item.required && !given) missing.push(item.id);
        return;
      }
      counts[item.dimension][1] += 1;
      var x = extra(item, answer);
      if (x) {  // 不适用 / 不了解 / 未遇到: answered, left out of the dimension
        answered += 1;
        if (x === "na") notApplicable += 1;
        return;
      }
      var value = itemScore(item, answer);
      if (value === null) {
        if (item.required) {
          missing.push(item.id);
          blocked[item.dimension] = true;
        }
        return;
      }
      answered += 1;
      counts[item.dimension][0] += 1;
      if (item.type === "likert") likert.push([item, answer]);
      sums[item.dimension][0] += item.weight * (value - item.min);
      sums[item.dimension][1] += item.weight * (item.max - item.min);
    });

    var dimensions = {};
    var total = 0;
    var weights = 0;
    var scored = 0;
    spec.dimensions.forEach(function (d) {
      var got = sums[d.id][0];
      var possible = sums[d.id][1];
      var short = counts[d.id][0] * 100 < spec.min_answered * counts[d.id][1];
      scored += counts[d.id][0];
      var percent = blocked[d.id] || possible === 0 || short ? null : 100 * got / possible;
      dimensions[d.id] = { percent: percent, band: bandIndex(d.bands, percent) };
      if (percent !== null) {
        total += d.weight * percent;
        weights += d.weight;
      }
    });
    var overall = missing.length || weights === 0 ? null : total / weights;
    var profiles = spec.profiles.filter(function (p) {
      return p.when.every(function (c) { return holds(c, dimensions[c.dimension].percent); });
    }).map(function (p) { return p.id; });
    return {
      complete: missing.length === 0,
      answered: answered,
      total: spec.items.length,
      missing: missing,
      dimensions: dimensions,
      overall: { percent: overall, band: bandIndex(spec.bands, overall) },
      profiles: profiles,
      checks: responseChecks(spec, likert, notApplicable, scored),
    };
  }

  /** Response-style checks of a self-assessment, in a fixed order (twin of scoring.response_checks). */
  function responseChecks(spec, likert, notApplicable, scored) {
    if (spec.kind !== "self") return [];
    var checks = [];
    var forward = [0, 0], backward = [0, 0];  // agreeing answers, answers
    var top = {};
    likert.forEach(function (pair) {
      var item = pair[0], raw = item.scores[pair[1]];
      var side = item.reverse ? backward : forward;
      side[1] += 1;
      if (raw >= item.min + AGREE * (item.max - item.min)) side[0] += 1;
      if (raw === item.max) top[item.id] = true;
    });
    var pairs = likert.some(function (pair) { return top[pair[0].id] && top[pair[0].opposite] === true; });
    if (pairs || (forward[1] >= 2 && backward[1] >= 2 && 2 * forward[0] >= forward[1] && 2 * backward[0] >= backward[1])) {
      checks.push("acquiescence");
    }
    var options = {};
    likert.forEach(function (pair) { options[pair[1]] = true; });
    if (likert.length >= STRAIGHT_MIN && Object.keys(options).length === 1) checks.push("straight");
    if (10 * notApplicable > NA_TENTHS * (scored + notApplicable)) checks.push("not_applicable");
    return checks;
  }

  /**
   * A figure with one decimal, the one rounding rule of the site (twin of scoring.one_decimal):
   * the exact binary value, ties away from zero, never "-0.0"; with sign, a "+" on non-negatives.
   * @param {number} value
   * @param {boolean} [sign]
   * @returns {string}
   */
  function oneDecimal(value, sign) {
    var text = value.toFixed(1);
    if (text === "-0.0") text = "0.0";
    return sign && text.charAt(0) !== "-" ? "+" + text : text;
  }

  /**
   * The saved answers that still fit the spec, and the ids of those that do not
   * (twin of scoring.carry_over): an answer fits while its item keeps the fingerprint
   * it was given under.
   * @param {object} spec
   * @param {Object<string,*>} answers
   * @param {Object<string,string>} fingerprints item id -> fp when answered
   * @returns {{answers: Object<string,*>, changed: string[]}}
   */
  function carryOver(spec, answers, fingerprints) {
    var current = {};
    spec.items.forEach(function (item) { current[item.id] = item.fp; });
    var kept = {};
    var changed = [];
    Object.keys(answers).forEach(function (id) {
      if (Object.prototype.hasOwnProperty.call(current, id) && fingerprints[id] === current[id]) kept[id] = answers[id];
      else changed.push(id);
    });
    return { answers: kept, changed: changed };
  }

  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // no 0/O, 1/I/L; 31 symbols, a prime
  var B = BigInt(ALPHABET.length);

  function symbols(number, width) {
    var out = [];
    for (var i = 0; i < width; i++) { out.unshift(Number(number % B)); number = number / B; }
    return out;
  }

  /**
   * The result code of answers made at date: version, hash, minute, answers, two checks.
   * Twin of generator/codes.py:encode, which documents the format.
   * @param {string} date an ISO date, as stored with the result
   * @param {string} [token] the bare symbols of a 评价码 whose check symbols hold: format 2
   * @returns {string} groups of five symbols joined by hyphens
   */
  function resultCode(spec, answers, date, token) {
    var number = BigInt(0), largest = BigInt(1), width = 0;
    spec.items.forEach(function (item) {
      if (item.type === "text") return;
      var size = item.scores.length, given = answers[item.id], radix, digit = 0;
      if (item.type === "multi") {
        radix = Math.pow(2, size);
        new Set(Array.isArray(given) ? given : []).forEach(function (k) { if (isIndex(k, size)) digit += Math.pow(2, k); });
      } else {
        radix = choices(item) + 1;  // 不适用 / 不了解, 未遇到: the choices after the options
        digit = isIndex(given, radix - 1) ? given + 1 : 0;
      }
      number = number * BigInt(radix) + BigInt(digit);
      largest *= BigInt(radix);
    });
    while (largest > BigInt(1)) { largest = (largest + B - BigInt(1)) / B; width++; }
    var minute = Math.max(0, Math.floor((Date.parse(date) - Date.UTC(2020, 0, 1)) / 60000));
    if (!isFinite(minute)) return null;  // no valid date: no code
    var values = [token ? 2 : 1].concat(symbols(BigInt(parseInt(spec.hash.slice(0, 7), 16)), 7), symbols(BigInt(minute), 5),
      token ? token.slice(0, 13).split("").map(function (c) { return ALPHABET.indexOf(c); }) : [],
      symbols(number, Math.max(width, 1)));
    var first = 0, second = 0;
    values.forEach(function (v, i) {
      var w = (i % 30) + 1;
      first = (first + w * v) % 31;
      second = (second + w * w * v) % 31;
    });
    var text = values.concat([first, second]).map(function (v) { return ALPHABET[v]; }).join("");
    return text.match(/.{1,5}/g).join("-");
  }

  var api = { score: score, itemScore: itemScore, bandIndex: bandIndex, resultCode: resultCode,
    oneDecimal: oneDecimal, carryOver: carryOver, extra: extra, fits: fits, AGREE: AGREE };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.kb = root.kb || {}).score = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
