// Web Push in the service worker: show what the server pushed, open the page on a tap.
// Importable: the site's own service worker can `importScripts("/static/web/push-sw.js")`
// (it only adds listeners): the app's service worker (/sw.js, web/views/app.py) imports it,
// and push.js subscribes through that one worker.
/* global self, clients */
self.addEventListener("push", function (event) {
  var message = { title: "Crossnote", body: "", url: "/notifications", tag: "crossnote" };
  try { if (event.data) message = Object.assign(message, event.data.json()); } catch (e) { /* plain text */ }
  event.waitUntil(self.registration.showNotification(message.title, {
    body: message.body,
    tag: message.tag,
    renotify: true,
    icon: "/static/web/favicon.svg",
    data: { url: message.url }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/notifications";
  event.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    for (var i = 0; i < open.length; i++) {
      if ("focus" in open[i]) { open[i].navigate(url); return open[i].focus(); }
    }
    return clients.openWindow(url);
  }));
});
