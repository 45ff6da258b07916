// Safiran's small client layer: the Jalali picker and unsaved-form protection.
(function () {
  "use strict";
  // The Jalali months and weekdays in the page's language (base.html, #date-picker-text: Persian
  // names, or their English transliteration on the English pages).
  var names = document.getElementById("date-picker-text");
  var MONTHS = names && names.dataset.months ? names.dataset.months.split(" ")
    : ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
  var WEEKDAYS = names && names.dataset.weekdays ? names.dataset.weekdays.split(" ") : ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  if (window.jalaliDatepicker) {
    // Typing stays possible (autoReadOnlyInput false); the server validates what is typed.
    window.jalaliDatepicker.startWatch({
      months: MONTHS,
      days: WEEKDAYS,
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
      changeMonthRotateYear: true,  // the month's +/- (and Page Up/Down) cross into the next or last year
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

  // The picker by keyboard (the vendored library answers only to the mouse). It opens when its
  // field gets focus, as before; Down arrow in the field moves into the month. There the arrow keys
  // move a day or a week, Page Up/Down a month (with Shift a year), Home/End to the month's first
  // and last day, Enter or Space chooses, Escape closes; both return to the field, which keeps its
  // typed entry working. Tab walks the picker's year, month, days and buttons and leaves it after
  // the last one for whatever follows the field (Shift+Tab from the first goes back to the field):
  // it never holds the focus. Each day is a button named with its whole Persian date; the choice
  // is announced through a polite live region. tests/e2e/test_date_picker.py drives it.
  var pickerText = document.getElementById("date-picker-text");
  var pickerStatus = document.getElementById("date-picker-status");
  var pickerField = null, quietFocus = false, keepFocus = null;
  function faDigits(value) { return String(value).replace(/\d/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }); }
  function pickerBox() { return document.querySelector("jdp-container"); }
  function pickerOpen() { var box = pickerBox(); return !!box && box.style.visibility === "visible" && box.style.display !== "none"; }
  function dayName(day) { return faDigits(day.day + " " + MONTHS[day.month - 1] + " " + day.year); }
  function monthDays() {
    var box = pickerBox();
    return box ? Array.prototype.slice.call(box.querySelectorAll(".jdp-day:not(.not-in-month):not(.disabled-day)")) : [];
  }
  function tabbables() {
    var box = pickerBox();
    if (!box) return [];
    return Array.prototype.filter.call(box.querySelectorAll("select, [tabindex='0']"), function (el) { return el.tabIndex >= 0; });
  }
  // The library finishes opening 300 ms after it starts, showing the picker again even if it was
  // closed meanwhile (Escape or Tab pressed quickly): closed by us, it is closed again after that.
  var closedAt = 0;
  function staysClosed() {
    var stamp = closedAt = Date.now();
    setTimeout(function () { if (closedAt === stamp && pickerOpen()) window.jalaliDatepicker.hide(); }, 350);
  }
  function hidePicker() {
    window.jalaliDatepicker.hide();
    staysClosed();
  }
  function focusField() {
    if (!pickerField) return;
    quietFocus = true;
    try { pickerField.focus(); } finally { quietFocus = false; }
  }
  function focusDay(day) {
    if (!day) return;
    monthDays().forEach(function (other) { other.tabIndex = other === day ? 0 : -1; });
    day.focus();
  }
  function startDay() {
    var days = monthDays();
    var box = pickerBox();
    return (box && (box.querySelector(".jdp-day.selected:not(.not-in-month)") || box.querySelector(".jdp-day.today:not(.not-in-month)"))) || days[0];
  }
  function labelPicker() {
    var box = pickerBox();
    if (!box || !pickerText) return;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", pickerText.dataset.dialog);
    var year = box.querySelector(".jdp-year > select"), month = box.querySelector(".jdp-month > select");
    if (year && !year.hasAttribute("aria-label")) { year.setAttribute("aria-label", pickerText.dataset.year); year.tabIndex = 0; }
    if (month && !month.hasAttribute("aria-label")) { month.setAttribute("aria-label", pickerText.dataset.month); month.tabIndex = 0; }
    // The +/- buttons stay for the mouse; the keyboard has Page Up/Down and the two lists.
    box.querySelectorAll(".jdp-icon-plus, .jdp-icon-minus").forEach(function (icon) { icon.setAttribute("aria-hidden", "true"); });
    var grid = box.querySelector(".jdp-days");
    var days = monthDays();
    if (grid && days.length && !grid.hasAttribute("role")) {
      grid.setAttribute("role", "group");
      grid.setAttribute("aria-label", faDigits(MONTHS[days[0].month - 1] + " " + days[0].year));
      box.querySelectorAll(".jdp-day-name, .jdp-day.not-in-month, .jdp-day.disabled-day").forEach(function (el) { el.setAttribute("aria-hidden", "true"); });
      days.forEach(function (day) {
        day.setAttribute("role", "button");
        day.setAttribute("aria-label", dayName(day));
        day.tabIndex = -1;
        if (day.classList.contains("selected")) day.setAttribute("aria-pressed", "true");
        if (day.classList.contains("today")) day.setAttribute("aria-current", "date");
      });
      var active = document.activeElement;
      var first = active && grid.contains(active) ? active : startDay();
      if (first) first.tabIndex = 0;
    }
    box.querySelectorAll(".jdp-footer > div").forEach(function (button) {
      if (button.hasAttribute("role")) return;
      button.setAttribute("role", "button");
      button.tabIndex = button.classList.contains("disabled-btn") ? -1 : 0;
    });
    // A redraw (another month or year) replaced the element that had the focus: focus its successor.
    if (keepFocus && pickerOpen() && (!document.activeElement || document.activeElement === document.body)) {
      var again = typeof keepFocus === "function" ? keepFocus() : box.querySelector(keepFocus);
      keepFocus = null;
      if (again && again.classList.contains("jdp-day")) focusDay(again); else if (again) again.focus();
    }
  }
  new MutationObserver(labelPicker).observe(document.body, { childList: true, subtree: true });

  function describeDateFields(root) {
    if (!pickerText) return;
    (root.querySelectorAll ? root : document).querySelectorAll("input[data-jdp]").forEach(function (input) {
      var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (ids.indexOf("date-picker-keys") < 0) input.setAttribute("aria-describedby", ids.concat(["date-picker-keys"]).join(" "));
    });
  }
  describeDateFields(document);
  document.addEventListener("htmx:load", function (event) { describeDateFields(event.target); });

  function announce(text) {
    if (!pickerStatus || !pickerText) return;
    pickerStatus.textContent = "";
    setTimeout(function () { pickerStatus.textContent = text; }, 50);
  }
  function afterChoice() {
    // The library chose (and closed): back to the field, and say what it now holds.
    setTimeout(function () {
      if (pickerOpen()) return;
      staysClosed();
      var box = pickerBox();
      if (!document.activeElement || document.activeElement === document.body || (box && box.contains(document.activeElement))) focusField();
      if (!pickerField) return;
      var parts = pickerField.value.replace(/[۰-۹]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".indexOf(d); }).split("/");
      if (parts.length === 3 && +parts[1] >= 1 && +parts[1] <= 12) {
        announce(pickerText.dataset.chosen + " " + dayName({ year: +parts[0], month: +parts[1], day: +parts[2] }));
      } else if (!pickerField.value) {
        announce(pickerText.dataset.cleared);
      }
    }, 0);
  }

  // In Persian the field shows Persian digits (as the server fills it), but the library reads and
  // writes Latin ones: it would not find the field's date (opening on today, marking no day) and
  // would write "1405/09/10". While it handles an event (the field getting focus, a click, a list
  // or a key in the picker) the field's `value` reads in Latin digits and what the library writes
  // is put in Persian ones: a view over the value, removed straight after — the text itself, the
  // caret and the selection (all of it after Tab) are never touched.
  var PERSIAN_PAGE = document.documentElement.lang === "fa";
  var NATIVE_VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
  function latinDigits(value) { return value.replace(/[۰-۹]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".indexOf(d); }); }
  function latinView(field) {
    if (!PERSIAN_PAGE || !field || Object.prototype.hasOwnProperty.call(field, "value")) return;
    Object.defineProperty(field, "value", {
      configurable: true,
      get: function () { return latinDigits(NATIVE_VALUE.get.call(this)); },
      set: function (value) { NATIVE_VALUE.set.call(this, faDigits(String(value))); },
    });
    setTimeout(function () { nativeView(field); }, 0);  // whatever happens to the event
  }
  function nativeView(field) {
    if (field && Object.prototype.hasOwnProperty.call(field, "value")) delete field.value;
  }
  var viewedField = null;
  function pickerEvent(event) {
    var target = event.target, box = pickerBox();
    if (quietFocus) return null;
    if (event.type === "focusin" && target.matches && target.matches("input[data-jdp]")) return target;
    return box && target.nodeType === 1 && box.contains(target) ? pickerField : null;
  }
  ["focusin", "click", "change", "keyup"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      var field = pickerEvent(event);
      if (field) { viewedField = field; latinView(field); }
    }, true);
    window.addEventListener(type, function () {
      if (viewedField) { nativeView(viewedField); viewedField = null; }
    });
  });
  function showPicker(field) {
    closedAt = 0;
    latinView(field);
    try { window.jalaliDatepicker.show(field); } finally { nativeView(field); }
  }

  // Which field the picker belongs to; focus elsewhere closes it (Tab onwards never leaves it open
  // over the page). The field focused again from inside the picker does not redraw it.
  window.addEventListener("focusin", function (event) {
    var target = event.target, box = pickerBox();
    if (target.matches && target.matches("input[data-jdp]")) {
      if (quietFocus && target === pickerField) { event.stopPropagation(); return; }
      pickerField = target;
      closedAt = 0;  // opening again: no late closing
      return;
    }
    if (window.jalaliDatepicker && pickerOpen() && box && !box.contains(target)) hidePicker();
  }, true);

  document.addEventListener("click", function (event) {
    var box = pickerBox();
    if (!box || !box.contains(event.target)) return;
    if (event.target.closest(".jdp-day, .jdp-footer > div")) afterChoice();
  }, true);
  // The year list redraws the picker on every key released on it (the month list on change):
  // the new list gets the focus back.
  function keepListFocus(event) {
    var box = pickerBox();
    if (box && box.contains(event.target) && event.target.matches("select")) {
      keepFocus = event.target.closest(".jdp-year") ? ".jdp-year > select" : ".jdp-month > select";
    }
  }
  document.addEventListener("change", keepListFocus, true);
  document.addEventListener("keyup", keepListFocus, true);

  function moveMonth(button, dayWanted) {
    // The month's +/- button redraws at once; then focus the wanted day (clamped to the month).
    var box = pickerBox();
    var icon = box && box.querySelector(button);
    if (!icon || icon.classList.contains("not-in-range")) return;
    icon.click();
    var days = monthDays();
    var index = typeof dayWanted === "function" ? dayWanted(days.length) : dayWanted;
    focusDay(days[Math.max(0, Math.min(days.length, index) - 1)]);
  }
  var NEXT_MONTH = ".jdp-months .jdp-icon-plus", PREVIOUS_MONTH = ".jdp-months .jdp-icon-minus";
  var NEXT_YEAR = ".jdp-years .jdp-icon-plus", PREVIOUS_YEAR = ".jdp-years .jdp-icon-minus";

  window.addEventListener("keydown", function (event) {
    if (!window.jalaliDatepicker) return;
    var target = event.target, box = pickerBox();
    if (target.matches && target.matches("input[data-jdp]")) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        pickerField = target;
        if (!pickerOpen()) showPicker(target);
        focusDay(startDay());
      } else if (event.key === "Escape" && pickerOpen()) {
        event.preventDefault();
        event.stopPropagation();  // the library's own Escape would take the focus off the field
        hidePicker();
      }
      return;
    }
    if (!box || !box.contains(target) || !pickerOpen()) return;
    var key = event.key;
    if (key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      hidePicker();
      focusField();
      return;
    }
    if (key === "Tab") {
      var stops = tabbables();
      if (event.shiftKey && target === stops[0]) { event.preventDefault(); focusField(); }
      if (!event.shiftKey && target === stops[stops.length - 1]) {
        event.preventDefault();
        var field = pickerField;
        hidePicker();
        var order = Array.prototype.filter.call(
          document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"),
          function (el) { return el.tabIndex >= 0 && !el.disabled && el.offsetParent !== null && !box.contains(el); });
        var next = order[order.indexOf(field) + 1];
        if (next) next.focus(); else focusField();
      }
      return;
    }
    if ((key === "Enter" || key === " ") && target.getAttribute("role") === "button") {
      event.preventDefault();
      target.click();
      return;
    }
    if (!target.classList.contains("jdp-day")) return;
    var days = monthDays(), index = days.indexOf(target), day = index + 1;
    var rtl = getComputedStyle(box).direction === "rtl";
    var step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowUp: -7, ArrowDown: 7 }[key];
    if (step) {
      event.preventDefault();
      var wanted = day + step;
      if (wanted >= 1 && wanted <= days.length) focusDay(days[wanted - 1]);
      else if (wanted > days.length) moveMonth(NEXT_MONTH, wanted - days.length);
      else moveMonth(PREVIOUS_MONTH, function (length) { return length + wanted; });
    } else if (key === "Home" || key === "End") {
      event.preventDefault();
      focusDay(key === "Home" ? days[0] : days[days.length - 1]);
    } else if (key === "PageUp" || key === "PageDown") {
      event.preventDefault();
      var forward = key === "PageDown";
      moveMonth(event.shiftKey ? (forward ? NEXT_YEAR : PREVIOUS_YEAR) : (forward ? NEXT_MONTH : PREVIOUS_MONTH), day);
    }
  }, true);

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
