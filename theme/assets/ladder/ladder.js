// Checklists that remember. On a role-level page, each expectation's checkbox
// and evidence note are kept in this browser's localStorage, so they survive
// rebuilds and edits that keep ids. Works with Material's instant navigation
// (document$ fires on every page) and without it. When the browser does not
// keep them (storage full, disabled or blocked), the checklist still works on
// screen and says so; other tabs on the same page are kept in step.
(function () {
  "use strict";

  // Every word this script shows a reader.
  var WORDS = {
    progress: function (done, total) { return done + " of " + total + " ticked"; },
    download: "Download my self-assessment",
    reset: "Reset",
    confirmReset: "Clear every tick and note on this page? This cannot be undone.",
    notePlaceholder: "Evidence: what you did, a link, what someone said",
    noteLabel: "Evidence for: ",
    notKept: "This browser is not keeping your ticks and notes. " +
      "Download your self-assessment before you leave this page, or they will be lost.",
    fileTitle: "Self-assessment: ",
    fileSource: function (date, address) { return "Written " + date + " from " + address; },
    fileEvidence: "Evidence: ",
    fileNoHeading: "Expectations",
    searchDialog: "Search"
  };

  // The site's base path, which every key starts from: Material's scope (which honours
  // `extra.scope`), else the base in its configuration, read against the first page's address.
  var SITE = (function () {
    try {
      if (window.__md_scope) return new URL(window.__md_scope).pathname;
      var config = document.getElementById("__config");
      if (config) return new URL(JSON.parse(config.textContent).base, location.href).pathname;
    } catch (e) { /* no Material configuration: fall back to the origin */ }
    return "/";
  })();

  var VERSION = 2;

  // The one place that names saved data. Version 2 is
  // "ladder:v2:<site base path>:<family>:<role>:<level>:<expectation>", with ":note" after it for the
  // evidence: the path keeps two handbooks on one origin apart, the family keeps a family from sharing
  // ticks with another family's role of its id. Version 1 was "ladder:<role>:<level>:<expectation>";
  // it is only read, to carry data over. An empty expectation names the page itself.
  function keyFor(root, id, kind, version) {
    var d = root.dataset;
    var parts = version === 1 ? ["ladder", d.role, d.level, id]
      : ["ladder", "v" + VERSION, SITE, d.family, d.role, d.level, id];
    if (kind) parts.push(kind);
    return parts.join(":");
  }

  // localStorage, read and written through these two only: a browser may refuse either at any time
  // (disabled, blocked, full), and a refusal is a value here, never an uncaught error.
  function read(key) {
    try { return { ok: true, value: window.localStorage.getItem(key) }; } catch (e) { return { ok: false, value: null }; }
  }

  function write(key, value) {
    try {
      if (value) window.localStorage.setItem(key, value);
      else window.localStorage.removeItem(key);
      return true;
    } catch (e) { return false; }
  }

  // The page on screen: its checklist root, its expectations and which key belongs to which.
  var current = null;

  function text(node) {
    var clone = node.cloneNode(true);
    clone.querySelectorAll(".ladder-tag, .ladder-progress, .headerlink, label, textarea").forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  // Each expectation: its text (the span that carries the id), list item, checkbox and competency heading.
  // The span sits in the item directly or in its first paragraph, as Markdown chose: both are found.
  function expectations(content) {
    var items = [];
    var heading = null;
    content.querySelectorAll("h2, .ladder-expectation").forEach(function (node) {
      if (node.tagName === "H2") { heading = node; return; }
      var li = node.closest("li");
      var box = li && li.querySelector('input[type="checkbox"]');
      if (box) items.push({ id: node.id, node: node, li: li, box: box, heading: heading });
    });
    return items;
  }

  function update(page) {
    var groups = new Map();
    page.items.forEach(function (item) {
      var g = groups.get(item.heading) || { done: 0, total: 0 };
      g.total += 1;
      if (item.box.checked) g.done += 1;
      groups.set(item.heading, g);
    });
    groups.forEach(function (g, heading) {
      var badge = heading && heading.querySelector(".ladder-progress");
      if (badge) badge.textContent = WORDS.progress(g.done, g.total);
    });
    var done = page.items.filter(function (i) { return i.box.checked; }).length;
    page.root.querySelector(".ladder-progress--total").textContent = WORDS.progress(done, page.items.length);
  }

  // Said once, in the checklist's own area (not printed), when the browser refuses to keep something.
  function notKept(page) {
    if (page.root.querySelector(".ladder-notice")) return;
    var notice = document.createElement("p");
    notice.className = "ladder-notice";
    notice.setAttribute("role", "alert");
    notice.textContent = WORDS.notKept;
    page.root.insertBefore(notice, page.root.firstChild);
  }

  function save(page, key, value) {
    if (!write(key, value)) notKept(page);
  }

  function load(page, key) {
    var got = read(key);
    if (!got.ok) notKept(page);
    return got.value;
  }

  // Data saved under version 1's keys is copied (not moved: an older handbook on this origin may still
  // read it) to this page's keys, once: the page's own key remembers that it ran.
  function migrate(page) {
    var ran = keyFor(page.root, "", "migrated-from-v1");
    if (load(page, ran) !== null) return;
    page.items.forEach(function (item) {
      [null, "note"].forEach(function (kind) {
        var old = load(page, keyFor(page.root, item.id, kind, 1));
        var key = keyFor(page.root, item.id, kind);
        if (old !== null && load(page, key) === null) save(page, key, old);
      });
    });
    save(page, ran, "1");
  }

  // Markdown text, as generator/text.py escapes it: HTML's own characters become entities and Markdown's
  // inline punctuation is backslash-escaped, so a ladder's text, a note or an address reads as written
  // and is never a link, an image or HTML in the file a manager opens. No line of the file starts with
  // such text, so the punctuation that only means something at the start of a line is left as it is.
  function markdownText(value) {
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/[\\`*_{}\[\]#|~]/g, "\\$&");
  }

  function markdownOf(page) {
    var root = page.root;
    var title = document.querySelector(".md-content h1");
    var lines = ["# " + markdownText(WORDS.fileTitle + (title ? text(title) : root.dataset.role + " " + root.dataset.level)), ""];
    var address = location.origin + location.pathname;  // never the query or hash: anyone can write those
    lines.push(markdownText(WORDS.fileSource(new Date().toISOString().slice(0, 10), address)), "");
    var heading;
    page.items.forEach(function (item) {
      if (item.heading !== heading) {
        heading = item.heading;
        if (lines[lines.length - 1] !== "") lines.push("");
        lines.push("## " + markdownText(heading ? text(heading) : WORDS.fileNoHeading), "");
      }
      lines.push("- [" + (item.box.checked ? "x" : " ") + "] " + markdownText(text(item.node)));
      var note = item.note.value.replace(/\s+/g, " ").trim();
      if (note) lines.push("    " + markdownText(WORDS.fileEvidence + note));
    });
    lines.push("");
    return lines.join("\n");
  }

  function download(page) {
    var blob = new Blob([markdownOf(page)], { type: "text/markdown" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "self-assessment-" + page.root.dataset.role + "-" + page.root.dataset.level + ".md";
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
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", WORDS.searchDialog);
  }

  function addBadges(items) {
    new Set(items.map(function (i) { return i.heading; })).forEach(function (h) {
      if (!h) return;
      var badge = document.createElement("span");
      badge.className = "ladder-progress";
      h.insertBefore(badge, h.querySelector(".headerlink"));
    });
  }

  function setUp(page, item) {
    var label = text(item.node);
    var tick = keyFor(page.root, item.id);
    item.box.disabled = false;
    item.box.setAttribute("aria-label", label);
    item.box.checked = load(page, tick) === "1";
    item.box.addEventListener("change", function () {
      save(page, tick, item.box.checked ? "1" : null);
      update(page);
    });
    var note = document.createElement("textarea");
    note.className = "ladder-note";
    note.rows = 2;
    note.placeholder = WORDS.notePlaceholder;
    note.setAttribute("aria-label", WORDS.noteLabel + label);
    note.value = load(page, keyFor(page.root, item.id, "note")) || "";
    note.addEventListener("input", function () { save(page, keyFor(page.root, item.id, "note"), note.value); });
    item.li.appendChild(note);
    item.note = note;
    page.keys.set(tick, function (value) { item.box.checked = value === "1"; });
    page.keys.set(keyFor(page.root, item.id, "note"), function (value) {
      if (note.value !== (value || "")) note.value = value || "";
    });
  }

  function reset(page) {
    if (!window.confirm(WORDS.confirmReset)) return;
    page.items.forEach(function (item) {
      item.box.checked = false;
      item.note.value = "";
      save(page, keyFor(page.root, item.id), null);
      save(page, keyFor(page.root, item.id, "note"), null);
    });
    update(page);
  }

  function init() {
    nameSearchDialog();
    var root = document.querySelector(".ladder-checklist");
    if (!root) { current = null; return; }
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var content = root.closest(".md-content") || document;
    var page = { root: root, items: expectations(content), keys: new Map() };
    addBadges(page.items);
    migrate(page);
    page.items.forEach(function (item) { setUp(page, item); });

    var total = document.createElement("p");
    total.className = "ladder-progress ladder-progress--total";
    total.setAttribute("role", "status");
    root.appendChild(total);
    root.appendChild(button(WORDS.download, function () { download(page); }));
    root.appendChild(button(WORDS.reset, function () { reset(page); }));
    update(page);
    current = page;
  }

  // Another tab wrote one of this page's keys (or cleared them all, key null): show what it wrote.
  window.addEventListener("storage", function (event) {
    var local;
    try { local = event.storageArea === window.localStorage; } catch (e) { local = false; }
    if (!current || !local) return;
    if (event.key === null) {
      current.keys.forEach(function (apply) { apply(null); });
    } else {
      var apply = current.keys.get(event.key);
      if (!apply) return;
      apply(event.newValue);
    }
    update(current);
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
