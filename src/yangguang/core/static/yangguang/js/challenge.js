// The public forms' challenge: "another picture" fetches a new one from this site and
// puts its token in the form. Without scripts the button stays hidden; the page itself
// gives a new picture each time it is shown.
(function () {
  "use strict";
  function wire(box) {
    var button = box.querySelector("[data-challenge-refresh]");
    var image = box.querySelector("[data-challenge-image]");
    var form = box.closest("form");
    var token = form && form.querySelector('input[name="captcha_token"]');
    if (!button || !image || !token) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      fetch(button.getAttribute("data-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (fresh) {
          if (!fresh) return;
          token.value = fresh.token;
          image.src = fresh.image_url;
          var input = box.querySelector('input[name="captcha"]');
          if (input) { input.value = ""; input.focus(); }
        });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-challenge]").forEach(wire);
  });
})();
