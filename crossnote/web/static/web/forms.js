// Forms that must not lose what a person wrote, and that show errors where the eye is.
// No inline scripts (CSP); the words come translated in data- attributes.
//
// - Compose drafts: the text fields are kept in localStorage while typing, under a key per
//   person (data-draft-key) and restored after a reload or a visit elsewhere; "Save draft"
//   keeps them on the server too (POST /drafts/save); publishing clears the device copy.
//   Leaving with text neither published nor saved as a draft asks first (beforeunload).
// - Refused forms (sign-up, compose): the summary of every error is scrolled into view and
//   focused; its links take focus to each field.
// - The collect menu's "New board" field: Enter creates the board (not the first button).
(function () {
  "use strict";
  var FIELDS = ["title", "body", "topic", "kind", "place", "visibility"];

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (_error) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (_error) { /* full or off */ }
  }
  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (_error) { /* off */ }
  }

  function valuesOf(form) {
    var values = {};
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) values[name] = field.value;
    });
    return values;
  }
  function hasText(values) {
    return !!((values.title || "").trim() || (values.body || "").trim() || (values.place || "").trim());
  }
  function fill(form, values) {
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field || values[name] === undefined) return;
      if (field.tagName === "SELECT" && !Array.from(field.options).some(function (o) { return o.value === values[name]; })) return;
      field.value = values[name];
      field.dispatchEvent(new Event("input", { bubbles: true }));  // the title counter follows
    });
  }

  function setUpDrafts(form) {
    if (form.hasAttribute("data-drafts-ready")) return;
    form.setAttribute("data-drafts-ready", "");
    // One device copy per piece of writing: "<prefix>:new" for a note not yet saved as a
    // server draft, "<prefix>:<draft id>" for a server draft, so opening one draft never
    // overwrites the device copy of another.
    var prefix = form.getAttribute("data-draft-key");
    var status = form.querySelector("[data-draft-status]");
    var draftInput = form.querySelector("input[name=draft_id]");
    var serverSavedAt = +form.getAttribute("data-draft-saved-at") || 0;
    var refused = !!form.querySelector("[data-form-errors]");
    function key() { return prefix + ":" + (draftInput.value || "new"); }
    function say(name, text) { if (status) status.textContent = text || status.getAttribute("data-" + name) || ""; }
    function keep(dirty) {
      write(key(), { values: valuesOf(form), saved_at: Date.now(), dirty: dirty });
    }
    function markDirty(dirty) {
      if (dirty) form.setAttribute("data-dirty", ""); else form.removeAttribute("data-dirty");
    }

    var stored = read(key());
    if (refused) {
      // The server sent back what was posted: that is the newest copy.
      markDirty(hasText(valuesOf(form)));
      keep(true);
    } else if (stored && stored.values && hasText(stored.values) &&
               (!draftInput.value || stored.saved_at > serverSavedAt)) {
      var differs = JSON.stringify(stored.values) !== JSON.stringify(valuesOf(form));
      fill(form, stored.values);
      markDirty(!!stored.dirty);
      if (differs) say("restored");
    }

    function changed() { markDirty(true); keep(true); }
    form.addEventListener("input", function (event) {
      if (FIELDS.indexOf(event.target.name) >= 0 && event.isTrusted) changed();
    });
    form.addEventListener("change", function (event) {
      if (FIELDS.indexOf(event.target.name) >= 0) changed();
    });

    form.crossnoteDraft = {
      save: function (button) {
        var body = new FormData();
        body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
        body.append("draft_id", draftInput.value);
        var values = valuesOf(form);
        FIELDS.forEach(function (name) { body.append(name, values[name] || ""); });
        say("saving");
        button.disabled = true;
        window.fetch(button.getAttribute("formaction"), {
          method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
        }).then(function (response) {
          return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
        }).then(function (result) {
          if (!result.ok) { say("failed", result.answer.message); return; }
          if (!draftInput.value) forget(prefix + ":new");  // now a server draft: its own copy
          draftInput.value = result.answer.id;
          markDirty(false);
          keep(false);
          say("saved", result.answer.message);
        }).catch(function () { say("failed"); }).finally(function () { button.disabled = false; });
      }
    };

    // Publishing: nothing to warn about while the page goes; a published note's device copy
    // is cleared (a refused one comes back as a new form, which keeps it).
    form.addEventListener("submit", function () { form.setAttribute("data-leaving", ""); });
    form.addEventListener("htmx:beforeOnLoad", function (event) {
      var xhr = event.detail.xhr;
      if (xhr && xhr.status >= 200 && xhr.status < 300) {
        forget(key());
        markDirty(false);
      } else {
        form.removeAttribute("data-leaving");
      }
    });
  }

  // "Save draft" sits outside the form (form="compose"), so it outlives the form's re-renders.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-save-draft]");
    var form = button && button.form;
    if (!form || !form.crossnoteDraft) return;
    event.preventDefault();
    form.crossnoteDraft.save(button);
  });

  window.addEventListener("beforeunload", function (event) {
    var form = document.querySelector("form[data-compose][data-dirty]:not([data-leaving])");
    if (!form) return;
    event.preventDefault();
    event.returnValue = form.querySelector("[data-draft-status]").getAttribute("data-leave") || "";
  });

  // --- Errors where the eye is ---------------------------------------------------------------
  function showErrors(root) {
    var summary = root.querySelector && root.querySelector("[data-form-errors]");
    if (!summary && root.matches && root.matches("[data-form-errors]")) summary = root;
    if (!summary) return;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-error-link]");
    if (!link) return;
    var id = link.getAttribute("href").slice(1);
    var field = document.getElementById(id) || document.getElementById(id + "-file") || document.getElementById(id + "-error");
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  // --- The collect menu's new board: Enter means "Create" --------------------------------
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("input[name=new_board_name]")) return;
    var button = event.target.form && event.target.form.querySelector("[data-testid=new-board]");
    if (!button) return;
    event.preventDefault();
    button.click();
  });

  function setUp(root) {
    if (root.matches && root.matches("form[data-compose]")) setUpDrafts(root);
    if (root.querySelectorAll) root.querySelectorAll("form[data-compose]").forEach(setUpDrafts);
    showErrors(root);
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { if (event.target !== document.body) setUp(event.target); });
})();
