/* The partner upload page: sends the chosen file to the tus endpoint in chunks with
   tus-js-client (static/vendor/tus-js-client), shows the progress, pauses and resumes, carries
   on an interrupted upload of the same file (tus-js-client remembers it in localStorage by the
   file's name, type, size and date), and on success opens the submission form for it. */
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.tus) { return; }
  var input = document.getElementById("upload-file");
  var startButton = document.getElementById("upload-start");
  var pauseButton = document.getElementById("upload-pause");
  var resumeButton = document.getElementById("upload-resume");
  var box = document.getElementById("upload-progress-box");
  var bar = document.getElementById("upload-progress");
  var statusLine = document.getElementById("upload-status");
  var errorLine = document.getElementById("upload-error");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var current = null;
  var lastAnnounced = -1;

  function megabytes(bytes) { return (bytes / (1024 * 1024)).toFixed(1) + " MB"; }

  function show(percent, sent, total) {
    bar.value = percent;
    bar.textContent = percent + "%";
    // Screen readers hear every tenth step, not every chunk.
    var step = Math.floor(percent / 10);
    if (step !== lastAnnounced || percent === 100) {
      lastAnnounced = step;
      statusLine.textContent = percent + "% uploaded (" + megabytes(sent) + " of " + megabytes(total) + ")";
    }
  }

  function fail(sentence, canResume) {
    errorLine.textContent = sentence;
    errorLine.hidden = false;
    pauseButton.hidden = true;
    resumeButton.hidden = !canResume;
    startButton.disabled = false;
    input.disabled = false;
  }

  // The server says why it refused (a 4xx) in a sentence: JSON {"detail": …} or plain text.
  function refusal(error) {
    var response = error && error.originalResponse;
    if (!response) {
      return "The upload stopped: the connection was lost. Press Resume, or pick the same file again to carry on.";
    }
    var body = response.getBody() || "";
    var status = response.getStatus();
    try {
      var parsed = JSON.parse(body);
      if (parsed && parsed.detail) { body = parsed.detail; }
    } catch (ignored) { /* plain text */ }
    if (!body || status >= 500) {
      return "The server could not take the upload (HTTP " + status + "). Try again in a moment.";
    }
    return body;
  }

  function uploadId(url) {
    var parts = url.replace(/\/+$/, "").split("/");
    return parts[parts.length - 1];
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { fail("Choose a video file first."); return; }
    errorLine.hidden = true;
    startButton.disabled = true;
    input.disabled = true;
    box.hidden = false;
    lastAnnounced = -1;
    show(0, 0, file.size);
    current = new window.tus.Upload(file, {
      endpoint: form.dataset.endpoint,
      chunkSize: parseInt(form.dataset.chunkSize, 10),
      retryDelays: [0, 1000, 3000, 5000],
      metadata: { filename: file.name, filetype: file.type || "application/octet-stream" },
      headers: { "X-CSRFToken": csrf },
      removeFingerprintOnSuccess: true,
      onShouldRetry: function (error) {
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        return !(status >= 400 && status < 500) || status === 409 || status === 423;
      },
      onProgress: function (sent, total) {
        show(Math.floor((sent / total) * 100), sent, total);
      },
      onError: function (error) { fail(refusal(error), !error.originalResponse); },
      onSuccess: function () {
        show(100, file.size, file.size);
        pauseButton.hidden = true;
        statusLine.textContent = "100% uploaded. The file passed its checks; opening the form for its details…";
        var next = form.dataset.next + "?upload=" + encodeURIComponent(uploadId(current.url));
        // A moment at 100% so the filmer sees the upload finished before the form opens.
        window.setTimeout(function () { window.location.assign(next); }, 700);
      },
    });
    pauseButton.hidden = false;
    resumeButton.hidden = true;
    current.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        current.resumeFromPreviousUpload(previous[0]);
        statusLine.textContent = "Carrying on the upload of " + file.name + " where it stopped…";
      }
      current.start();
    });
  });

  pauseButton.addEventListener("click", function () {
    if (!current) { return; }
    current.abort();
    pauseButton.hidden = true;
    resumeButton.hidden = false;
    statusLine.textContent = "Paused at " + bar.value + "%.";
    resumeButton.focus();
  });

  resumeButton.addEventListener("click", function () {
    if (!current) { return; }
    errorLine.hidden = true;
    resumeButton.hidden = true;
    pauseButton.hidden = false;
    current.start();
    pauseButton.focus();
  });
}());
