// Record a language variant in the browser (MediaRecorder) and send it like an uploaded file.
(function () {
  "use strict";
  function wire(form) {
    if (form.dataset.wired || !window.MediaRecorder || !navigator.mediaDevices) return;
    form.dataset.wired = "1";
    var record = form.querySelector("[data-record]");
    var stop = form.querySelector("[data-stop]");
    var status = form.querySelector("[data-record-status]");
    var recorder = null, chunks = [], started = 0, timer = null;
    record.hidden = false;
    record.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          clearInterval(timer);
          send(new Blob(chunks, { type: recorder.mimeType || "audio/webm" }));
        };
        recorder.start(250);
        started = Date.now();
        record.hidden = true;
        stop.hidden = false;
        status.textContent = "Đang ghi âm… 0 giây";
        timer = setInterval(function () {
          status.textContent = "Đang ghi âm… " + Math.round((Date.now() - started) / 1000) + " giây";
        }, 500);
      }).catch(function () {
        status.textContent = "Không dùng được micrô: hãy cho phép trang này dùng micrô, hoặc tải tệp lên.";
      });
    });
    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") recorder.stop();
      stop.hidden = true;
    });
    function send(blob) {
      status.textContent = "Đang gửi bản ghi âm…";
      var data = new FormData();
      data.append("csrf_token", form.querySelector("[name=csrf_token]").value);
      data.append("lang", form.querySelector("[name=lang]").value);
      var ext = (blob.type.indexOf("ogg") >= 0) ? "ogg" : "webm";
      data.append("file", blob, "ghi-am." + ext);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                           headers: { "X-Requested-With": "fetch" } })
        .then(function (answer) {
          if (answer.ok) { window.location.reload(); return; }
          return answer.text().then(function (text) { status.textContent = text; record.hidden = false; });
        })
        .catch(function () { status.textContent = "Mất kết nối: chưa gửi được bản ghi âm."; record.hidden = false; });
    }
  }
  function wireAll() { document.querySelectorAll("form[data-recorder]").forEach(wire); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wireAll); else wireAll();
})();
