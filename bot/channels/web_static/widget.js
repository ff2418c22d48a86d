// TTCS web chat widget: talks to the hub's Rasa-style REST channel and shows the answers that wait
// in the citizen's mailbox (an official's answer to a feedback, subscribed news). No framework, no CDN.
(function () {
  "use strict";
  var root = document.querySelector("[data-ttcs-chat]");
  if (!root || !window.fetch || !window.localStorage) return;
  var endpoint = root.getAttribute("data-endpoint");
  var mailbox = root.getAttribute("data-mailbox");
  var panel = root.querySelector("[data-chat-panel]");
  var opener = root.querySelector("[data-chat-open]");
  var log = root.querySelector("[data-chat-log]");
  var form = root.querySelector("[data-chat-form]");
  var input = form.querySelector("input");
  var KEY = "ttcs-chat";
  var state = load();
  var timer = null;

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && saved.sender) return saved;
    } catch (e) { /* a damaged record: start again */ }
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    var sender = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return { sender: sender, after: 0, log: [] };
  }

  function save() {
    state.log = state.log.slice(-60);
    localStorage.setItem(KEY, JSON.stringify(state));
  }

  // Links in a reply become clickable (http and https only; built as nodes, never as HTML).
  var URL_RE = /https?:\/\/[^\s<>"']+/g;
  function linkify(node, text) {
    var last = 0;
    text.replace(URL_RE, function (found, at) {
      var url = found.replace(/[.,;)]+$/, "");
      node.appendChild(document.createTextNode(text.slice(last, at)));
      var a = document.createElement("a");
      a.href = url;
      a.textContent = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      node.appendChild(a);
      last = at + url.length;
      return found;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function show(entry) {
    var item = document.createElement("li");
    item.className = "ttcs-chat-" + entry.who;
    var text = document.createElement("p");
    linkify(text, entry.text || "");
    item.appendChild(text);
    (entry.buttons || []).forEach(function (button) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "ttcs-chat-choice";
      b.textContent = button.title;
      b.addEventListener("click", function () { send(button.payload, button.title); });
      item.appendChild(b);
    });
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    state.log.push(entry);
    save();
    show(entry);
  }

  // A message the hub did not receive (503 "chat_not_received", a network failure, a 5xx) is sent
  // again with the same id after 2, 4, 8 … 60 s, marked "đang gửi lại…"; the hub answers a retry only
  // once. After RETRIES attempts it is put back in the input for the citizen to send later.
  var RETRIES = 8;

  function Answer(status, data) { this.status = status; this.data = data; }

  function post(body) {
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) throw new Answer(response.status, data);
        return data;
      });
    });
  }

  function receivedAnyway(error) {
    // 503 chat_busy: stored, the answer will come to the mailbox; 4xx: sending again will not help.
    if (!(error instanceof Answer)) return false;
    var code = error.data && error.data.code;
    return code === "chat_busy" || (error.status >= 400 && error.status < 500 && error.status !== 429);
  }

  function mark(item, text) {
    var note = item.querySelector(".ttcs-chat-status");
    if (!text) { if (note) note.remove(); return; }
    if (!note) {
      note = document.createElement("small");
      note.className = "ttcs-chat-status";
      note.setAttribute("role", "status");
      item.appendChild(note);
    }
    note.textContent = text;
  }

  function deliver(body, item, attempt) {
    post(body).then(function (replies) {
      mark(item, "");
      replies.forEach(function (reply) { add({ who: "bot", text: reply.text, buttons: reply.buttons || [] }); });
      poll();
    }).catch(function (error) {
      if (receivedAnyway(error)) {
        mark(item, "");
        add({ who: "bot", text: (error.data && error.data.detail) || "Không gửi được, xin thử lại." });
        poll();
        return;
      }
      if (attempt + 1 >= RETRIES) {
        mark(item, "Chưa gửi được — tin nhắn đã được đặt lại vào ô nhập để bà con gửi sau.");
        if (!input.value) input.value = body.message;
        return;
      }
      mark(item, "Chưa gửi được, đang gửi lại…");
      setTimeout(function () { deliver(body, item, attempt + 1); }, Math.min(60000, 2000 * Math.pow(2, attempt)));
    });
  }

  function send(message, shown) {
    add({ who: "me", text: shown || message });
    var item = log.lastElementChild;
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    deliver({ sender: state.sender, message: message, message_id: id }, item, 0);
  }

  function poll() {
    fetch(mailbox + "?sender=" + encodeURIComponent(state.sender) + "&after=" + state.after)
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (messages) {
        messages.forEach(function (message) {
          state.after = Math.max(state.after, message.id);
          add({ who: "bot", text: message.text });
        });
        save();
      })
      .catch(function () { /* offline: the messages wait for the next look */ });
  }

  function open(yes) {
    panel.hidden = !yes;
    opener.setAttribute("aria-expanded", yes ? "true" : "false");
    if (timer) { clearInterval(timer); timer = null; }
    if (yes) {
      if (!state.log.length) send("xin chào", "Xin chào");
      poll();
      timer = setInterval(poll, 20000);
      input.focus();
    }
  }

  state.log.forEach(show);
  root.hidden = false;
  opener.addEventListener("click", function () { open(panel.hidden); });
  root.querySelector("[data-chat-close]").addEventListener("click", function () { open(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
})();
