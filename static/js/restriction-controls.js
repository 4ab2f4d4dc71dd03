/* The restriction controls on the clip form: as the filmer changes them, ask the compile
   endpoint (the same compiler buyers' checks use) for the restriction text they write, and show
   it with a plain reason per rule, or the sentence saying what is wrong. Without this script the
   server writes the text from the same controls when the form is sent. */
(function () {
  "use strict";
  var box = document.getElementById("restriction-controls");
  if (!box || !window.fetch) { return; }
  var form = box.closest("form");
  var output = document.getElementById("restriction-text");
  var reasons = document.getElementById("restriction-reasons");
  var errorLine = document.getElementById("restriction-error");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var territories = document.getElementById("id_territories");
  var embargo = document.getElementById("id_embargo_until");
  var useUntil = document.getElementById("id_use_until");
  var maxSeconds = document.getElementById("id_max_seconds");
  var timer = null;
  var asked = 0;

  function mode() {
    var chosen = box.querySelector("input[name=restriction_mode]:checked");
    return chosen ? chosen.value : "none";
  }

  function controls() {
    return {
      territory_mode: mode(),
      territories: territories.value.split(",").map(function (name) { return name.trim(); })
        .filter(function (name) { return name; }),
      // A datetime-local value has no zone; the label says UTC, so say it to the server too.
      embargo_until: embargo.value ? embargo.value + ":00Z" : null,
      editorial_only: document.getElementById("id_editorial_only").checked,
      no_social_media: document.getElementById("id_no_social_media").checked,
      use_until: useUntil && useUntil.value ? useUntil.value + ":00Z" : null,
      max_seconds: maxSeconds && maxSeconds.value ? parseInt(maxSeconds.value, 10) : null,
    };
  }

  function showError(sentence) {
    output.textContent = "Not written: see what is wrong below.";
    errorLine.textContent = sentence;
    errorLine.hidden = false;
    reasons.textContent = "";
  }

  function showText(body) {
    errorLine.hidden = true;
    var text = body.canonical !== undefined ? body.canonical : body.text;
    output.textContent = text || "None: buyers anywhere may use it.";
    reasons.textContent = "";
    (body.reasons || []).forEach(function (reason) {
      var item = document.createElement("li");
      item.textContent = reason;
      reasons.appendChild(item);
    });
  }

  function firstError(body) {
    if (!body) { return "The restrictions could not be checked."; }
    if (body.detail) { return body.detail; }
    for (var key in body) {
      if (Object.prototype.hasOwnProperty.call(body, key)) {
        var value = body[key];
        return Array.isArray(value) ? value.join(" ") : String(value);
      }
    }
    return "The restrictions could not be checked.";
  }

  function compile() {
    var ticket = ++asked;
    fetch(box.dataset.compile, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ controls: controls() }),
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (ticket !== asked) { return; } // an older answer arriving late
        if (response.ok) { showText(body || {}); } else { showError(firstError(body)); }
      });
    }).catch(function () {
      if (ticket === asked) { showError("The restrictions could not be checked; they will be when you send the form."); }
    });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(compile, 250);
  }

  box.addEventListener("change", soon);
  box.addEventListener("input", soon);
  compile();
}());
