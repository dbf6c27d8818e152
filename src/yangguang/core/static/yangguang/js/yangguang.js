// yangguang: small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // the language switch submits by itself when a language is chosen from the list
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
});
