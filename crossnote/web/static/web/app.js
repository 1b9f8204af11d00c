// Crossnote's own scripts: carousel, compose (previews, reorder, progress, title counter),
// confirmations, and form resets after htmx posts. No inline scripts anywhere (CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // --- Confirm before destructive posts ---------------------------------------------------
  // An htmx form hears both events for one submit: the question is asked once, at the
  // submit, and htmx:confirm (which follows it at once) only asks for requests htmx starts
  // some other way.
  var confirmed = null;
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-confirm]");
    if (!form) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    confirmed = form;
    setTimeout(function () { confirmed = null; }, 0);
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.target.closest("[data-confirm]");
    if (!form || form === confirmed) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });

  // --- The language switcher submits itself ---------------------------------------------------
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
  });

  // --- Clear comment and reply forms once their post succeeded ---------------------------
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form[data-reset-on-success]");
    if (form && event.detail.successful && event.detail.xhr.status < 300) {
      form.reset();
      var details = form.closest("details");
      if (details) details.open = false;
    }
  });

  // --- Carousel: swipe (native scroll-snap), arrows, dots, arrow keys -------------------------
  function setUpCarousel(root) {
    var slides = root.querySelector(".slides");
    var dots = root.querySelectorAll("[data-dot]");
    function index() { return Math.round(slides.scrollLeft / slides.clientWidth); }
    function go(i) {
      var count = slides.children.length;
      i = Math.max(0, Math.min(count - 1, i));
      slides.scrollTo({ left: i * slides.clientWidth, behavior: "smooth" });
    }
    function mark() {
      var i = index();
      dots.forEach(function (dot, j) {
        if (i === j) dot.setAttribute("aria-current", "true"); else dot.removeAttribute("aria-current");
      });
    }
    slides.addEventListener("scroll", function () { window.requestAnimationFrame(mark); });
    slides.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { go(index() + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { go(index() - 1); event.preventDefault(); }
    });
    var prev = root.querySelector("[data-prev]"), next = root.querySelector("[data-next]");
    if (prev) prev.addEventListener("click", function () { go(index() - 1); });
    if (next) next.addEventListener("click", function () { go(index() + 1); });
    dots.forEach(function (dot) {
      dot.addEventListener("click", function (event) { event.preventDefault(); go(+dot.getAttribute("data-dot")); });
    });
  }

  // --- Compose: the RedNote title count (CJK 1, ASCII ½) -------------------------------------
  // Counted per character a person sees (grapheme cluster), after dropping invisible controls
  // as the server does (crossnote/core/text.py): a joiner stays only inside an emoji sequence,
  // so 👩‍👩‍👧‍👦 counts 1, not 4.
  // Compiled on first use: a Unicode-property pattern costs ~100 ms of a phone's page load.
  var STRAY_ZWJ = null;
  var OTHER_CONTROLS = /[\u200B\u200C\u200E\u200F\u2060-\u2064\uFEFF\u00AD\u034F\u061C\u202A-\u202E\u2066-\u2069\u180E]/g;
  var graphemes;  // also made on first use
  function titleLength(text) {
    STRAY_ZWJ = STRAY_ZWJ || new RegExp("(?<![\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\uFE0F])\\u200D|\\u200D(?!\\p{Extended_Pictographic})", "gu");
    text = text.normalize("NFC").replace(STRAY_ZWJ, "").replace(OTHER_CONTROLS, "").trim().split(/\s+/).join(" ");
    if (graphemes === undefined) {
      graphemes = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
    }
    var clusters = graphemes ? Array.from(graphemes.segment(text), function (s) { return s.segment; }) : Array.from(text);
    var n = 0;
    clusters.forEach(function (cluster) { n += /^[\x00-\x7F]+$/.test(cluster) ? 0.5 : 1; });
    return n;
  }

  // Photos chosen so far; kept outside the form so an htmx re-render (errors) keeps them.
  var chosen = [];

  function setUpCompose(form) {
    var input = form.querySelector("input[type=file]");
    var previews = form.querySelector("[data-previews]");
    var template = form.querySelector("template[data-preview-template]");
    var max = +input.getAttribute("data-max");
    var title = form.querySelector("[data-title]"), counter = form.querySelector("[data-title-counter]");
    var progress = form.querySelector("[data-progress]");

    function sync() {
      var transfer = new DataTransfer();
      chosen.forEach(function (item) { transfer.items.add(item.file); });
      input.files = transfer.files;
      previews.replaceChildren();
      chosen.forEach(function (item, i) {
        var node = template.content.firstElementChild.cloneNode(true);
        node.querySelector("img").src = item.url;
        var alt = node.querySelector("input[name=alt_text]");
        alt.value = item.alt || "";
        alt.addEventListener("input", function () { item.alt = alt.value; });
        node.querySelector("[data-remove]").addEventListener("click", function () {
          chosen.splice(i, 1); sync();
        });
        node.querySelectorAll("[data-move]").forEach(function (button) {
          button.addEventListener("click", function () {
            var j = i + +button.getAttribute("data-move");
            if (j < 0 || j >= chosen.length) return;
            var moved = chosen.splice(i, 1)[0]; chosen.splice(j, 0, moved); sync();
          });
        });
        previews.appendChild(node);
      });
    }
    input.addEventListener("change", function () {
      var error = form.querySelector("#images-error");
      if (error) error.textContent = "";  // "add a photo" no longer holds once there is one
      Array.from(input.files).forEach(function (file) {
        if (chosen.length < max && !chosen.some(function (c) { return c.file === file; })) {
          chosen.push({ file: file, url: URL.createObjectURL(file), alt: "" });
        }
      });
      sync();
    });
    if (chosen.length) sync();

    function count() {
      var n = titleLength(title.value);
      counter.textContent = (Number.isInteger(n) ? n : n.toFixed(1)) + "/20";
      counter.classList.toggle("over", n > 20);
    }
    title.addEventListener("input", count);
    count();

    form.addEventListener("htmx:xhr:progress", function (event) {
      if (event.detail.lengthComputable) {
        progress.hidden = false;
        progress.value = Math.round(event.detail.loaded * 100 / event.detail.total);
      }
    });
  }

  function setUp(root) {
    if (root.matches && root.matches("form[data-compose]")) setUpCompose(root);
    root.querySelectorAll("[data-carousel]").forEach(setUpCarousel);
    root.querySelectorAll("form[data-compose]").forEach(setUpCompose);
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) setUp(event.target);
  });
})();
