// Behaviour shared by every page. No inline scripts anywhere (Content-Security-Policy).
(function () {
  "use strict";
  // Forms marked js-autosubmit submit when one of their selects changes (language switcher, filters).
  document.querySelectorAll("form.js-autosubmit select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A form marked js-once cannot be sent twice by a double click.
  document.querySelectorAll("form.js-once").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });
})();
