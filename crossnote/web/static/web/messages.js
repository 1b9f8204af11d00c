// Direct messages, live: the header's Messages badge, the inbox and an open conversation
// follow the live channel (/live/events, server-sent events) and fetch what changed.
// Where the page's live.js runs, its one stream is shared (crossnote.live.on); otherwise
// the messages pages open a stream of their own. Without JavaScript the pages still work;
// they only need a reload to show new messages.
(function () {
  "use strict";
  var page = document.getElementById("conversation");
  var inbox = document.querySelector(".dm-inbox");
  var shared = window.crossnote && window.crossnote.live;
  if ((!page && !inbox && !shared) || !window.EventSource) return;

  function badge(counts) {
    var link = document.getElementById("messages-link");
    if (!link) return;
    var old = link.querySelector(".badge");
    if (old) old.remove();
    if (counts.unread > 0 || counts.requests > 0) {
      var span = document.createElement("span");
      span.className = "badge";
      span.textContent = String(counts.unread + counts.requests);
      link.appendChild(document.createTextNode(" "));
      link.appendChild(span);
    }
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function lastId() {
    var items = page.querySelectorAll("#messages > li[data-id]");
    return items.length ? items[items.length - 1].getAttribute("data-id") : "0";
  }

  // One fetch at a time; a message arriving meanwhile asks for one more round.
  var loading = false, again = false;
  function loadNew() {
    if (loading) { again = true; return; }
    loading = true;
    fetch(page.getAttribute("data-new-url") + "?after=" + lastId(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var list = document.getElementById("messages");
        var content = fragment(html);
        Array.prototype.forEach.call(content.querySelectorAll("li[data-id]"), function (li) {
          if (!document.getElementById(li.id)) {
            list.appendChild(li);
            if (window.htmx) window.htmx.process(li);
          }
        });
        list.lastElementChild && list.lastElementChild.scrollIntoView({ block: "end" });
      })
      .finally(function () {
        loading = false;
        if (again) { again = false; loadNew(); }
      });
  }

  function reloadOne(id) {
    var url = page.getAttribute("data-new-url") + "?after=" + (Number(id) - 1);
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var fresh = fragment(html).querySelector("#m-" + id);
        var old = document.getElementById("m-" + id);
        if (fresh && old) {
          old.replaceWith(fresh);
          if (window.htmx) window.htmx.process(fresh);
        }
      });
  }

  // "Seen" under the latest of our messages someone read: the server says where and by
  // whom (it applies the receipts rules), and the line moves there.
  function reloadSeen() {
    fetch(page.getAttribute("data-seen-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = fragment(html).querySelector("#seen");
        var old = document.getElementById("seen");
        var under = fresh && document.getElementById("m-" + fresh.getAttribute("data-after"));
        if (old) old.remove();
        if (under) under.after(fresh);
      });
  }

  // Someone joined, left or was removed: the members panel again, or, when we are no
  // longer in the group, the inbox.
  function reloadMembers() {
    fetch(page.getAttribute("data-one-url"), { credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 404) { location.assign(page.getAttribute("data-inbox-url")); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("members");
        var old = document.getElementById("members");
        var typing = old && old.contains(document.activeElement);
        if (fresh && old && !typing) {
          old.replaceWith(fresh);
          if (window.htmx) window.htmx.process(fresh);
        }
      });
  }

  function reloadInbox() {
    fetch(location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".dm-inbox");
        var list = document.querySelector(".dm-inbox");
        var typing = list && list.contains(document.activeElement);
        if (fresh && list && !typing) list.replaceWith(fresh);
      });
  }

  var mine = page ? page.getAttribute("data-conversation") : null;
  var source = null;
  if (!shared) {
    var after = page ? page.getAttribute("data-live-after") : "";
    source = new EventSource("/live/events" + (after ? "?after=" + encodeURIComponent(after) : ""));
    window.addEventListener("pagehide", function () { source.close(); });
  }
  function on(name, handler) {
    if (shared) { shared.on(name, function (data) { handler(data || {}); }); return; }
    source.addEventListener(name, function (event) { handler(JSON.parse(event.data || "{}")); });
  }

  on("message", function (data) {
    if (data.unread) badge(data.unread);
    if (page && String(data.conversation_id) === mine) {
      loadNew();
      var line = document.getElementById("typing");
      if (line) line.hidden = true;
    }
    if (inbox) reloadInbox();
  });
  on("message_read", function (data) {
    if (page && String(data.conversation_id) === mine) reloadSeen();
  });
  on("conversation_changed", function (data) {
    if (page && String(data.conversation_id) === mine) reloadMembers();
    if (inbox) reloadInbox();
  });
  on("message_changed", function (data) {
    if (page && String(data.conversation_id) === mine) reloadOne(data.message_id);
  });
  // Typing: shown for a few seconds after each hint; ours sent at most every 3 seconds.
  var typingTimer = null;
  on("typing", function (data) {
    var line = document.getElementById("typing");
    if (!page || String(data.conversation_id) !== mine || !line) return;
    line.textContent = line.getAttribute("data-template").replace("{name}", data.username);
    line.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { line.hidden = true; }, 5000);
  });
  var lastTyping = 0;
  document.addEventListener("input", function (event) {
    if (!page || event.target.id !== "dm-body" || Date.now() - lastTyping < 3000) return;
    lastTyping = Date.now();
    var token = document.querySelector("#send input[name=csrfmiddlewaretoken]");
    fetch(document.getElementById("messages").getAttribute("data-typing-url"), {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    });
  });
  on("messages.unread", badge);
  on("reset", function () {
    if (page) loadNew();
    if (inbox) reloadInbox();
  });

  // A message sent from this page: fetch what is new (the live event may come first).
  document.addEventListener("htmx:afterRequest", function (event) {
    if (page && event.target.id === "send" && event.detail.successful) loadNew();
  });
})();
