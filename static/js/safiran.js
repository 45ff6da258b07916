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

  // Forms never lose typed input silently: warn before leaving a changed form.
  var dirty = new WeakSet();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.method.toLowerCase() === "post") dirty.add(form);
  });
  document.addEventListener("submit", function (event) { dirty.delete(event.target); });
  window.addEventListener("beforeunload", function (event) {
    var forms = document.querySelectorAll("form[method=post]");
    for (var i = 0; i < forms.length; i++) {
      if (dirty.has(forms[i])) { event.preventDefault(); event.returnValue = ""; return; }
    }
  });
})();
