// The live channel in the page: the bell's count and the notification list change as
// notifications arrive, without a reload. One EventSource per page on /live/events (the
// stream ends every ~25 s and EventSource reconnects with Last-Event-ID by itself; see
// docs/LIVE.md). Other scripts (direct messages) listen to the same stream through
// `crossnote:live` events on document: detail = {event, data, id}.
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

  function refreshBell() {
    var bell = document.getElementById("bell");
    var partUrl = body.getAttribute("data-live-bell");
    if (bell && partUrl) return swap(partUrl, bell, true);
  }

  function refreshList() {
    var list = document.getElementById("notification-list");
    if (list) return swap(list.getAttribute("data-live-list"), list, false);
  }

  var source = new EventSource(url);
  function announce(kind, event) {
    var data = {};
    try { data = JSON.parse(event.data || "{}"); } catch (e) { data = {}; }
    document.dispatchEvent(new CustomEvent("crossnote:live", {
      detail: { event: kind, data: data, id: event.lastEventId }
    }));
  }
  source.addEventListener("notification", function (event) {
    announce("notification", event);
    // On the list itself, the new line appears (and is read, as opening the page does).
    if (document.getElementById("notification-list")) refreshList(); else refreshBell();
  });
  source.addEventListener("notifications.read", function (event) {
    announce("notifications.read", event);
    refreshBell();
  });
  source.addEventListener("reset", function (event) {
    announce("reset", event);
    refreshBell();
    refreshList();
  });
  source.addEventListener("message", function (event) { announce("message", event); });
  // Any other named event (direct messages add theirs): scripts subscribe by name with
  // crossnote.live.on("dm.message", fn), which also listens on this one EventSource.
  window.crossnote = window.crossnote || {};
  window.crossnote.live = {
    source: source,
    on: function (name, handler) {
      source.addEventListener(name, function (event) {
        var data = {};
        try { data = JSON.parse(event.data || "{}"); } catch (e) { data = {}; }
        handler(data, event);
      });
    }
  };
  body.setAttribute("data-live-state", "listening");
  source.addEventListener("open", function () { body.setAttribute("data-live-state", "open"); });
})();
