// Checklists that remember. On a role-level page, each expectation's checkbox
// and evidence note are kept in localStorage under "ladder:<role>:<level>:<id>",
// so they survive rebuilds and edits that keep ids. Works with Material's
// instant navigation (document$ fires on every page) and without it.
(function () {
  "use strict";

  var PREFIX = "ladder:";

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function keyFor(root, id, kind) {
    return PREFIX + root.dataset.role + ":" + root.dataset.level + ":" + id + (kind ? ":" + kind : "");
  }

  function text(node) {
    var clone = node.cloneNode(true);
    clone.querySelectorAll(".ladder-tag, .ladder-progress, .headerlink, label, textarea").forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  // Each expectation: its paragraph (which carries the id), checkbox, note and competency heading.
  function expectations(content) {
    var items = [];
    var heading = null;
    content.querySelectorAll("h2, p.ladder-expectation").forEach(function (node) {
      if (node.tagName === "H2") { heading = node; return; }
      var box = node.querySelector('input[type="checkbox"]');
      if (box) items.push({ id: node.id, node: node, box: box, heading: heading });
    });
    return items;
  }

  function progressLabel(done, total) {
    return done + " of " + total + " ticked";
  }

  function update(root, items) {
    var groups = new Map();
    items.forEach(function (item) {
      var g = groups.get(item.heading) || { done: 0, total: 0 };
      g.total += 1;
      if (item.box.checked) g.done += 1;
      groups.set(item.heading, g);
    });
    groups.forEach(function (g, heading) {
      var badge = heading && heading.querySelector(".ladder-progress");
      if (badge) badge.textContent = progressLabel(g.done, g.total);
    });
    var done = items.filter(function (i) { return i.box.checked; }).length;
    root.querySelector(".ladder-progress--total").textContent = progressLabel(done, items.length);
  }

  function markdownOf(root, items) {
    var title = document.querySelector(".md-content h1");
    var lines = ["# Self-assessment: " + (title ? text(title) : root.dataset.role + " " + root.dataset.level), ""];
    lines.push("Written " + new Date().toISOString().slice(0, 10) + " from " + location.href.split("#")[0], "");
    var current = null;
    items.forEach(function (item) {
      if (item.heading !== current) {
        current = item.heading;
        lines.push("## " + (current ? text(current) : "Expectations"), "");
      }
      lines.push("- [" + (item.box.checked ? "x" : " ") + "] " + text(item.node));
      var note = item.note.value.trim();
      if (note) lines.push("    Evidence: " + note.replace(/\n+/g, " "));
    });
    lines.push("");
    return lines.join("\n");
  }

  function download(root, items) {
    var blob = new Blob([markdownOf(root, items)], { type: "text/markdown" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "self-assessment-" + root.dataset.role + "-" + root.dataset.level + ".md";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button ladder-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  // Material's search dialog has no accessible name; screen readers announce it as "dialog".
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  function init() {
    nameSearchDialog();
    var root = document.querySelector(".ladder-checklist");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var storage = store();
    var content = root.closest(".md-content") || document;
    var items = expectations(content);

    var headings = new Set(items.map(function (i) { return i.heading; }));
    headings.forEach(function (h) {
      if (!h) return;
      var badge = document.createElement("span");
      badge.className = "ladder-progress";
      h.insertBefore(badge, h.querySelector(".headerlink"));
    });

    items.forEach(function (item) {
      var label = text(item.node);
      item.box.disabled = false;
      item.box.setAttribute("aria-label", label);
      item.box.checked = storage ? storage.getItem(keyFor(root, item.id)) === "1" : false;
      item.box.addEventListener("change", function () {
        if (storage) {
          if (item.box.checked) storage.setItem(keyFor(root, item.id), "1");
          else storage.removeItem(keyFor(root, item.id));
        }
        update(root, items);
      });
      var note = document.createElement("textarea");
      note.className = "ladder-note";
      note.rows = 2;
      note.placeholder = "Evidence: what you did, a link, what someone said";
      note.setAttribute("aria-label", "Evidence for: " + label);
      note.value = storage ? storage.getItem(keyFor(root, item.id, "note")) || "" : "";
      note.addEventListener("input", function () {
        if (!storage) return;
        if (note.value) storage.setItem(keyFor(root, item.id, "note"), note.value);
        else storage.removeItem(keyFor(root, item.id, "note"));
      });
      item.node.closest("li").appendChild(note);
      item.note = note;
    });

    var total = document.createElement("p");
    total.className = "ladder-progress ladder-progress--total";
    total.setAttribute("role", "status");
    root.appendChild(total);
    root.appendChild(button("Download my self-assessment", function () { download(root, items); }));
    root.appendChild(button("Reset", function () {
      if (!window.confirm("Clear every tick and note on this page? This cannot be undone.")) return;
      items.forEach(function (item) {
        item.box.checked = false;
        item.note.value = "";
        if (storage) {
          storage.removeItem(keyFor(root, item.id));
          storage.removeItem(keyFor(root, item.id, "note"));
        }
      });
      update(root, items);
    }));
    update(root, items);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
