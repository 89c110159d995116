// Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) {
    summary.focus();
  }
});

// Ask before destructive actions: forms with data-confirm (the server acts only on POST).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Forms in place (htmx, see core.views.InlineFormMixin): after a fragment is swapped in, move the
// focus where a keyboard or screen-reader user expects it. A loaded form: its first field. A form
// with errors: its error summary. A save: the new item (or the edited one, else the section's
// heading); the message itself lands in the live region #meldingen.
(function () {
  var pending = null;

  function focusOn(element) {
    if (!element) {
      return;
    }
    if (!element.matches("a, button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var slot = elt.closest("[data-inline-slot]");
    var ids = {};
    document.querySelectorAll("[data-inline-item][id]").forEach(function (item) {
      ids[item.id] = true;
    });
    if (slot && elt.dataset.inlineFor) {
      slot.dataset.inlineFor = elt.dataset.inlineFor;
    }
    var target = event.detail.target;
    pending = { slot: slot, ids: ids, targetId: target ? target.id : "" };
    if (target) {
      target.setAttribute("aria-busy", "true");
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) {
      return;
    }
    var done = pending;
    pending = null;
    document.querySelectorAll("[aria-busy=true]").forEach(function (element) {
      element.removeAttribute("aria-busy");
    });
    if (done.slot && document.contains(done.slot) && done.slot.querySelector(".inline-form")) {
      var summary = done.slot.querySelector("[data-error-summary]");
      focusOn(summary || done.slot.querySelector(".inline-form input:not([type=hidden]), .inline-form select, .inline-form textarea"));
      return;
    }
    var added = Array.prototype.find.call(document.querySelectorAll("[data-inline-item][id]"), function (item) {
      return !done.ids[item.id];
    });
    if (added) {
      focusOn(added);
      return;
    }
    var edited = done.slot && (done.slot.dataset.inlineFor || (done.slot.hasAttribute("data-inline-item") ? done.slot.id : ""));
    if (edited && document.getElementById(edited)) {
      focusOn(document.getElementById(edited));
      return;
    }
    var section = done.targetId && document.getElementById(done.targetId);
    if (section) {
      focusOn(section.querySelector("h2, h3") || section);
    }
  });
})();

// A long list of checkboxes (neighbourhoods): a filter box above it and a "chosen: ..." line, so
// what is ticked stays in view. Without JavaScript it is a plain list of checkboxes.
(function () {
  function text(name) {
    var texts = document.getElementById("js-teksten");
    return (texts && texts.getAttribute("data-text-" + name)) || "";
  }

  function labelOf(input) {
    var label = document.querySelector("label[for='" + input.id + "']");
    return label ? label.textContent.trim() : input.value;
  }

  function enhance(fieldset, index) {
    var inputs = Array.prototype.slice.call(fieldset.querySelectorAll("input[data-choice-filter]"));
    if (!inputs.length || fieldset.hasAttribute("data-choice-enhanced")) {
      return;
    }
    fieldset.setAttribute("data-choice-enhanced", "");
    var list = inputs[0].closest(".form-check").parentElement;
    var base = "keuzelijst-" + index;
    list.id = list.id || base + "-lijst";
    list.classList.add("choice-list");

    var box = document.createElement("div");
    box.className = "choice-filter mb-2";
    var label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.htmlFor = base + "-filter";
    label.textContent = text("filter");
    var search = document.createElement("input");
    search.type = "search";
    search.id = base + "-filter";
    search.className = "form-control form-control-sm";
    search.setAttribute("aria-controls", list.id);
    search.setAttribute("aria-describedby", base + "-aantal");
    search.setAttribute("autocomplete", "off");
    var count = document.createElement("p");
    count.id = base + "-aantal";
    count.className = "form-text mb-0";
    count.setAttribute("aria-live", "polite");
    var chosen = document.createElement("p");
    chosen.id = base + "-gekozen";
    chosen.className = "choice-summary mb-1";
    chosen.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(search);
    box.appendChild(count);
    list.parentNode.insertBefore(box, list);
    list.parentNode.insertBefore(chosen, list);

    function showChosen() {
      var names = inputs.filter(function (input) {
        return input.checked;
      }).map(labelOf);
      chosen.textContent = text("chosen") + ": " + (names.length ? names.join(", ") : text("none-chosen"));
    }

    function filter() {
      var needle = search.value.trim().toLowerCase();
      var shown = 0;
      inputs.forEach(function (input) {
        var row = input.closest(".form-check");
        var match = !needle || labelOf(input).toLowerCase().indexOf(needle) !== -1;
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      count.textContent = text("shown").replace("{shown}", shown).replace("{total}", inputs.length);
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // filtering, not submitting the form
      }
    });
    inputs.forEach(function (input) {
      input.addEventListener("change", showChosen);
    });
    filter();
    showChosen();
  }

  function enhanceAll(root) {
    root.querySelectorAll("fieldset").forEach(function (fieldset) {
      if (fieldset.querySelector("input[data-choice-filter]")) {
        enhance(fieldset, document.querySelectorAll("[data-choice-enhanced]").length + 1);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
  });
  document.addEventListener("htmx:afterSettle", function () {
    enhanceAll(document);
  });
})();
