// A licence's formats table: while a format is being prepared, fetch the page again every few
// seconds and put its new table in place, so progress shows without a reload (and without
// losing what was typed into the form). Without script the page shows the state it was
// loaded with; reloading it shows the rest.
(function () {
  "use strict";
  var EVERY_MS = 4000;

  function preparing(table) {
    return table && table.getAttribute("data-refresh") !== "";
  }

  function refresh() {
    var table = document.getElementById("formats");
    if (!preparing(table)) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("formats");
        if (fresh) {
          table.replaceWith(fresh);
          table = fresh;
        }
        if (preparing(table)) window.setTimeout(refresh, EVERY_MS);
      })
      .catch(function () { window.setTimeout(refresh, EVERY_MS * 2); });
  }

  window.setTimeout(refresh, EVERY_MS);
})();
