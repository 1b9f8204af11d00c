// Crossnote as an app on a phone: sharing, keeping your place in a feed when you come Back,
// never showing a Discover note twice in one session, the service worker and the install
// prompt. A plain file (no build step) and no inline scripts (CSP).
(function () {
  "use strict";

  // --- Share: the Web Share API where the browser has it, else copy the link -------------
  function say(text) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var line = document.createElement("p");
    line.className = "message success";
    line.textContent = text;
    flash.replaceChildren(line);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Older browsers and plain-http hosts: the selection trick.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand && document.execCommand("copy");
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-share]");
    if (!button) return;
    var url = button.getAttribute("data-share-url") || window.location.href;
    var title = button.getAttribute("data-share-title") || document.title;
    if (navigator.share) {
      navigator.share({ title: title, url: url }).catch(function () { /* cancelled */ });
      return;
    }
    copy(url).then(function () {
      say(button.getAttribute("data-copied"));
    }, function () {
      window.prompt(button.getAttribute("data-copied"), url);
    });
  });

  // --- Back keeps your place -------------------------------------------------------------
  // A page of cards (Discover, Following, a tag, a profile) loads more as you scroll. Leaving
  // it keeps the cards loaded and the scroll position in sessionStorage, keyed by address;
  // coming Back puts them back before htmx starts, so the "More" link at the end carries on
  // from where you were. (When the browser restores the page from its back/forward cache,
  // everything is already there and this does nothing.)
  var KEY = "crossnote:place:" + window.location.pathname + window.location.search;
  var grid = document.getElementById("grid");
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  var cameBack = navigation && navigation.type === "back_forward";

  function store(key, value) {
    try { sessionStorage.setItem(key, value); } catch (error) { /* full or disabled */ }
  }
  function load(key) {
    try { return sessionStorage.getItem(key); } catch (error) { return null; }
  }

  if (grid) {
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    var saved = null;
    try { saved = cameBack ? JSON.parse(load(KEY) || "null") : null; } catch (error) { /* kept by an older version */ }
    if (saved && saved.html) {
      grid.innerHTML = saved.html;
      grid.querySelectorAll(".htmx-request").forEach(function (node) {
        node.classList.remove("htmx-request");
      });
      var restoreScroll = function () { window.scrollTo(0, saved.y); };
      restoreScroll();
      // Photos above the fold may still change the page's height while they load.
      window.addEventListener("load", restoreScroll, { once: true });
    }
    window.addEventListener("pagehide", function () {
      store(KEY, JSON.stringify({ html: grid.innerHTML, y: window.scrollY }));
    });
  }

  // --- Discover shows a note once per session --------------------------------------------
  // The cursor never repeats a note while you scroll; this also leaves out, on a new visit
  // to Discover in the same tab, the notes you were already shown. When that would leave a
  // first page with nothing at all to look at, it is shown as it came.
  var SEEN = "crossnote:discover-seen";
  var SEEN_LIMIT = 2000;
  var onDiscover = grid && grid.hasAttribute("data-discover");

  function seenIds() {
    try { return JSON.parse(load(SEEN) || "[]"); } catch (error) { return []; }
  }
  function cardsIn(root) {
    return Array.prototype.slice.call(root.querySelectorAll("[data-note]"));
  }
  var counted = new WeakSet();  // cards already checked (no attribute: no style recalc)
  function uncounted() {
    return cardsIn(grid).filter(function (card) { return !counted.has(card); });
  }

  function dropRepeats(fresh, firstPage) {
    var before = new Set(seenIds());
    cardsIn(grid).forEach(function (card) {
      if (fresh.indexOf(card) === -1) before.add(card.getAttribute("data-note"));
    });
    var repeats = [];
    fresh.forEach(function (card) {
      var id = card.getAttribute("data-note");
      if (before.has(id)) repeats.push(card); else before.add(id);
    });
    if (firstPage && repeats.length === fresh.length && !grid.querySelector(".more")) repeats = [];
    repeats.forEach(function (card) { (card.closest("#grid > *") || card).remove(); });
    // The "More" link may have moved up into view: htmx checks "revealed" on scroll.
    if (repeats.length) window.setTimeout(function () { window.dispatchEvent(new Event("scroll")); }, 0);
    var ids = seenIds();
    fresh.forEach(function (card) {
      counted.add(card);
      if (card.isConnected) ids.push(card.getAttribute("data-note"));
    });
    store(SEEN, JSON.stringify(Array.from(new Set(ids)).slice(-SEEN_LIMIT)));
  }

  if (onDiscover) {
    if (saved && saved.html) cardsIn(grid).forEach(function (card) { counted.add(card); });
    else dropRepeats(cardsIn(grid), true);
    // The "More" link swaps itself (outerHTML) for the next page of cards.
    document.addEventListener("htmx:afterSettle", function () {
      var fresh = uncounted();
      if (fresh.length) dropRepeats(fresh, false);
    });
  }

  // --- Installable: the service worker and the install prompt ----------------------------
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").catch(function () { /* not fatal */ });
    });
  }
  var installPrompt = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    installPrompt = event;
    document.querySelectorAll("[data-install]").forEach(function (button) { button.hidden = false; });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-install]");
    if (!button || !installPrompt) return;
    installPrompt.prompt();
    installPrompt.userChoice.finally(function () {
      installPrompt = null;
      document.querySelectorAll("[data-install]").forEach(function (b) { b.hidden = true; });
    });
  });
  window.addEventListener("appinstalled", function () {
    document.querySelectorAll("[data-install]").forEach(function (b) { b.hidden = true; });
  });
})();
