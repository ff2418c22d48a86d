// The e-board player: driven by the same device manifest as the loudspeakers.
// Rotates the live bulletins, scrolls a ticker, shows the clock, takes the whole screen for an
// emergency and gives it back by itself when the emergency ends. Plays the manifest's streams (a
// live broadcast, a relay) in their window with an <audio> of the stream's URL, says so on screen,
// reports each in the play log, and goes back to its bulletins when the stream ends or leaves the
// manifest. Keeps working offline: the page comes from the service worker's cache and the last
// manifest from localStorage.
"use strict";

const API = "/api/v1/device";
const ROTATE_MS = 12000;
const store = window.localStorage;
const $ = (id) => document.getElementById(id);
const PRIORITY = { emergency: "Khẩn cấp", priority: "Ưu tiên", normal: "" };

function takeToken() {
  const match = window.location.hash.match(/token=([^&]+)/);
  if (match) {
    store.setItem("ttcs-eboard-token", decodeURIComponent(match[1]));
    history.replaceState(null, "", window.location.pathname); // do not leave the token on screen
  }
  return store.getItem("ttcs-eboard-token") || "";
}

const token = takeToken();
let manifest = JSON.parse(store.getItem("ttcs-eboard-manifest") || "null");
let etag = store.getItem("ttcs-eboard-etag") || "";
let skew = Number(store.getItem("ttcs-eboard-skew") || 0); // server clock − our clock, ms
let slide = 0;
let online = false;

