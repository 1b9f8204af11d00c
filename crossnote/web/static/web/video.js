// Video notes: cards that play muted while on screen, watch mode, and resumable uploads.
(function () {
  "use strict";

  // --- Cards: play muted while at least half on screen --------------------------------------
  // Never when the person asked for less motion or to save data: the poster stays.
  function quiet() {
    var saving = navigator.connection && navigator.connection.saveData;
    return saving || window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }
  var seen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var video = entry.target;
      if (entry.isIntersecting && !quiet()) {
        video.preload = "auto";
        var playing = video.play();
        if (playing && playing.catch) playing.catch(function () {});
      } else {
        video.pause();
      }
    });
  }, { threshold: 0.5 }) : null;

  // --- Watch mode: swipe up or press ↓ / j for the next video, ↑ / k for the previous -------
  function setUpWatch(root) {
    var next = root.getAttribute("data-next"), prev = root.getAttribute("data-prev");
    function go(url) { if (url) window.location.assign(url); }
    document.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest("input, textarea")) return;
      if (["ArrowDown", "PageDown", "j"].indexOf(event.key) >= 0) { event.preventDefault(); go(next); }
      if (["ArrowUp", "PageUp", "k"].indexOf(event.key) >= 0) { event.preventDefault(); go(prev); }
    });
    var startY = null;
    root.addEventListener("touchstart", function (event) { startY = event.touches[0].clientY; }, { passive: true });
    root.addEventListener("touchend", function (event) {
      if (startY === null) return;
      var moved = event.changedTouches[0].clientY - startY;
      startY = null;
      if (moved < -60) go(next);
      if (moved > 60) go(prev);
    });
    root.addEventListener("wheel", function (event) {
      if (Math.abs(event.deltaY) > 40) go(event.deltaY > 0 ? next : prev);
    }, { passive: true });
  }

  // --- Compose: a resumable upload (tus 1.0) with a progress bar ----------------------------
  // The upload's address is kept per file (name, size, date) in localStorage, so after a
  // dropped connection or a reload the same file goes on from the server's offset.
  var PIECE = 4 * 1024 * 1024;
  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Tus-Resumable", "1.0.0");
      xhr.setRequestHeader("X-CSRFToken", csrf());
      Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress) xhr.upload.onprogress = onProgress;
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(body || null);
    });
  }
  function upload(file, bar, status) {
    var key = "cn-upload:" + [file.name, file.size, file.lastModified].join(":");
    var stored = window.localStorage.getItem(key);
    var start = stored
      ? request("HEAD", stored, {}).then(function (xhr) {
          return xhr.status === 200 ? [stored, +xhr.getResponseHeader("Upload-Offset")] : null;
        })
      : Promise.resolve(null);
    return start.then(function (resumed) {
      if (resumed) return resumed;
      return request("POST", "/api/v1/uploads", { "Upload-Length": String(file.size) }).then(function (xhr) {
        if (xhr.status !== 201) throw new Error(JSON.parse(xhr.responseText).message);
        window.localStorage.setItem(key, xhr.getResponseHeader("Location"));
        return [xhr.getResponseHeader("Location"), 0];
      });
    }).then(function (where) {
      var url = where[0], tries = 0;
      function send(offset) {
        bar.hidden = false;
        bar.value = Math.floor(offset * 100 / file.size);
        if (offset >= file.size) { window.localStorage.removeItem(key); return url; }
        var piece = file.slice(offset, offset + PIECE);
        return request("PATCH", url, {
          "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"
        }, piece, function (event) {
          bar.value = Math.floor((offset + event.loaded) * 100 / file.size);
        }).then(function (xhr) {
          if (xhr.status !== 204) throw new Error(JSON.parse(xhr.responseText).message);
          tries = 0;
          return send(+xhr.getResponseHeader("Upload-Offset"));
        }, function () {
          // Dropped: ask the server how far it got, and go on from there.
          tries += 1;
          status.textContent = status.getAttribute("data-retrying");
          return new Promise(function (r) { setTimeout(r, Math.min(30000, 1000 * tries)); })
            .then(function () { return request("HEAD", url, {}); })
            .then(function (xhr) { return send(+xhr.getResponseHeader("Upload-Offset")); },
                  function () { return send(offset); });
        });
      }
      return send(where[1]);
    });
  }
  function setUpVideoPicker(form) {
    var input = form.querySelector("[data-video-file]");
    var target = form.querySelector("input[name=video_upload]");
    var bar = form.querySelector("[data-video-progress]");
    var status = form.querySelector("[data-video-status]");
    var submit = form.querySelector("[type=submit]");
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      submit.disabled = true;
      status.textContent = status.getAttribute("data-uploading");
      upload(file, bar, status).then(function (url) {
        target.value = url;
        status.textContent = status.getAttribute("data-done");
        submit.disabled = false;
      }, function (error) {
        status.textContent = error.message;
        submit.disabled = false;
      });
    });
  }

  function setUp(root) {
    if (seen) root.querySelectorAll("video[data-autoplay]").forEach(function (v) { seen.observe(v); });
    root.querySelectorAll("[data-watch]").forEach(setUpWatch);
    root.querySelectorAll("form[data-video-compose]").forEach(setUpVideoPicker);
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) setUp(event.target);
  });
})();
