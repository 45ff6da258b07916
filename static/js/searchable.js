/* Long choice lists (core.forms.SearchableMixin marks them data-searchable) become searchable
 * boxes with the vendored Tom Select, fetched only by pages that have one. Typing narrows the
 * list (Persian letters and digits normalised: ي/ی, ك/ک, the zero-width non-joiner, ۱/1);
 * arrows and Enter pick, Backspace or the × removes; each pick and removal is announced to
 * screen readers. The texts come from the server, translated, on the select itself. */
(function () {
  "use strict";
  var me = document.currentScript;
  var scriptUrl = me && me.dataset.tomSelect;
  var styleUrl = me && me.dataset.tomSelectCss;
  var loading = null;

  var ARABIC = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627" };
  function normalise(text) {
    var out = "";
    text = String(text || "").toLowerCase();
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var code = ch.charCodeAt(0);
      if (code >= 0x06f0 && code <= 0x06f9) ch = String.fromCharCode(code - 0x06f0 + 48);
      else if (code >= 0x0660 && code <= 0x0669) ch = String.fromCharCode(code - 0x0660 + 48);
      else if (ARABIC[ch]) ch = ARABIC[ch];
      else if (ch === "\u200c" || ch === "\u200f" || ch === "\u200e" || (code >= 0x064b && code <= 0x0652)) ch = " ";
      out += ch;
    }
    return out.replace(/\s+/g, " ").trim();
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var live = null;
  function announce(text) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function setup(select) {
    if (select.tomselect) return;
    var texts = select.dataset;
    var multiple = select.multiple;
    var plugins = {};
    if (multiple) plugins.remove_button = { title: texts.remove, label: "\u00d7" };
    var options = {
      plugins: plugins,
      maxOptions: null,
      // Every option is in the page: the list narrows as each letter is typed, not 300 ms later.
      refreshThrottle: 0,
      placeholder: texts.placeholder,
      hidePlaceholder: !multiple,
      allowEmptyOption: false,
      closeAfterSelect: !multiple,
      // Tabbing through the form does not pop a list over the next fields; typing, the arrow
      // keys or a click open it.
      openOnFocus: false,
      selectOnTab: false,
      sortField: [{ field: "$order" }],
      // Every word typed must appear in the entry, letters and digits normalised.
      score: function (search) {
        var words = normalise(search).split(" ").filter(Boolean);
        return function (item) {
          if (!words.length) return 1;
          var text = normalise(item.text);
          for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) === -1) return 0;
          return 1;
        };
      },
      render: {
        no_results: function () { return '<div class="no-results">' + escapeHtml(texts.noResults) + "</div>"; },
      },
      onItemAdd: function (value) {
        var option = this.options[value];
        if (multiple && option) announce(texts.added.replace("%(item)s", option.text));
        if (multiple) this.setTextboxValue("");
      },
      onItemRemove: function (value) {
        var option = this.options[value];
        if (option) announce(texts.removed.replace("%(item)s", option.text));
        // Removing with the × must not leave the list open over the rest of the form.
        var self = this;
        window.setTimeout(function () { self.close(); }, 0);
      },
    };
    if (texts.searchUrl) remote(select, options);
    var ts = new window.TomSelect(select, options);
    // The remove buttons are links in Tom Select: name them for screen readers, keep them out
    // of the tab order (Backspace removes) but large enough to tap.
    ts.wrapper.classList.add("searchable-box");
    // The original select stays in the form for posting; screen readers use the box only.
    select.setAttribute("aria-hidden", "true");
    if (select.getAttribute("aria-invalid") === "true") ts.wrapper.classList.add("is-invalid");
    var described = select.getAttribute("aria-describedby");
    if (described) ts.control_input.setAttribute("aria-describedby", described);
    if (select.hasAttribute("required")) ts.control_input.setAttribute("aria-required", "true");
  }

  /* A list too long for the page (the roster's retirees; any filter's or form's model list over
   * core.remote_choices.REMOTE_AFTER): only the chosen options are in it,
   * the others are asked of the server (data-search-url, JSON {results: [{value, text}]}) as
   * two or more letters are typed, narrowed by the value of the field named in data-search-with. */
  function remote(select, options) {
    var texts = select.dataset;
    options.valueField = "value";
    options.labelField = "text";
    options.searchField = ["text"];
    options.refreshThrottle = 300;
    options.shouldLoad = function (query) { return normalise(query).length >= 2; };
    // The server matched the words (in the name, or a skill not shown): show what it sent.
    options.score = function () { return function () { return 1; }; };
    options.load = function (query, callback) {
      this.clearOptions();  // the chosen ones stay
      var url = new URL(texts.searchUrl, window.location.href);
      url.searchParams.set("q", query);
      var other = texts.searchWith && document.getElementById(texts.searchWith);
      if (other && other.value) url.searchParams.set("province", other.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { callback(data.results || []); })
        .catch(function () { callback(); });
    };
  }

  function load() {
    if (window.TomSelect) return Promise.resolve();
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (styleUrl) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = styleUrl;
        // Our own rules (safiran.css) must come after Tom Select's.
        var ours = document.querySelector('link[href*="safiran"]');
        document.head.insertBefore(link, ours || null);
      }
      var script = document.createElement("script");
      script.src = scriptUrl;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function enhance(root) {
    var selects = (root || document).querySelectorAll("select[data-searchable]");
    if (!selects.length || !scriptUrl) return;
    load().then(function () { selects.forEach(setup); });
  }

  // A click anywhere else, or Escape, closes an open list (focus may be on a removed item's ×).
  document.addEventListener("mousedown", function (event) {
    document.querySelectorAll("select[data-searchable]").forEach(function (select) {
      var ts = select.tomselect;
      if (ts && ts.isOpen && !ts.wrapper.contains(event.target)) ts.close();
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("select[data-searchable]").forEach(function (select) {
      if (select.tomselect && select.tomselect.isOpen) select.tomselect.close();
    });
  });

  enhance(document);
  document.body.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
