// Checklists that remember. On a role-level page, each expectation's checkbox
// and evidence note are kept in this browser's localStorage, so they survive
// rebuilds and edits that keep ids. Works with Material's instant navigation
// (document$ fires on every page) and without it. When the browser does not
// keep them (storage full, disabled or blocked), the checklist still works on
// screen and says so; other tabs on the same page are kept in step.
//
// The file reads by concern, each building on the ones before it: the words, storage, reading the
// page, rendering, the toolbar, then the wiring that sets a page up and keeps it in step.
(function () {
  "use strict";

  /* ---- Words ---- */

  // Every word this script shows a reader, in English. A page in another language carries its own, from the
  // handbook's catalogue (generator/words.py), in its checklist's data-words; wordsOf reads them over these.
  var ENGLISH = {
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
    tickedBelow: "Ticked at a level below",
    searchDialog: "Search"
  };

  var WORDS = ENGLISH;

  // "%(name)s" in a catalogue's message, filled in.
  function fill(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  // The words of the page `root` is on: its catalogue's, falling back word by word to English. Progress takes
  // the plural form of the number ticked, as the page lists it (a number past the list takes the last form).
  // Without a checklist, the search dialog is named in Material's own word for search.
  function wordsOf(root) {
    var given = null;
    try { given = root && root.dataset.words ? JSON.parse(root.dataset.words) : null; } catch (e) { given = null; }
    var words = Object.assign({}, ENGLISH);
    if (!given) {
      var input = document.querySelector(".md-search__input");
      if (input && input.placeholder) words.searchDialog = input.placeholder;
      return words;
    }
    Object.keys(ENGLISH).forEach(function (name) {
      if (typeof given[name] === "string" && typeof ENGLISH[name] === "string") words[name] = given[name];
    });
    if (typeof given.fileSource === "string") {
      words.fileSource = function (date, address) { return fill(given.fileSource, { date: date, address: address }); };
    }
    var progress = given.progress;
    if (progress && progress.forms && progress.forms.length) {
      words.progress = function (done, total) {
        var form = progress.form && progress.form[done];
        var message = progress.forms[form === undefined ? progress.forms.length - 1 : form] || progress.forms[0];
        return fill(message, { done: done, total: total });
      };
    }
    return words;
  }

  /* ---- Storage: the one place that names, reads and writes saved data ---- */

  var VERSION = 2;

  // The site's base path, which every key starts from: Material's scope (which honours
  // `extra.scope`), else the base in its configuration, read against the first page's address.
  function siteBase() {
    try {
      if (window.__md_scope) return new URL(window.__md_scope).pathname;
      var config = document.getElementById("__config");
      if (config) return new URL(JSON.parse(config.textContent).base, location.href).pathname;
    } catch (e) { /* no Material configuration: fall back to the origin */ }
    return "/";
  }

  var SITE = siteBase();

  // Version 2 is "ladder:v2:<site base path>:<family>:<role>:<level>:<expectation>", with ":note" after
  // it for the evidence: the path keeps two handbooks on one origin apart, the family keeps a family from
  // sharing ticks with another family's role of its id. Version 1 was "ladder:<role>:<level>:<expectation>";
  // it is only read, to carry data over. An empty expectation names the page itself.
  function keyFor(root, id, kind, version, level) {
    var d = root.dataset;
    var parts = version === 1 ? ["ladder", d.role, level || d.level, id]
      : ["ladder", "v" + VERSION, SITE, d.family, d.role, level || d.level, id];
    if (kind) parts.push(kind);
    return parts.join(":");
  }

  // localStorage is read through read() and written through save() only: a browser may refuse either
  // at any time (disabled, blocked, full), and a refusal is a value here, never an uncaught error.
  function read(key) {
    try { return { ok: true, value: window.localStorage.getItem(key) }; } catch (e) { return { ok: false, value: null }; }
  }

  // Keeps `value` under `key`, or forgets the key when the value is empty. False when the browser
  // refused: the caller decides how to tell the reader.
  function save(key, value) {
    try {
      if (value) window.localStorage.setItem(key, value);
      else window.localStorage.removeItem(key);
      return true;
    } catch (e) { return false; }
  }

  // Data saved under version 1's keys is copied (not moved: an older handbook on this origin may still
  // read it) to this page's keys, once: the page's own key remembers that it ran. False when refused.
  function migrate(root, ids) {
    var ran = keyFor(root, "", "migrated-from-v1");
    var before = read(ran);
    if (before.value !== null) return true;
    var ok = before.ok;
    ids.forEach(function (id) {
      [null, "note"].forEach(function (kind) {
        ok = copyUnlessSet(keyFor(root, id, kind, 1), keyFor(root, id, kind)) && ok;
      });
    });
    return save(ran, "1") && ok;
  }

  // An old value is copied only where the new key holds nothing: what was written since wins.
  function copyUnlessSet(from, to) {
    var old = read(from);
    if (old.value === null) return old.ok;
    var now = read(to);
    var kept = now.value !== null || save(to, old.value);
    return now.ok && kept;
  }

  /* ---- Reading the page ---- */

  // What a reader sees as a node's words, without the badges, tags and fields this script adds.
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
    // Competency headings are h2, or h3 under a group's h2; their ids start with "competency-".
    content.querySelectorAll('[id^="competency-"], .ladder-expectation').forEach(function (node) {
      if (!node.classList.contains("ladder-expectation")) { heading = node; return; }
      var li = node.closest("li");
      var box = li && li.querySelector('input[type="checkbox"]');
      if (box) items.push({ id: node.id, node: node, li: li, box: box, heading: heading });
    });
    return items;
  }

  /* ---- Rendering: boxes, notes, progress counters, the notice ---- */

  // An empty counter in each competency heading, before its permalink; renderProgress fills it.
  function renderBadges(items) {
    new Set(items.map(function (i) { return i.heading; })).forEach(function (h) {
      if (!h) return;
      var badge = document.createElement("span");
      badge.className = "ladder-progress";
      h.insertBefore(badge, h.querySelector(".headerlink"));
    });
  }

  // A box Material rendered disabled, made usable and named by its expectation.
  function renderBox(item, label, checked) {
    item.box.disabled = false;
    item.box.setAttribute("aria-label", label);
    item.box.checked = checked;
  }

  function renderNote(item, label, value) {
    var note = document.createElement("textarea");
    note.className = "ladder-note";
    note.rows = 2;
    note.placeholder = WORDS.notePlaceholder;
    note.setAttribute("aria-label", WORDS.noteLabel + label);
    note.value = value;
    item.li.appendChild(note);
    return note;
  }

  // Ticked of all, per competency heading and for the page.
  function renderProgress(page) {
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
  function renderNotice(root) {
    if (root.querySelector(".ladder-notice")) return;
    var notice = document.createElement("p");
    notice.className = "ladder-notice";
    notice.setAttribute("role", "alert");
    notice.textContent = WORDS.notKept;
    root.insertBefore(notice, root.firstChild);
  }

  /* ---- Toolbar: the page's counter, download and reset ---- */

  // Markdown text, as generator/text.py escapes it: HTML's own characters become entities and Markdown's
  // inline punctuation is backslash-escaped, so a ladder's text, a note or an address reads as written
  // and is never a link, an image or HTML in the file a manager opens. No line of the file starts with
  // such text, so the punctuation that only means something at the start of a line is left as it is.
  function markdownText(value) {
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/[\\`*_{}\[\]#|~]/g, "\\$&");
  }

  function markdownHeader(page) {
    var title = document.querySelector(".md-content h1");
    var name = title ? text(title) : page.root.dataset.role + " " + page.root.dataset.level;
    var address = location.origin + location.pathname;  // never the query or hash: anyone can write those
    var date = day(new Date().toISOString().slice(0, 10));
    return ["# " + markdownText(WORDS.fileTitle + name), "", markdownText(WORDS.fileSource(date, address)), ""];
  }

  // The self-assessment file: a heading per competency, a task per expectation, its note below it.
  function markdownOf(page) {
    var lines = markdownHeader(page);
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

  function reset(page) {
    if (!window.confirm(WORDS.confirmReset)) return;
    var kept = true;
    page.items.forEach(function (item) {
      item.box.checked = false;
      item.note.value = "";
      kept = save(keyFor(page.root, item.id), null) && kept;
      kept = save(keyFor(page.root, item.id, "note"), null) && kept;
    });
    if (!kept) renderNotice(page.root);
    renderProgress(page);
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button ladder-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function renderToolbar(page) {
    var total = document.createElement("p");
    total.className = "ladder-progress ladder-progress--total";
    total.setAttribute("role", "status");
    page.root.appendChild(total);
    page.root.appendChild(button(WORDS.download, function () { download(page); }));
    page.root.appendChild(button(WORDS.reset, function () { reset(page); }));
  }

  /* ---- Wiring: each page's checklist, bound to storage and kept in step with other tabs ---- */

  // The page on screen: its checklist root, its expectations and what to do when a key changes.
  var current = null;

  // The reader is told when the browser did not keep (or would not give back) what they wrote.
  function tellIfRefused(page, ok) {
    if (!ok) renderNotice(page.root);
  }

  // Every saved key that starts with `prefix` ([] when the browser refuses storage).
  function keysFrom(prefix) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) found.push(key);
      }
    } catch (e) { return []; }
    return found;
  }

  // The start of every key of this page's family: "ladder:v2:<site>:<family>:".
  function familyPrefix(root) { return ["ladder", "v" + VERSION, SITE, root.dataset.family, ""].join(":"); }

  // How near a role-level is below this page on its path (data-below, nearest first: 0), or -1 when it is not
  // below. At one level, another role (the one someone came from past a change of track) comes after this one.
  function belowRank(root, role, level) {
    var rank = (root.dataset.below || "").split(" ").filter(Boolean).indexOf(level);
    return rank < 0 ? -1 : rank + (role === root.dataset.role ? 0 : 0.5);
  }

  // Expectation id -> the nearest level below where it is ticked, in this role or any role of the family.
  function ticksBelow(root) {
    var prefix = familyPrefix(root), found = {};
    keysFrom(prefix).forEach(function (key) {
      var parts = key.slice(prefix.length).split(":");  // role, level, expectation
      var rank = parts.length === 3 ? belowRank(root, parts[0], parts[1]) : -1;
      if (rank < 0 || read(key).value !== "1") return;
      if (!(parts[2] in found) || rank < found[parts[2]].rank) found[parts[2]] = { rank: rank, level: parts[1] };
    });
    return found;
  }

  // A box is ticked when ticked here, or, until the reader says otherwise here, at a level below: ticks carry
  // up a promotion or a change of track. Unticking a carried tick is kept as "0", so it stays unticked.
  function bindBox(page, item, label) {
    var key = keyFor(page.root, item.id);
    var saved = read(key);
    tellIfRefused(page, saved.ok);
    var below = page.below[item.id];
    var carried = saved.value === null && below !== undefined;
    renderBox(item, label, saved.value === "1" || carried);
    if (carried) {
      var mark = document.createElement("span");
      mark.className = "ladder-tag ladder-tag--carried-tick";
      mark.textContent = WORDS.tickedBelow;
      item.node.parentNode.insertBefore(mark, item.node.nextSibling);
    }
    item.box.addEventListener("change", function () {
      var value = item.box.checked ? "1" : below !== undefined ? "0" : null;
      tellIfRefused(page, save(key, value));
      renderProgress(page);
    });
    page.keys.set(key, function (value) { item.box.checked = value === "1"; });
  }

  function bindNote(page, item, label) {
    var key = keyFor(page.root, item.id, "note");
    var saved = read(key);
    tellIfRefused(page, saved.ok);
    var note = renderNote(item, label, saved.value || "");
    note.addEventListener("input", function () { tellIfRefused(page, save(key, note.value)); });
    item.note = note;
    page.keys.set(key, function (value) {
      if (note.value !== (value || "")) note.value = value || "";
    });
  }

  // Material's search dialog has no accessible name; screen readers announce it as "dialog".
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", WORDS.searchDialog);
  }

  // Runs on every page Material shows; sets a checklist up once.
  function init() {
    var root = document.querySelector(".ladder-checklist");
    WORDS = wordsOf(root);
    nameSearchDialog();
    if (!root) { current = null; return; }
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var page = { root: root, items: expectations(root.closest(".md-content") || document), keys: new Map(), below: ticksBelow(root) };
    renderBadges(page.items);
    tellIfRefused(page, migrate(root, page.items.map(function (i) { return i.id; })));
    page.items.forEach(function (item) {
      var label = text(item.node);
      bindBox(page, item, label);
      bindNote(page, item, label);
    });
    renderToolbar(page);
    renderProgress(page);
    current = page;
  }

  // Another tab wrote one of this page's keys (or cleared them all, key null): show what it wrote.
  function onStorage(event) {
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
    renderProgress(current);
  }

  // Runs `setUp` on every page shown: with Material's instant navigation (document$) and without it.
  function onPage(setUp) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }

  // A day ("2026-12-03", as files and storage keep it) as the handbook's language writes it ("3. Dezember 2026"):
  // the page's lang, which Material sets from theme.language, not the browser's; the day itself where Intl cannot.
  function day(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    if (!parts) return String(iso || "");
    try {
      var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long", timeZone: "UTC" }).format(date);
    } catch (e) {
      return parts[0];
    }
  }

  // What the self-assessment form (assessment.js, review.js) shares with the checklist: one key scheme, one
  // guarded storage, one way to run on every page.
  window.ladder = {
    keyFor: keyFor, read: read, save: save, text: text, fill: fill, onPage: onPage,
    keysFrom: keysFrom, familyPrefix: familyPrefix, belowRank: belowRank, day: day
  };

  window.addEventListener("storage", onStorage);
  onPage(init);
})();
