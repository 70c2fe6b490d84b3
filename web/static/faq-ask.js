/* The FAQ page's ask box: asks the bot over its REST channel and shows the answer,
 * pointing at the matching topic on this page when the bot answered from the FAQ.
 * One conversation per page view (not one per question), and only what the user
 * typed is sent: nothing is stored on the device. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function sender() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return "faq-page-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function show(out, replies) {
    out.textContent = "";
    var custom = replies.map(function (r) { return r.custom; }).filter(Boolean);
    var emergency = custom.some(function (c) { return c.type === "emergency"; });
    var faq = custom.filter(function (c) { return c.type === "faq"; })[0];
    var box = el("div", emergency ? "ask-reply ask-emergency" : "ask-reply");
    if (emergency) box.setAttribute("role", "alert");
    replies.forEach(function (r) {
      String(r.text || "").split(/\n{2,}/).forEach(function (p) { if (p.trim()) box.appendChild(el("p", "", p.trim())); });
    });
    if (faq) {
      var topic = document.getElementById(faq.key);
      var link = el("a", "ask-topic", "Read more: " + faq.title);
      link.href = "#" + faq.key;
      box.appendChild(link);
      Array.prototype.forEach.call(document.querySelectorAll(".faq.matched"), function (a) { a.classList.remove("matched"); });
      if (topic) topic.classList.add("matched");
    } else if (!emergency) {
      var chat = el("button", "ask-chat", "Continue in the chat");
      chat.type = "button";
      chat.addEventListener("click", function () {
        var opener = document.querySelector(".tw-opener");
        if (opener && opener.getAttribute("aria-expanded") !== "true") opener.click();
      });
      box.appendChild(chat);
    }
    out.appendChild(box);
  }

  function start() {
    var section = document.querySelector(".ask");
    var form = document.getElementById("ask-form");
    var input = document.getElementById("ask-input");
    var out = document.getElementById("ask-answer");
    if (!section || !form) return;
    var url = section.getAttribute("data-rasa-url") + "/webhooks/rest/webhook";
    var id = sender();
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var question = input.value.trim();
      if (!question) { out.textContent = "Type a question first."; input.focus(); return; }
      out.textContent = "Looking that up…";
      fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: id, message: question }) })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (replies) { show(out, replies); })
        .catch(function () { out.textContent = "Sorry, the assistant can't be reached right now. Please try again in a moment."; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}());
