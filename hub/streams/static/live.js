// "Phát trực tiếp": the microphone (MediaRecorder, Opus in WebM, a chunk every 250 ms) to the hub's
// WebSocket, which feeds the broadcast's stream. The key in data-ingest is valid for this broadcast only.
(function () {
  "use strict";
  const panel = document.getElementById("truc-tiep");
  if (!panel) return;
  const status = document.getElementById("trang-thai");
  const say = (text, state) => { status.textContent = text; panel.dataset.state = state; };
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + panel.dataset.ingest;
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    say("Trình duyệt này không thu được âm thanh từ micrô. Hãy dùng Chrome, Edge hoặc Firefox mới.", "error");
    return;
  }
  navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } }).then((stream) => {
    const socket = new WebSocket(url);
    let recorder = null;
    socket.onopen = () => {
      const type = MediaRecorder.isTypeSupported("audio/webm;codecs=opus") ? "audio/webm;codecs=opus" : "";
      recorder = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 48000 } : {});
      recorder.ondataavailable = (event) => {
        if (event.data.size && socket.readyState === WebSocket.OPEN) socket.send(event.data);
      };
      recorder.start(250);
      say("Đang phát trực tiếp. Hãy nói vào micrô.", "live");
    };
    socket.onclose = () => {
      if (recorder && recorder.state !== "inactive") recorder.stop();
      stream.getTracks().forEach((track) => track.stop());
      say("Đã ngắt kết nối với máy chủ: buổi phát đã kết thúc.", "closed");
    };
    document.getElementById("ket-thuc").addEventListener("click", () => {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    });
  }).catch((error) => {
    say("Không dùng được micrô (" + error.name + "). Hãy cho phép trình duyệt dùng micrô rồi tải lại trang.", "error");
  });
})();