const now = () => new Date(Date.now() + skew);
const tz = { timeZone: "Asia/Ho_Chi_Minh" };
const fmtTime = new Intl.DateTimeFormat("vi-VN", { ...tz, hour: "2-digit", minute: "2-digit", hour12: false });
const fmtDate = new Intl.DateTimeFormat("vi-VN", { ...tz, weekday: "long", day: "numeric", month: "numeric", year: "numeric" });
const fmtShort = new Intl.DateTimeFormat("vi-VN", { ...tz, hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric", hour12: false });

function live(item, at) {
  return new Date(item.valid_from) <= at && (!item.valid_until || new Date(item.valid_until) > at);
}

function show(el, text) { if (el.textContent !== text) el.textContent = text; }

// -- streams ("phát trực tiếp", "tiếp sóng") -------------------------------------------------------

let playing = null; // {stream, start}: the stream on air now
let logQueue = JSON.parse(store.getItem("ttcs-eboard-playlog") || "[]");

function activeStream(at) {
  const open = (manifest.streams || []).filter((s) => new Date(s.start) <= at && new Date(s.end) > at);
  const rank = (s) => (s.interrupt ? 0 : s.kind === "live" ? 1 : 2);
  open.sort((a, b) => rank(a) - rank(b) || new Date(a.start) - new Date(b.start));
  return open[0] || null;
}

function streamLabel(stream) {
  if (stream.kind === "live") return "Đang phát trực tiếp";
  return "Đang tiếp sóng";
}

function streamTitle(stream) {
  // A relay's title is "Tiếp sóng VOV1": under the label "Đang tiếp sóng" the source's name is enough.
  return stream.kind === "relay" ? stream.title.replace(/^Tiếp sóng\s+/, "") : stream.title;
}

function logPlay(entry) {
  logQueue.push(entry);
  store.setItem("ttcs-eboard-playlog", JSON.stringify(logQueue.slice(-200)));
  sendPlayLogs();
}

async function sendPlayLogs() {
  if (!logQueue.length || !manifest) return;
  const entries = logQueue.slice(0, 50);
  try {
    const response = await fetch(API + "/playlog", {
      method: "POST",
      headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify({ device_id: manifest.device_id, entries }),
    });
    if (response.ok || response.status === 422) { // sent, or refused for good: not sent again
      logQueue = logQueue.slice(entries.length);
      store.setItem("ttcs-eboard-playlog", JSON.stringify(logQueue));
    }
  } catch (error) { /* offline: sent with the next heartbeat */ }
}

function endStream(at, result) {
  const audio = $("stream-audio");
  audio.pause();
  audio.removeAttribute("src");
  audio.load();
  const { stream, start } = playing;
  playing = null;
  logPlay({ item_id: stream.id, start: start.toISOString(), end: at.toISOString(), result, detail: stream.kind });
}

function startStream(stream, at) {
  playing = { stream, start: at };
  const audio = $("stream-audio");
  audio.src = stream.url;
  audio.play().catch(() => {}); // a kiosk browser allows autoplay; elsewhere the page still says what is on air
}

function renderStream(at) {
  const stream = activeStream(at);
  if (playing && (!stream || stream.id !== playing.stream.id)) {
    const due = new Date(playing.stream.end) <= new Date(at.getTime() + 1000);
    endStream(at, due ? "played" : stream ? "interrupted" : "stopped");
  }
  if (stream && !playing) startStream(stream, at);
  $("stream").hidden = !stream;
  document.body.classList.toggle("streaming", !!stream);
  show($("stream-label"), stream ? streamLabel(stream) : "");
  show($("stream-title"), stream ? streamTitle(stream) : "");
  show($("stream-meta"), stream && stream.kind === "relay"
    ? "Đến " + fmtTime.format(new Date(stream.end)) : "");
}

$("stream-audio").addEventListener("error", () => {
  // the mount may come up a moment after the window opens: try again while the stream is on
  const was = playing;
  if (was) setTimeout(() => { if (playing === was) { const a = $("stream-audio"); a.src = was.stream.url; a.play().catch(() => {}); } }, 5000);
});

function render() {
  const at = now();
  show($("clock"), fmtTime.format(at));
  const date = fmtDate.format(at);
  show($("date"), date.charAt(0).toUpperCase() + date.slice(1));
  if (!manifest) { show($("status"), token ? "Đang kết nối…" : "Chưa có mã thiết bị"); return; }
  show($("place"), manifest.area_name);
  renderStream(at);
  const board = manifest.board.filter((b) => live(b, at));
  const emergency = board.find((b) => b.priority === "emergency");
  const panel = $("emergency");
  if (emergency) {
    panel.hidden = false;
    document.body.classList.add("takeover");
    show($("emergency-title"), emergency.title);
    show($("emergency-body"), emergency.body);
    show($("emergency-meta"), emergency.issuer + " — " + fmtShort.format(new Date(emergency.valid_from)));
  } else {
    panel.hidden = true;
    document.body.classList.remove("takeover");
  }
  const items = board.filter((b) => b.priority !== "emergency");
  const item = items.length ? items[slide % items.length] : null;
  show($("badge"), item ? PRIORITY[item.priority] : "");
  show($("title"), item ? item.title : "Hiện chưa có bản tin mới");
  show($("summary"), item ? item.summary : "");
  show($("body"), item ? item.body : "");
  show($("meta"), item ? item.issuer + (item.valid_until ? " — hiệu lực đến " + fmtShort.format(new Date(item.valid_until)) : "") : "");
  show($("ticker"), manifest.ticker || manifest.area_name);
  show($("status"), online ? "" : "Mất kết nối — đang hiển thị bản tin đã lưu");
}

function accept(data, tag) {
  manifest = data;
  etag = tag || "";
  skew = new Date(data.server_time).getTime() - Date.now();
  store.setItem("ttcs-eboard-manifest", JSON.stringify(data));
  store.setItem("ttcs-eboard-etag", etag);
  store.setItem("ttcs-eboard-skew", String(skew));
  render();
}

async function poll() {
  for (;;) {
    try {
      const headers = { Authorization: "Bearer " + token };
      if (etag && manifest) headers["If-None-Match"] = etag;
      const response = await fetch(API + "/manifest?wait=25", { headers, cache: "no-store" });
      online = true;
      if (response.status === 200) accept(await response.json(), response.headers.get("ETag"));
      else if (response.status === 401) { show($("status"), "Mã thiết bị không hợp lệ hoặc đã bị thu hồi"); await sleep(30000); }
      else if (response.status !== 304) { await sleep(5000); }
    } catch (error) {
      online = false;
      render();
      await sleep(5000);
    }
  }
}

async function heartbeat() {
  for (;;) {
    if (manifest) {
      try {
        const current = manifest.board.find((b) => live(b, now()));
        const onAir = playing ? playing.stream.id : current ? "board:" + current.bulletin_id : null;
        await fetch(API + "/heartbeat", {
          method: "POST",
          headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
          body: JSON.stringify({
            device_id: manifest.device_id,
            sent_at: new Date().toISOString(),
            operating_state: "playing",
            connection: navigator.onLine ? "online" : "offline",
            app_version: "eboard-web/1",
            current_item: onAir,
            manifest_etag: etag || null,
          }),
        });
      } catch (error) { /* offline: the next beat will tell */ }
      sendPlayLogs();
    }
    await sleep(manifest ? (manifest.heartbeat_seconds || 60) * 1000 : 500); // the first beat follows the first manifest
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if ("serviceWorker" in navigator) navigator.serviceWorker.register("/eboard/sw.js", { scope: "/eboard/" }).catch(() => {});
render();
setInterval(render, 1000);
setInterval(() => { slide += 1; render(); }, ROTATE_MS);
if (token) { poll(); heartbeat(); }
