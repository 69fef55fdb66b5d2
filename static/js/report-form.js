// The report form. No inline scripts anywhere (Content-Security-Policy).
(function () {
  "use strict";
  var form = document.querySelector("form.report-form");
  if (!form) { return; }

  // Whole numbers typed without separators are shown grouped the Vietnamese way: 12345 -> 12.345.
  form.querySelectorAll("input.js-number").forEach(function (input) {
    input.addEventListener("blur", function () {
      var value = input.value.trim();
      if (input.dataset.places === "0" && /^\d{4,}$/.test(value)) {
        input.value = value.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
      }
    });
  });

  // What is typed is kept in this browser until the server has it, so that an expired session or
  // an expired page does not lose it: the form puts it back when it is opened again at the same version.
  var key = form.dataset.draftKey;
  var version = form.dataset.version;
  var storage = null;
  try { storage = window.localStorage; } catch (error) { storage = null; }
  if (!storage || !key) { return; }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.type !== "hidden" && element.type !== "submit" && element.type !== "button";
    });
  }
  function keep() {
    var values = {};
    fields().forEach(function (element) { values[element.name] = element.value; });
    try { storage.setItem(key, JSON.stringify({ version: version, fields: values })); } catch (error) { /* full */ }
  }

  var kept = null;
  try { kept = JSON.parse(storage.getItem(key) || "null"); } catch (error) { kept = null; }
  if (kept && kept.version === version && kept.fields) {
    var restored = false;
    fields().forEach(function (element) {
      if (Object.prototype.hasOwnProperty.call(kept.fields, element.name) && kept.fields[element.name] !== element.value) {
        element.value = kept.fields[element.name];
        restored = true;
      }
    });
    if (restored) {
      var notice = form.querySelector(".js-restored");
      if (notice) { notice.classList.remove("d-none"); }
    }
  } else if (kept) {
    // The report has moved on (saved, or saved by someone else): what was kept is out of date.
    storage.removeItem(key);
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  var discard = form.querySelector(".js-discard-restored");
  if (discard) {
    discard.addEventListener("click", function () {
      storage.removeItem(key);
      window.location.reload();
    });
  }
  // Errors listed above the form get the focus, so a screen reader (and a phone user) sees them first.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
