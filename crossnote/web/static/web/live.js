// The live channel in the page: the bell's count and the notification list change as
// notifications arrive, without a reload. One EventSource per page on /live/events (the
// stream ends every ~25 s and EventSource reconnects with Last-Event-ID by itself; see
// docs/LIVE.md). Other scripts (direct messages) listen to the same stream through
// `crossnote:live` events on document (detail = {event, data, id}) for the events some
// script subscribed to with crossnote.live.on(name, handler).
(function () {
  "use strict";
  var body = document.body;
  var url = body && body.getAttribute("data-live");
  if (!url || !window.EventSource || !window.fetch) return;

  function swap(partUrl, target, inner) {
    return fetch(partUrl, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || !target.isConnected) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        if (!fresh) return;
        // The bell keeps its own attributes (aria-current) and swaps only its content.
        if (inner) target.innerHTML = fresh.innerHTML; else target.replaceWith(fresh);
      })
      .catch(function () { /* the next event or reconnect tries again */ });
  }

  // On a phone the bell is hidden and the bottom tab bar's Notifications tab shows the count.
  function mirrorBadge() {
    var bell = document.getElementById("bell"), tab = document.getElementById("tab-notifications");
    if (!bell || !tab) return;
    var old = tab.querySelector(".badge");
    if (old) old.remove();
    var badge = bell.querySelector(".badge");
    if (badge) tab.appendChild(badge.cloneNode(true));
  }

  function refreshBell() {
    var bell = document.getElementById("bell");
    var partUrl = body.getAttribute("data-live-bell");
    if (bell && partUrl) return swap(partUrl, bell, true).then(mirrorBadge);
  }

  function refreshList() {
    var list = document.getElementById("notification-list");
    if (list) return swap(list.getAttribute("data-live-list"), list, false);
  }

  // EventSource reconnects by itself after a stream ends, but gives up for good when an
  // answer is not a stream (a 503 while the server is busy): then this opens a new one,
  // from the last event seen, after a pause that grows to a minute.
  var lastId = null, pause = 5000, source = null;
  var handlers = {};  // event name -> [handler(data, event)]
  function dispatch(name, event) {
    lastId = event.lastEventId || lastId;
    var data = {};
    try { data = JSON.parse(event.data || "{}"); } catch (e) { data = {}; }
    document.dispatchEvent(new CustomEvent("crossnote:live", {
      detail: { event: name, data: data, id: event.lastEventId }
    }));
    (handlers[name] || []).forEach(function (handler) { handler(data, event); });
  }
  function listen(name) {
    if (source) source.addEventListener(name, function (event) { dispatch(name, event); });
  }
  function connect() {
    var from = lastId === null ? url : url.replace(/after=[^&]*/, "after=" + encodeURIComponent(lastId));
    source = new EventSource(from);
    Object.keys(handlers).forEach(listen);
    source.addEventListener("open", function () {
      pause = 5000;
      body.setAttribute("data-live-state", "open");
    });
    source.addEventListener("error", function () {
      if (source.readyState !== EventSource.CLOSED) return;  // it reconnects by itself
      body.setAttribute("data-live-state", "closed");
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, 60000);
    });
  }
  function on(name, handler) {
    if (!handlers[name]) { handlers[name] = []; listen(name); }
    handlers[name].push(handler);
  }

  on("notification", function () {
    // On the list itself, the new line appears (and is read, as opening the page does).
    if (document.getElementById("notification-list")) refreshList(); else refreshBell();
  });
  on("notifications.read", refreshBell);
  on("reset", function () { refreshBell(); refreshList(); });
  on("message", function () {});
  // Other scripts (direct messages) listen on this one stream by event name:
  // crossnote.live.on("dm.message", function (data, event) { ... }).
  window.crossnote = window.crossnote || {};
  window.crossnote.live = { on: on };
  connect();
})();
