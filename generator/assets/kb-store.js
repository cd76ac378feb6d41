/* kb-store: the one place the site keeps data on the reader's device (localStorage, under
 * keys starting "kb:") and hands files back (downloads). Storage may be disabled or full:
 * every call then fails quietly and tells its caller. */
(function (root) {
  "use strict";
  var PREFIX = "kb:";

  function storage() { return root.localStorage; }  // may throw when disabled

  root.kbStore = {
    PREFIX: PREFIX,
    /** @returns {*} the stored value, or null when absent or unreadable */
    get: function (key) {
      try { var raw = storage().getItem(key); return raw ? JSON.parse(raw) : null; } catch (e) { return null; }
    },
    /** @returns {boolean} whether the value could be stored */
    set: function (key, value) {
      try { storage().setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
    },
    remove: function (key) { try { storage().removeItem(key); } catch (e) { /* nothing stored */ } },
    /** Remove everything the site stored on this device. */
    clearAll: function () {
      try {
        var ls = storage();
        for (var i = ls.length - 1; i >= 0; i--) if (ls.key(i).indexOf(PREFIX) === 0) ls.removeItem(ls.key(i));
      } catch (e) { /* nothing stored */ }
    },
    /**
     * Run init on this page and on every page Material's instant navigation brings
     * (document$ emits on each). A script may arrive after its page's emission, so init
     * also runs at once: it must skip what it has already bound.
     */
    onPages: function (init) {
      init();
      if (root.document$ && typeof root.document$.subscribe === "function") root.document$.subscribe(init);
    },
    /** Offer text as a file: a blob: URL, so nothing leaves the page. */
    download: function (name, type, text) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 0);
    },
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
