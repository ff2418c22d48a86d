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

  function show(entry) {
    var item = document.createElement("li");
    item.className = "ttcs-chat-" + entry.who;
    var text = document.createElement("p");
    text.textContent = entry.text;
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

  function post(body, attempt) {
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error((data && data.detail) || "Hệ thống đang bận, xin thử lại sau.");
        return data;
      });
    }).catch(function (error) {
      if (attempt < 2 && !(error instanceof Error && error.message.indexOf("Hệ thống") === 0)) {
        return post(body, attempt + 1);  // the same message id: the hub answers a retry only once
      }
      throw error;
    });
  }

  function send(message, shown) {
    add({ who: "me", text: shown || message });
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    post({ sender: state.sender, message: message, message_id: id }, 0).then(function (replies) {
      replies.forEach(function (reply) { add({ who: "bot", text: reply.text, buttons: reply.buttons || [] }); });
      poll();
    }).catch(function (error) {
      add({ who: "bot", text: error.message || "Không gửi được, xin thử lại." });
    });
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
