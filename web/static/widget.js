/* Twitch Assistant chat widget: talks to Rasa over socket.io (socket.io-client, served
 * locally). Renders buttons, the coloured triage result card, emergency advice, the
 * crisis banner (kept in view while the conversation is in crisis) and FAQ sources,
 * and keeps the conversation across a page reload (sessionStorage holds the session id
 * and the transcript; Rasa keeps the tracker under the same id).
 * The journal outlives the tab only if the user ticks "Keep my journal on this device":
 * then, and not before, a random journal id goes into localStorage and every message
 * carries it (metadata.journal_id, journal.store.journal_owner). "Forget me" erases the
 * journal and the id on the device; unticking drops the id from the device.
 *
 * Markup: <div class="tw-widget" data-rasa-url="http://host:5005" data-mode="inline|launcher"
 *              data-notice="..." data-crisis-title="..." data-crisis-banner="...">
 */
(function () {
  "use strict";

  var STORE_KEY = "twitch-assistant:v1";
  var JOURNAL_KEY = "twitch-assistant:journal-id";
  // The page gives the notice and the crisis banner in its locale's words (web/server.py,
  // content/safety.yml); these are for a page that does not.
  var NOTICE = "Information, not a diagnosis. If you have sudden weakness or a drooping face, " +
    "sudden trouble speaking, trouble breathing or choking, call your local emergency number now.";
  var CRISIS_TITLE = "You don't have to face this alone";
  var CRISIS_BANNER = "Talk to someone now: a free crisis line near you, listed at findahelpline.com. " +
    "In danger? Call your local emergency number.";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function keptJournalId() {
    try { return window.localStorage.getItem(JOURNAL_KEY); } catch (e) { return null; }
  }

  function keepJournal(on) {
    try {
      if (on) { if (!keptJournalId()) window.localStorage.setItem(JOURNAL_KEY, newSessionId()); }
      else window.localStorage.removeItem(JOURNAL_KEY);
    } catch (e) { /* storage off: the journal stays with the conversation */ }
    return !!keptJournalId();
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.log)) return saved;
    } catch (e) { /* unreadable storage: start afresh */ }
    return { sessionId: newSessionId(), log: [], open: false };
  }

  function paragraphs(text) {
    return String(text || "").split(/\n{2,}/).map(function (p) { return p.trim(); }).filter(Boolean);
  }

  function sourcesLine(card) {
    var names = (card.sources || []).map(function (s) { return s.title || s.guideline || ""; }).filter(Boolean);
    return "Sources: " + names.join("; ") + ". Reviewed " + (card.reviewed || "") + ".";
  }

  function Widget(root) {
    this.root = root;
    this.rasaUrl = root.getAttribute("data-rasa-url") || (location.protocol + "//" + location.hostname + ":5005");
    this.launcher = root.getAttribute("data-mode") === "launcher";
    this.notice = root.getAttribute("data-notice") || NOTICE;
    this.crisisTitle = root.getAttribute("data-crisis-title") || CRISIS_TITLE;
    this.crisisText = root.getAttribute("data-crisis-banner") || CRISIS_BANNER;
    this.state = load();
    this.build();
    this.state.log.forEach(this.render, this);
    // A closed launcher opens no conversation until someone opens it.
    if (!this.launcher || this.state.open || this.state.log.length) this.connect();
  }

  Widget.prototype.save = function () {
    try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(this.state)); } catch (e) { /* full or off */ }
  };

  Widget.prototype.build = function () {
    var self = this;
    var id = "tw-" + Math.random().toString(36).slice(2, 8);
    this.status = el("p", { className: "tw-status", role: "status", text: "Connecting…" });
    this.restartButton = el("button", { type: "button", className: "tw-restart", text: "Start over" });
    this.restartButton.addEventListener("click", function () { self.restart(); });
    var title = el("h2", { className: "tw-title", id: id + "-title", text: "Twitch Assistant" });
    var head = el("div", { className: "tw-head" }, [title, this.restartButton]);
    if (this.launcher) {
      var close = el("button", { type: "button", className: "tw-close", "aria-label": "Close chat", text: "×" });
      close.addEventListener("click", function () { self.toggle(false); });
      head.appendChild(close);
    }
    this.log = el("ol", { className: "tw-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
    this.input = el("textarea", { id: id + "-input", className: "tw-input", rows: "1", maxlength: "4000",
      placeholder: "Type your message…", autocomplete: "off" });
    var label = el("label", { "for": id + "-input", className: "tw-sr", text: "Your message" });
    var send = el("button", { type: "submit", className: "tw-send", text: "Send" });
    this.form = el("form", { className: "tw-form" }, [label, this.input, send]);
    this.keepBox = el("input", { type: "checkbox", id: id + "-keep", className: "tw-keep-box" });
    this.keepBox.checked = !!keptJournalId();
    this.keepBox.addEventListener("change", function () { self.keepBox.checked = keepJournal(self.keepBox.checked); });
    var keep = el("p", { className: "tw-keep" }, [this.keepBox,
      el("label", { "for": id + "-keep", text: "Keep my journal on this device" }),
      el("span", { className: "tw-keep-hint", text: " Off: your journal ends with this conversation. " +
        "On: a random id stored in this browser keeps it. Say \u201cforget me\u201d to erase it." })]);
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.sendTyped(); });
    this.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); self.sendTyped(); }
    });
    // Outside the log, so it does not scroll away while the conversation is in crisis.
    this.crisisBanner = el("div", { className: "tw-crisis", role: "alert" },
      [el("p", { className: "tw-crisis-title", text: this.crisisTitle }),
       el("p", { text: this.crisisText })]);
    this.panel = el("section", { className: "tw-panel", id: id + "-panel", "aria-labelledby": id + "-title" },
      [head, this.crisisBanner, el("p", { className: "tw-notice", text: this.notice }), this.status, this.log, this.form,
       keep]);
    this.showCrisis(!!this.state.crisis);
    this.root.classList.add(this.launcher ? "tw-launcher-mode" : "tw-inline-mode");
    if (this.launcher) {
      this.opener = el("button", { type: "button", className: "tw-opener", "aria-controls": id + "-panel",
        "aria-expanded": "false", text: "Ask Twitch Assistant" });
      this.opener.addEventListener("click", function () { self.toggle(!self.state.open); });
      this.panel.addEventListener("keydown", function (e) { if (e.key === "Escape") self.toggle(false); });
      this.root.appendChild(this.opener);
      this.toggle(!!this.state.open, true);
    }
    this.root.appendChild(this.panel);
  };

  Widget.prototype.toggle = function (open, quiet) {
    if (!this.launcher) return;
    this.state.open = open;
    this.panel.hidden = !open;
    this.opener.setAttribute("aria-expanded", String(open));
    this.save();
    if (open && !quiet && !this.socket) this.connect();
    if (quiet) return;
    if (open) { this.input.focus(); this.scroll(); } else { this.opener.focus(); }
  };

  Widget.prototype.connect = function () {
    var self = this;
    if (typeof window.io !== "function") { this.setStatus("The chat could not load. Please reload the page."); return; }
    this.socket = window.io(this.rasaUrl, { path: "/socket.io", transports: ["websocket"] });
    this.socket.on("connect", function () {
      // last_seq: the server re-sends what went out while this page was away.
      self.socket.emit("session_request", { session_id: self.state.sessionId, last_seq: self.state.seq || 0 });
    });
    this.socket.on("session_confirm", function () {
      self.setStatus("");
      if (!self.state.log.length) self.emit("/greet");  // a new conversation opens with the greeting
    });
    this.socket.on("connect_error", function () { self.setStatus("Can't reach the assistant. Retrying…"); });
    this.socket.on("disconnect", function () { self.setStatus("Connection lost. Reconnecting…"); });
    this.socket.on("bot_uttered", function (message) { self.receive(message); });
  };

  Widget.prototype.showCrisis = function (on) {
    this.crisisBanner.hidden = !on;
  };

  Widget.prototype.setStatus = function (text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  };

  Widget.prototype.emit = function (message) {
    // The time zone lets the bot count "since Monday" on the user's date, not the server's.
    var metadata = { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
    var journalId = keptJournalId();
    if (journalId) metadata.journal_id = journalId;
    this.socket.emit("user_uttered", { message: message, session_id: this.state.sessionId, metadata: metadata });
    this.showTyping(true);
  };

  Widget.prototype.sendTyped = function () {
    var text = this.input.value.trim();
    if (!text) { this.input.focus(); return; }
    this.input.value = "";
    this.add({ from: "user", text: text });
    this.emit(text);
  };

  Widget.prototype.choose = function (entry, button) {
    entry.chosen = button.title;
    this.add({ from: "user", text: button.title });
    this.rerender(entry);
    this.emit(button.payload);
    this.input.focus({ preventScroll: true });
  };

  Widget.prototype.receive = function (message) {
    if (!message || typeof message !== "object") return;
    if (typeof message.seq === "number") {
      if (message.seq <= (this.state.seq || 0)) return;  // already shown
      this.state.seq = message.seq;
    }
    this.showTyping(false);
    if (message.custom && message.custom.type === "crisis" && !this.state.crisis) {
      this.state.crisis = true;  // the conversation stays in crisis, as the bot's `crisis` slot does
      this.showCrisis(true);
    }
    // The bot erased the conversation ("forget me"): the page forgets it too, and goes on
    // in a new session, keeping only the confirmation.
    if (message.custom && message.custom.type === "forgotten") {
      this.keepBox.checked = keepJournal(false);
      this.restart();
    }
    this.add({ from: "bot", text: message.text || "", buttons: message.quick_replies || message.buttons || [],
      card: message.custom || null });
  };

  Widget.prototype.add = function (entry) {
    // Only the latest bot message's buttons stay live.
    this.state.log.forEach(function (old) {
      if (old.buttons && old.buttons.length && !old.chosen) { old.chosen = true; this.rerender(old); }
    }, this);
    this.state.log.push(entry);
    this.save();
    this.render(entry);
  };

  Widget.prototype.rerender = function (entry) {
    var node = entry.node;
    delete entry.node;
    if (node) node.replaceWith(this.renderNode(entry));
    this.save();
  };

  Widget.prototype.render = function (entry) {
    this.log.appendChild(this.renderNode(entry));
    this.scroll();
  };

  Widget.prototype.renderNode = function (entry) {
    var self = this;
    var item = el("li", { className: "tw-msg tw-" + entry.from });
    Object.defineProperty(entry, "node", { value: item, enumerable: false, configurable: true, writable: true });
    item.appendChild(el("span", { className: "tw-sr", text: entry.from === "user" ? "You said: " : "Assistant: " }));
    var card = entry.card || {};
    var body = item;
    if (card.type === "crisis") {
      item.classList.add("tw-crisis-msg");
    } else if (card.type === "emergency") {
      item.classList.add("tw-emergency");
      item.setAttribute("role", "alert");
      item.appendChild(el("p", { className: "tw-emergency-title", text: "Call your emergency number now" }));
    } else if (card.type === "triage_result") {
      body = el("article", { className: "tw-card tw-level-" + card.level, "aria-label": "Result: " + (card.label || card.level) });
      body.appendChild(el("p", { className: "tw-card-label", text: card.label || card.level }));
      item.appendChild(body);
    }
    paragraphs(entry.text).forEach(function (p) { body.appendChild(el("p", { text: p })); });
    if (card.type === "faq") {
      body.appendChild(el("p", { className: "tw-sources", text: sourcesLine(card) }));
    }
    // The journal's chart inline, and its page and CSV as links (CONTRACT.md section 5).
    if (card.type === "journal_chart" && card.image) {
      body.appendChild(el("img", { className: "tw-chart", src: card.image,
        alt: "Chart of your twitches over the last 30 days, one row for each place" }));
    }
    journalLinks(card).forEach(function (link) {
      body.appendChild(el("p", { className: "tw-link" }, [
        el("a", { href: link.href, target: "_blank", rel: "noopener", text: link.text })]));
    });
    var buttons = entry.buttons || [];
    if (buttons.length) {
      var group = el("div", { className: "tw-buttons", role: "group", "aria-label": "Answer options" });
      buttons.forEach(function (b) {
        var button = el("button", { type: "button", className: "tw-choice", text: b.title });
        if (entry.chosen) {
          button.disabled = true;
          if (entry.chosen === b.title) button.classList.add("tw-chosen");
        } else {
          button.addEventListener("click", function () { self.choose(entry, b); });
        }
        group.appendChild(button);
      });
      body.appendChild(group);
    }
    return item;
  };

  function journalLinks(card) {
    if (card.type === "journal_summary") {
      return [{ href: card.url, text: "Open the page for your doctor" }, { href: card.pdf, text: "Download it as a PDF" }]
        .filter(function (l) { return l.href; });
    }
    if (card.type === "journal_export" && card.url) return [{ href: card.url, text: "Download your journal (CSV)" }];
    return [];
  }

  Widget.prototype.showTyping = function (on) {
    if (this.typing) { this.typing.remove(); this.typing = null; }
    clearTimeout(this.typingTimer);
    if (!on) return;
    this.typing = el("li", { className: "tw-msg tw-bot tw-typing", "aria-label": "The assistant is typing" },
      [el("span", { text: "…" })]);
    this.log.appendChild(this.typing);
    this.scroll();
    var self = this;
    this.typingTimer = setTimeout(function () { self.showTyping(false); }, 30000);
  };

  Widget.prototype.scroll = function () { this.log.scrollTop = this.log.scrollHeight; };

  Widget.prototype.restart = function () {
    this.state = { sessionId: newSessionId(), log: [], open: this.state.open, seq: 0 };
    this.save();
    this.showCrisis(false);
    this.showTyping(false);
    this.log.textContent = "";
    if (this.socket && this.socket.connected) {
      this.socket.emit("session_request", { session_id: this.state.sessionId, last_seq: 0 });
    }
    this.input.focus();
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".tw-widget"), function (root) {
      root.twitchWidget = new Widget(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}());
