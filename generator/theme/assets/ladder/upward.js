// The upward review, filled in the browser (assessment.js makes its fields): kept in this browser, exported
// as a file for the manager, with the writer's name and date left out when they choose, so the file says
// nothing about who wrote it. The manager opens several reports' files at once and sees them combined:
// how many gave each rating to each expectation, and what they wrote, without names; printable.
(function () {
  "use strict";

  var A = window.ladderAssessment, P = window.ladderAssessmentParts, L = window.ladder;
  if (!A || !P || !L) return;
  var el = P.el, say = P.say, button = P.button;
  var FORMAT = "ladder-upward-review";

  function draftKey(root) { return L.keyFor(root, "", "upward-review"); }


  /* ---- The reviewer's side ---- */

  function save(page) {
    var data = { saved: new Date().toISOString(), anonymous: page.anonymous.checked, answers: P.answersOf(page.form, "self") };
    var ok = L.save(draftKey(page.root), JSON.stringify(data));
    page.status.textContent = ok ? say("saved", { time: new Date().toTimeString().slice(0, 5) }) : P.words().notSaved;
  }

  function nameField(page, name) { return (page.form.fields.person || {})[name] || {}; }

  function setAnonymous(page, on) {
    page.anonymous.checked = on;
    ["name", "sent"].forEach(function (name) {
      var field = nameField(page, name).value;
      if (!field) return;
      if (on) field.set("");
      field.lock(on);
    });
  }

  // The file: what the reviewer wrote, and which version of which level it answers; with no name or date
  // when they asked for that.
  function fileOf(page) {
    var answers = P.answersOf(page.form, "self");
    if (page.anonymous.checked && answers.person) {
      delete answers.person.name;
      delete answers.person.sent;
    }
    var ladder = P.fileOf(page.root, page.form, {}).ladder;
    return { format: FORMAT, version: 1, anonymous: page.anonymous.checked, ladder: ladder, answers: answers };
  }

  /* ---- The manager's side: several files, combined ---- */

  function parse(text, root) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    var d = root.dataset, l = data && data.ladder;
    if (!data || data.format !== FORMAT || !l || typeof data.answers !== "object" || data.answers === null) return null;
    return l.family === d.family && l.role === d.role && l.level === d.level ? data : null;
  }

  function combine(page, texts) {
    var seen = {}, files = [], skipped = 0;
    texts.forEach(function (text) {
      if (seen[text]) return;  // the same file twice counts once
      seen[text] = true;
      var data = parse(text, page.root);
      if (data) files.push(data); else skipped++;
    });
    renderCombined(page, files, skipped);
  }

  function written(file, section, slot, name) {
    var a = file.answers[section] && file.answers[section][slot];
    return (a && a[name]) || "";
  }

  function renderCombined(page, files, skipped) {
    var words = P.words(), box = page.combined, scale = page.form.scale;
    box.hidden = false;
    box.replaceChildren(el("h2", "", say("combinedTitle", { count: files.length })), el("p", "", words.combinedIntro));
    if (skipped) box.appendChild(el("p", "ladder-status", say("skippedFiles", { count: skipped })));
    var table = el("table", "ladder-side-by-side");
    var head = el("tr");
    [words.expectation].concat(scale.map(function (r) { return r.name; }), [words.notRated]).forEach(function (h) { head.appendChild(el("th", "", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    page.form.items.filter(function (i) { return i.kind === "expectation"; }).forEach(function (item) {
      var tr = body.appendChild(el("tr"));
      var cell = tr.appendChild(el("td", "", item.text));
      var counts = scale.map(function (r) { return files.filter(function (f) { return written(f, "expectation", item.id, "rating") === r.id; }).length; });
      var rated = counts.reduce(function (a, b) { return a + b; }, 0);
      counts.concat([files.length - rated]).forEach(function (n) { tr.appendChild(el("td", "ladder-count", String(n))); });
      var notes = files.map(function (f) { return written(f, "expectation", item.id, "examples"); }).filter(Boolean);
      if (notes.length) {
        var list = cell.appendChild(el("ul", "ladder-comments"));
        notes.forEach(function (n) { list.appendChild(el("li", "", n)); });
      }
    });
    box.appendChild(el("div", "ladder-scroll")).appendChild(table);  // a phone scrolls the table, not the page
    [["keep", words.keepDoing], ["change", words.changeOne]].forEach(function (part) {
      var notes = files.map(function (f) { return written(f, "page", part[0], "value"); }).filter(Boolean);
      box.appendChild(el("h3", "", part[1]));
      var list = box.appendChild(el("ul", "ladder-comments"));
      notes.forEach(function (n) { list.appendChild(el("li", "", n)); });
    });
    box.appendChild(button(words.printCombined, function () {
      document.body.classList.add("ladder-printing-combined");
      window.print();
      document.body.classList.remove("ladder-printing-combined");
    }));
    box.scrollIntoView();
  }

  function readAll(page, files) {
    var list = Array.prototype.slice.call(files || []);
    Promise.all(list.map(function (file) { return file.text(); })).then(function (texts) { combine(page, texts); });
  }

  /* ---- Toolbar and wiring ---- */

  function renderToolbar(page) {
    var words = P.words(), root = page.root;
    page.status = el("p", "ladder-status");
    page.status.setAttribute("role", "status");
    root.appendChild(page.status);
    var bar = root.appendChild(el("div", "ladder-toolbar"));
    var label = el("label", "ladder-anonymous");
    page.anonymous = el("input");
    page.anonymous.type = "checkbox";
    page.anonymous.addEventListener("change", function () { setAnonymous(page, page.anonymous.checked); save(page); });
    label.append(page.anonymous, document.createTextNode(" " + words.anonymous));
    bar.appendChild(label);
    bar.appendChild(button(words.exportFile, function () {
      P.saveFile("upward-review-" + root.dataset.role + "-" + root.dataset.level + ".json", fileOf(page));
    }));
    bar.appendChild(button(words.print, function () { window.print(); }));
    bar.appendChild(button(words.startNew, function () {
      if (!window.confirm(words.confirmNewReview)) return;
      P.fillIn(page.form, {}, "self");
      setAnonymous(page, false);
      L.save(draftKey(root), null);
      page.status.textContent = "";
    }));
    var picker = el("input");
    picker.type = "file";
    picker.multiple = true;
    picker.accept = ".json,application/json";
    picker.hidden = true;
    picker.addEventListener("change", function () { readAll(page, picker.files); picker.value = ""; });
    bar.append(picker, button(words.openReviews, function () { picker.click(); }), el("span", "ladder-drop-hint", words.dropReviews));
    page.combined = el("section", "ladder-combined");
    page.combined.hidden = true;
    page.combined.setAttribute("aria-label", words.openReviews);
    page.article.appendChild(page.combined);
  }

  function init() {
    var root = document.querySelector(".ladder-assessment.ladder-upward");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    P.setWords(P.wordsOf(root));
    var article = root.closest(".md-content__inner") || root.closest(".md-content") || document.body;
    var page = { root: root, article: article, form: P.buildForm(article) };
    renderToolbar(page);
    var stored = L.read(draftKey(root));
    var draft = null;
    try { draft = stored.value ? JSON.parse(stored.value) : null; } catch (e) { draft = null; }
    if (!stored.ok) page.status.textContent = P.words().notSaved;
    P.fillIn(page.form, (draft && draft.answers) || {}, "self");
    setAnonymous(page, !!(draft && draft.anonymous));
    P.each(page.form, function (section, slot, name, field) { field.on(function () { save(page); }); });
    article.addEventListener("dragover", function (event) { event.preventDefault(); });
    article.addEventListener("drop", function (event) {
      event.preventDefault();
      readAll(page, event.dataTransfer && event.dataTransfer.files);
    });
  }

  L.onPage(init);
})();
