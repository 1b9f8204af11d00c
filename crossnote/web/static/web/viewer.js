// The photo viewer and double-tap to like, on a note's page. No inline scripts (CSP).
//
// Tapping a photo opens it full screen in a modal <dialog>: swipe (native scroll-snap) or
// the arrow keys / buttons move between photos; pinch, the wheel (a trackpad pinch is a
// ctrl+wheel), double-tap or + and − zoom; dragging pans a zoomed photo. Escape closes (the
// dialog's own cancel) and focus goes back where it was. The labels come translated from a
// <template> in note.html, so this file holds no words.
//
// Double-tapping a photo on the page likes the note through the like button's own form
// (the existing endpoint, with htmx) and shows a heart; it never unlikes. A single tap waits
// TAP_GAP to be sure it is not the first of two.
(function () {
  "use strict";
  var TAP_GAP = 300;      // ms between the taps of a double tap
  var TAP_SLOP = 30;      // px the second tap may be from the first
  var MAX_SCALE = 5;
  var STEP = 1.5;         // one press of + or −

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  // --- The viewer --------------------------------------------------------------------------
  function openViewer(carousel, start, returnTo) {
    var template = carousel.querySelector("template[data-viewer-template]");
    var dialog = template.content.firstElementChild.cloneNode(true);
    var slides = dialog.querySelector("[data-viewer-slides]");
    var counter = dialog.querySelector("[data-viewer-count]");
    var photos = Array.from(carousel.querySelectorAll(".slides img")).map(function (source) {
      var frame = document.createElement("div");
      frame.className = "viewer-slide";
      var img = document.createElement("img");
      img.src = source.currentSrc || source.src;
      img.alt = source.alt;
      img.draggable = false;
      frame.appendChild(img);
      slides.appendChild(frame);
      return { frame: frame, img: img, scale: 1, x: 0, y: 0 };
    });

    function index() { return clamp(Math.round(slides.scrollLeft / (slides.clientWidth || 1)), 0, photos.length - 1); }
    function current() { return photos[index()]; }
    function show(photo) {
      if (photo.scale <= 1) { photo.scale = 1; photo.x = 0; photo.y = 0; }
      photo.img.style.transform = "translate(" + photo.x + "px, " + photo.y + "px) scale(" + photo.scale + ")";
      photo.img.setAttribute("data-scale", photo.scale.toFixed(3));
      dialog.classList.toggle("zoomed", photo.scale > 1);
    }
    // Zoom `photo` to `scale` keeping the point (cx, cy) (client coordinates) where it is.
    function zoomAt(photo, scale, cx, cy) {
      scale = clamp(scale, 1, MAX_SCALE);
      var box = photo.frame.getBoundingClientRect();
      var px = cx - (box.left + box.width / 2), py = cy - (box.top + box.height / 2);
      var ratio = scale / photo.scale;
      photo.x = px - ratio * (px - photo.x);
      photo.y = py - ratio * (py - photo.y);
      photo.scale = scale;
      show(photo);
    }
    function zoomCentre(photo, scale) {
      var box = photo.frame.getBoundingClientRect();
      zoomAt(photo, scale, box.left + box.width / 2, box.top + box.height / 2);
    }
    function go(i) {
      i = clamp(i, 0, photos.length - 1);
      photos.forEach(function (photo, j) { if (j !== i && photo.scale !== 1) { photo.scale = 1; show(photo); } });
      slides.scrollTo({ left: i * slides.clientWidth });
      mark(i);
    }
    function mark(i) {
      var format = counter.getAttribute("data-format");
      counter.textContent = format.replace("{i}", i + 1).replace("{n}", photos.length);
    }

    // Pinch with two pointers, pan with one while zoomed, double tap toggles zoom.
    var pointers = new Map(), pinch = null, lastTap = null;
    photos.forEach(function (photo) {
      var frame = photo.frame;
      frame.addEventListener("pointerdown", function (event) {
        pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
        try { frame.setPointerCapture(event.pointerId); } catch (_error) { /* a synthetic pointer */ }
        if (pointers.size === 2) {
          var p = Array.from(pointers.values());
          pinch = { distance: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1, scale: photo.scale };
        }
      });
      frame.addEventListener("pointermove", function (event) {
        var before = pointers.get(event.pointerId);
        if (!before) return;
        var now = { x: event.clientX, y: event.clientY };
        pointers.set(event.pointerId, now);
        if (pointers.size >= 2 && pinch) {
          var p = Array.from(pointers.values());
          var distance = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
          zoomAt(photo, pinch.scale * distance / pinch.distance, (p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2);
          event.preventDefault();
        } else if (photo.scale > 1) {
          photo.x += now.x - before.x;
          photo.y += now.y - before.y;
          show(photo);
          event.preventDefault();
        }
      });
      function lift(event) {
        pointers.delete(event.pointerId);
        if (pointers.size < 2) pinch = null;
      }
      frame.addEventListener("pointerup", lift);
      frame.addEventListener("pointercancel", lift);
      frame.addEventListener("click", function (event) {
        var now = Date.now();
        var again = lastTap && now - lastTap.time < TAP_GAP &&
          Math.hypot(event.clientX - lastTap.x, event.clientY - lastTap.y) < TAP_SLOP;
        lastTap = again ? null : { time: now, x: event.clientX, y: event.clientY };
        if (again) zoomAt(photo, photo.scale > 1 ? 1 : 2.5, event.clientX, event.clientY);
      });
      frame.addEventListener("wheel", function (event) {
        if (Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;  // sideways: a swipe
        event.preventDefault();
        zoomAt(photo, photo.scale * Math.exp(-event.deltaY * 0.002), event.clientX, event.clientY);
      }, { passive: false });
    });

    dialog.querySelectorAll("[data-viewer-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var photo = current();
        zoomCentre(photo, +button.getAttribute("data-viewer-zoom") > 0 ? photo.scale * STEP : photo.scale / STEP);
      });
    });
    dialog.querySelectorAll("[data-viewer-step]").forEach(function (button) {
      button.addEventListener("click", function () { go(index() + +button.getAttribute("data-viewer-step")); });
    });
    dialog.querySelector("[data-viewer-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") go(index() + 1);
      else if (event.key === "ArrowLeft") go(index() - 1);
      else if (event.key === "+" || event.key === "=") zoomCentre(current(), current().scale * STEP);
      else if (event.key === "-") zoomCentre(current(), current().scale / STEP);
      else if (event.key === "0") zoomCentre(current(), 1);
      else return;
      event.preventDefault();
    });
    slides.addEventListener("scroll", function () { window.requestAnimationFrame(function () { mark(index()); }); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      document.documentElement.classList.remove("viewer-open");
      if (returnTo && document.contains(returnTo)) returnTo.focus();
    });

    document.body.appendChild(dialog);
    document.documentElement.classList.add("viewer-open");
    dialog.showModal();
    go(start);
    dialog.querySelector("[data-viewer-close]").focus();
    return dialog;
  }

  // --- Double-tap to like --------------------------------------------------------------------
  function likeWithHeart(carousel, x, y) {
    var heart = carousel.querySelector("[data-tap-heart]");
    if (heart) {
      var box = carousel.getBoundingClientRect();
      heart.style.left = (x - box.left) + "px";
      heart.style.top = (y - box.top) + "px";
      heart.classList.remove("show");
      void heart.offsetWidth;  // restart the animation
      heart.classList.add("show");
      heart.setAttribute("data-shown", +(heart.getAttribute("data-shown") || 0) + 1);
    }
    var form = document.getElementById("like-form");
    var button = form && form.querySelector("button[aria-pressed]");
    if (button && button.getAttribute("aria-pressed") !== "true" && !button.disabled) {
      form.requestSubmit();  // htmx posts it and swaps the button, as a click would
    }
  }

  function setUpCarousel(carousel) {
    if (carousel.hasAttribute("data-viewer-ready")) return;
    carousel.setAttribute("data-viewer-ready", "");
    var slides = carousel.querySelector(".slides");
    var canLike = carousel.hasAttribute("data-double-tap-like");
    var pending = null, lastTap = null;

    function index() { return Math.round(slides.scrollLeft / (slides.clientWidth || 1)); }
    function open() { openViewer(carousel, index(), document.activeElement && document.activeElement !== document.body ? document.activeElement : slides); }

    slides.addEventListener("click", function (event) {
      if (!event.target.closest("img")) return;
      var now = Date.now();
      var again = lastTap && now - lastTap.time < TAP_GAP &&
        Math.hypot(event.clientX - lastTap.x, event.clientY - lastTap.y) < TAP_SLOP;
      if (again && canLike) {
        window.clearTimeout(pending);
        pending = null;
        lastTap = null;
        likeWithHeart(carousel, event.clientX, event.clientY);
        return;
      }
      lastTap = { time: now, x: event.clientX, y: event.clientY };
      if (!canLike) { open(); return; }
      window.clearTimeout(pending);
      pending = window.setTimeout(function () { pending = null; slides.focus(); open(); }, TAP_GAP);
    });
    slides.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); }
    });
    slides.querySelectorAll("img").forEach(function (img) { img.classList.add("zoomable"); });
  }

  function setUp(root) {
    root.querySelectorAll("[data-photo-viewer]").forEach(setUpCarousel);
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { if (event.target !== document.body) setUp(event.target); });
})();
