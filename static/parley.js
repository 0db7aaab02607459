// Keyboard use of the statement lists, inline editing, and the article view. Everything here
// is an addition: each page works without it (links and plain forms underneath).
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function statements() {
    return Array.from(document.querySelectorAll("[data-statement]"));
  }

  // j / k walk the statements, e (or Enter on a statement) opens its editor.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var current = event.target.closest ? event.target.closest("[data-statement]") : null;
    if (event.key === "j" || event.key === "k") {
      var all = statements();
      if (!all.length) return;
      var index = current ? all.indexOf(current) : -1;
      var next = event.key === "j" ? Math.min(index + 1, all.length - 1) : Math.max(index - 1, 0);
      all[next].focus();
      all[next].scrollIntoView({ block: "nearest" });
      event.preventDefault();
    } else if ((event.key === "e" || (event.key === "Enter" && event.target === current)) && current) {
      var edit = current.querySelector("[data-edit]");
      if (edit) {
        edit.click();
        event.preventDefault();
      }
    }
  });

  // The stance review queue: on a statement, one key sets its stance (digits), its target
  // (letters) or its proposal (capitals), as each option's data-key says, and saves at once;
  // c confirms it as read. The answer replaces the statement and takes the focus back.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var item = event.target.closest ? event.target.closest("[data-review-item]") : null;
    var form = item && item.querySelector("[data-review-form]");
    if (!form) return;
    if (event.key === "c") {
      var confirm = item.querySelector("[data-confirm]");
      if (confirm) confirm.click();
      event.preventDefault();
      return;
    }
    var option = Array.from(form.querySelectorAll("option[data-key]")).filter(function (candidate) {
      return candidate.dataset.key === event.key;
    })[0];
    if (!option) return;
    option.closest("select").value = option.value;
    form.requestSubmit();
    event.preventDefault();
  });

  // In an editor: Escape cancels, Enter saves (Shift+Enter for a new line in the note).
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest ? event.target.closest("[data-statement-form]") : null;
    if (!form) return;
    if (event.key === "Escape") {
      var cancel = form.querySelector("[data-cancel]");
      if (cancel) cancel.click();
      event.preventDefault();
    } else if (event.key === "Enter" && !event.shiftKey && !event.target.matches("button, a")) {
      form.requestSubmit();
      event.preventDefault();
    }
  });

  // A filtered timeline's address is its permalink: leave out the filters left empty, the order
  // when it is the default (the select's first choice), and the page number (a new filter
  // starts from the first page).
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.matches("form.filters")) return;
    var params = event.detail.parameters;
    var order = event.detail.elt.elements.order;
    Object.keys(params).forEach(function (name) {
      var isDefaultOrder = order && name === "order" && params[name] === order.options[0].value;
      if (params[name] === "" || name === "page" || isDefaultOrder) delete params[name];
    });
  });

  // A failed htmx request would otherwise change nothing on screen, silently.
  function trouble(text) {
    var box = document.getElementById("request-trouble");
    if (!box) {
      box = document.createElement("p");
      box.id = "request-trouble";
      box.className = "message error";
      box.setAttribute("role", "alert");
      document.getElementById("main").prepend(box);
    }
    box.textContent = text;
  }
  document.addEventListener("htmx:responseError", function (event) {
    trouble("The server could not do that (" + event.detail.xhr.status + "). Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    trouble("The server did not answer: check the connection, then reload the page.");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = document.getElementById("request-trouble");
    if (box && event.detail.successful) box.remove();
  });

  // Keep the keyboard where the person is after a swap: in the editor that opened, on the
  // statement that came back.
  var swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    swappedId = event.detail.target && event.detail.target.id;
  });
  // The grid replayed on another day (a change-day link): the "As of" field says that day, so
  // that pressing Show again keeps it instead of going back to the field's old value.
  document.addEventListener("htmx:afterSettle", function () {
    var grid = document.getElementById("grid");
    var field = document.querySelector("form.as-of input[name=as_of]");
    if (grid && field && grid.dataset.asOf !== undefined && document.activeElement !== field) {
      field.value = grid.dataset.asOf;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!swappedId) return;
    var element = document.getElementById(swappedId);
    swappedId = null;
    if (!element) return;
    if (element.matches("[data-statement-form]")) {
      var field = element.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
    } else if (element.matches("[data-statement]")) {
      // Take the focus back only where the swap lost it (htmx itself refocuses an element by
      // its id before settling): a person who already pressed j to move on, e.g. right after a
      // one-key save in the review queue, keeps the statement they moved to.
      var active = document.activeElement;
      if (!active || active === document.body || element.contains(active)) element.focus();
      recolour(element);
    }
  });

  // A statement corrected or rejected in the article's side list: its words in the text take
  // the new party's colour, or lose their highlight.
  function recolour(card) {
    var id = card.dataset.statement;
    var colour = Array.from(card.classList).filter(function (name) {
      return name.indexOf("party-") === 0;
    })[0];
    document.querySelectorAll("[data-article-text] mark[data-statements]").forEach(function (mark) {
      if (mark.dataset.statements.split(" ")[0] !== id) return;
      Array.from(mark.classList).forEach(function (name) {
        if (name.indexOf("party-") === 0) mark.classList.remove(name);
      });
      if (colour) mark.classList.add(colour);
      mark.classList.toggle("is-rejected", card.classList.contains("is-rejected"));
    });
  }

  // Article view: a statement in the side list and its words in the text point at each other.
  var text = document.querySelector("[data-article-text]");
  if (!text) return;

  function marksOf(id) {
    return Array.from(text.querySelectorAll("mark[data-statements]")).filter(function (mark) {
      return mark.dataset.statements.split(" ").indexOf(String(id)) !== -1;
    });
  }

  function showInText(id) {
    text.querySelectorAll("mark.is-current").forEach(function (mark) {
      mark.classList.remove("is-current");
    });
    var marks = marksOf(id);
    marks.forEach(function (mark) {
      mark.classList.add("is-current");
    });
    var anchor = document.getElementById("s-" + id);
    var target = anchor && anchor.tagName === "MARK" ? anchor : marks[0];
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("a, button, input, select, textarea, label, form")) return;
    var card = event.target.closest("[data-statement]");
    if (card && !text.contains(card)) {
      showInText(card.dataset.statement);
      return;
    }
    var mark = event.target.closest("mark[data-statements]");
    if (mark && window.getSelection().isCollapsed) {
      var id = mark.dataset.statements.split(" ")[0];
      var side = document.getElementById("statement-" + id);
      if (side) {
        showInText(id);
        side.scrollIntoView({ block: "nearest" });
        side.focus({ preventScroll: true });
      }
    }
  });

  // The source links of the side list point at #s-<id> in this page: mark it as well.
  function fromHash() {
    var match = /^#s-(\d+)$/.exec(window.location.hash);
    if (match) showInText(match[1]);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // Selecting words in the text fills the "add a statement" form with their exact offsets:
  // the page shows the stored text character for character (white-space: pre-wrap).
  var addForm = document.querySelector("[data-add-statement]");
  if (!addForm) return;

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function takeSelection() {
    var selection = window.getSelection();
    if (selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    var selected = range.toString();
    if (!selected.trim()) return;
    addForm.elements.text.value = selected.trim();
    addForm.elements.start.value = offsetOf(range.startContainer, range.startOffset);
    addForm.elements.end.value = offsetOf(range.endContainer, range.endOffset);
    addForm.closest("details").open = true;
  }

  text.addEventListener("mouseup", takeSelection);
  text.addEventListener("keyup", takeSelection);
  // Typing the text by hand voids the selection's offsets; the server then finds the words.
  addForm.elements.text.addEventListener("input", function () {
    addForm.elements.start.value = "";
    addForm.elements.end.value = "";
  });
})();
