// Safiran's small client layer: the Jalali picker and unsaved-form protection.
(function () {
  "use strict";
  if (window.jalaliDatepicker) {
    // Typing stays possible (autoReadOnlyInput false); the server validates what is typed.
    window.jalaliDatepicker.startWatch({
      autoReadOnlyInput: false,
      persianDigits: true,
      showTodayBtn: true,
      showEmptyBtn: true,
      showCloseBtn: true,
      useDropDownYears: true,
      minDate: { year: 1290, month: 1, day: 1 },
      maxDate: { year: 1500, month: 12, day: 29 },
      zIndex: 1060,
      hasSecond: false,
    });
  }

  // The picker opens below its field, never over the label, a heading or an error banner above
  // it: before it shows (it listens on focusin at <body>), the page scrolls so there is room
  // below the field, with space added at the end of a page too short to scroll. On phones the
  // picker is a sheet at the bottom of the screen and needs none of this.
  var PICKER_HEIGHT = 470;
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-jdp]") || window.innerWidth <= 481) return;
    var rect = input.getBoundingClientRect();
    var below = window.innerHeight - rect.bottom;
    if (below >= PICKER_HEIGHT) return;
    var wanted = Math.min(PICKER_HEIGHT - below, Math.max(rect.top - 8, 0));
    var room = document.documentElement.scrollHeight - window.innerHeight - window.scrollY;
    if (room < wanted) {
      var padding = parseFloat(document.body.style.paddingBottom || "0");
      document.body.style.paddingBottom = (padding + wanted - room + 16) + "px";
    }
    window.scrollBy(0, wanted);
  }, true);

  // The picker's year and month lists have no labels of their own: name them for screen readers.
  var persian = document.documentElement.lang === "fa";
  function labelPicker() {
    var year = document.querySelector(".jdp-year > select");
    var month = document.querySelector(".jdp-month > select");
    if (year) year.setAttribute("aria-label", persian ? "سال" : "Year");
    if (month) month.setAttribute("aria-label", persian ? "ماه" : "Month");
  }
  new MutationObserver(labelPicker).observe(document.body, { childList: true, subtree: true });

  // A refused filter (too long a search…) answers 400 with its message in the results: show it.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "400", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
  }

  // Behaviour declared in the markup, not in inline handlers (the Content-Security-Policy
  // allows no inline script): data-confirm asks before a form is sent, data-autosubmit sends
  // a select's form when it changes.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosubmit") && event.target.form) {
      event.target.form.submit();
    }
  });

  // Forms never lose typed input silently: warn before leaving a changed form.
  var dirty = new WeakSet();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.method.toLowerCase() === "post") dirty.add(form);
  });
  document.addEventListener("submit", function (event) { dirty.delete(event.target); });

  // The page after a save names the form it saved; remember it for this tab.
  var saved = document.querySelector("meta[name=saved-submission]");
  if (saved) { try { sessionStorage.setItem("submitted:" + saved.content, "1"); } catch (e) { /* private mode */ } }

  // Back after saving shows the filled form from the browser's cache: say it was saved.
  function markSubmitted() {
    var forms = document.querySelectorAll("form[data-submission]");
    for (var i = 0; i < forms.length; i++) {
      var sent = false;
      try { sent = sessionStorage.getItem("submitted:" + forms[i].dataset.submission) === "1"; } catch (e) { sent = false; }
      var notice = forms[i].querySelector(".submitted-notice");
      if (sent && notice) notice.classList.remove("d-none");
    }
  }
  window.addEventListener("pageshow", markSubmitted);

  // The Persian file box says which file was chosen.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".file-picker input[type=file]")) return;
    var label = input.parentNode.querySelector(".file-picker-name");
    if (label) label.textContent = input.files && input.files.length ? input.files[0].name : label.dataset.empty;
  });

  // A select that applies itself when changed (no inline handlers either).
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]") && event.target.form) event.target.form.submit();
  });

  // Print buttons (no inline handlers: the pages keep a strict Content-Security-Policy).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
  window.addEventListener("beforeunload", function (event) {
    var forms = document.querySelectorAll("form[method=post]");
    for (var i = 0; i < forms.length; i++) {
      if (dirty.has(forms[i])) { event.preventDefault(); event.returnValue = ""; return; }
    }
  });
})();
