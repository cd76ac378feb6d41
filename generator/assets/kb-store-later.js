/* kb-store-later: the part of kb.store (kb-store.js) that only an action calls: a download,
 * reading a chosen file, a toast. kb-store.js loads this file on the first such call, so that
 * every page carries only what every page uses; here each takes its name in kb.store. */
(function (root) {
  "use strict";
  var node = typeof module === "object" && module.exports;
  var store = node ? require("./kb-store.js") : root.kb.store;

  /** Largest file an import reads, checked before reading it (exports are far smaller). */
  store.MAX_FILE = 1024 * 1024;

  /** Offer text as a file: a blob: URL, so nothing leaves the page. */
  store.download = function (name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  };

  /**
   * Read a chosen file as JSON: refused by its size before it is read, and when not JSON.
   * @param {File} file
   * @param {function(*):void} done with the parsed data
   * @param {function(string):void} fail with "large" or "bad"
   */
  store.readJson = function (file, done, fail) {
    if (file.size > store.MAX_FILE) return fail("large");
    file.text().then(function (raw) {
      var data;
      try { data = JSON.parse(raw); } catch (e) { return fail("bad"); }
      done(data);
    }, function () { fail("bad"); });
  };

  // The toast's look, added to the page with the first toast: dark, at the bottom, above
  // Material's footer, never on paper.
  var LOOK = ".kb-toast{position:fixed;z-index:5;left:1rem;right:1rem;bottom:1rem;margin:auto;" +
    "width:fit-content;max-width:36rem;padding:.7rem 1rem;border-radius:.2rem;background:#333;" +
    "color:#fff;font-size:.8rem;box-shadow:0 2px 8px #0004}@media print{.kb-toast{display:none}}";

  /**
   * Say message where the reader is, not at the top of a long form: a toast fixed at the
   * bottom of the viewport (one per page, role=status so screen readers hear it), gone
   * after a few seconds or on the next toast.
   * @returns {Element} the toast
   */
  store.toast = function (message) {
    var box = document.querySelector(".kb-toast");
    if (!box) {
      document.head.appendChild(store.el("style", LOOK));
      box = document.body.appendChild(store.el("div", "", "kb-toast"));
      box.setAttribute("role", "status");
    }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box.kbTimer);
    box.kbTimer = setTimeout(function () { box.hidden = true; }, 5000);
    return box;
  };

  if (node) module.exports = store;
})(this);
