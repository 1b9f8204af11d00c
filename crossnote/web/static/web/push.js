// "Notify me on this device": asks the browser for permission, subscribes to Web Push with
// the server's VAPID key and tells the server (crossnote/live/push_views.py). Buttons with
// data-push="on" / data-push="off" and data-push-sw (the service worker's address).
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return;
  var csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";

  function b64ToBytes(value) {
    var padded = (value + "===".slice((value.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }
  function status(button, text) {
    var out = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (out && text) out.textContent = text;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-push]");
    if (!button) return;
    event.preventDefault();
    var turnOn = button.getAttribute("data-push") === "on";
    var sw = button.getAttribute("data-push-sw");
    navigator.serviceWorker.register(sw).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        if (!turnOn) {
          if (!existing) return null;
          return post("/push/subscriptions/delete", { endpoint: existing.endpoint })
            .then(function () { return existing.unsubscribe(); });
        }
        return Notification.requestPermission().then(function (permission) {
          if (permission !== "granted") throw new Error("denied");
          return fetch("/push/key", { credentials: "same-origin" })
            .then(function (r) { return r.json(); })
            .then(function (key) {
              return existing || registration.pushManager.subscribe({
                userVisibleOnly: true, applicationServerKey: b64ToBytes(key.public_key)
              });
            })
            .then(function (subscription) { return post("/push/subscriptions", subscription.toJSON()); });
        });
      });
    }).then(function () {
      status(button, button.getAttribute("data-done"));
    }).catch(function () {
      status(button, button.getAttribute("data-failed"));
    });
  });
})();
