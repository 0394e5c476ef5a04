// The self-assessment page at work (assessment.js makes its fields): the person's own assessment, saved in
// this browser and prefilled from the level page; earlier ones kept, dated; a report's file opened by their
// manager, whose ratings and views are kept under that report's name and period, never mixed with their
// own; and the two side by side, with agreed actions, exported as one record.
(function () {
  "use strict";

  var A = window.ladderAssessment, P = window.ladderAssessmentParts, L = window.ladder;
  if (!A || !P || !L) return;
  var el = P.el, say = P.say, button = P.button;

  /* ---- Storage keys: the checklist's scheme (ladder.js keyFor), one name per kind of record ---- */

  function selfKey(root) { return L.keyFor(root, "", "self-assessment"); }
  function historyKey(root) { return L.keyFor(root, "", "self-assessment-history"); }
  function reviewKey(root, name, period) { return L.keyFor(root, "", "review:" + encodeURIComponent(name + "|" + period)); }

  function readJSON(key) {
    var got = L.read(key);
    if (!got.value) return { ok: got.ok, value: null };
    try { return { ok: got.ok, value: JSON.parse(got.value) }; } catch (e) { return { ok: got.ok, value: null }; }
  }

  function personOf(answers) {
    var person = (answers && answers.person) || {};
    function value(name) { return (person[name] && person[name].value) || ""; }
    return { name: value("name"), period: value("period") };
  }

  /* ---- The page's state ---- */

  function status(page, message) { page.status.textContent = message; }

  function saved(page, ok) {
    var time = new Date().toTimeString().slice(0, 5);
    status(page, ok ? say("saved", { time: time }) : P.words().notSaved);
    page.root.classList.toggle("ladder-assessment--unsaved", !ok);
  }

  function saveSelf(page) {
    var answers = P.answersOf(page.form, "self");
    saved(page, L.save(selfKey(page.root), JSON.stringify({ saved: new Date().toISOString(), answers: answers })));
    renderHistory(page);
  }

  // Kept under the report's name and period; the side by side is drawn again unless only an action's words changed.
  function saveReview(page, quietly) {
    var review = page.review;
    review.manager = P.answersOf(page.form, "manager");
    review.saved = new Date().toISOString();
    saved(page, L.save(review.key, JSON.stringify({ file: review.file, manager: review.manager, actions: review.actions, saved: review.saved })));
    if (!quietly) renderSideBySide(page);
    if (!quietly && page.history) renderEarlierReviews(page);
  }

  // The level page's ticks and notes, for a first self-assessment: a tick reads as the middle of the scale
  // ("meeting" on the default three), its note as evidence.
  // The expectations answered in self-assessments at the levels below (data-below, nearest first), in this
  // role or, past a change of track, any role of the family: expectation id -> its rating and evidence there.
  function answeredBelow(root) {
    var prefix = L.familyPrefix(root);
    var records = [];
    L.keysFrom(prefix).forEach(function (key) {
      var parts = key.slice(prefix.length).split(":");  // role, level, "", "self-assessment"
      var rank = parts.length === 4 && parts[3] === "self-assessment" ? L.belowRank(root, parts[0], parts[1]) : -1;
      if (rank >= 0) records.push({ rank: rank, key: key });
    });
    var found = {};
    records.sort(function (a, b) { return b.rank - a.rank; }).forEach(function (record) {  // nearest written last
      var answers = (readJSON(record.key).value || {}).answers || {};
      Object.assign(found, answers.expectation || {});
    });
    return found;
  }

  // An expectation not yet answered here starts from the level page (a tick reads as the middle of the scale,
  // "meeting" on the default three, its note as evidence), then from what was answered at the levels below:
  // each time the page opens, so a tick made on the level page later still reaches it; `answered` is kept.
  function prefill(page, answered) {
    var meets = page.form.scale[Math.floor(page.form.scale.length / 2)];
    var below = answeredBelow(page.root);
    var answers = { expectation: {} };
    var any = false;
    page.form.items.forEach(function (item) {
      if (item.kind !== "expectation") return;
      var mine = answered[item.id];
      if (mine && (mine.rating || mine.evidence)) return;
      var tick = L.read(L.keyFor(page.root, item.id)).value === "1";
      var note = L.read(L.keyFor(page.root, item.id, "note")).value || "";
      var earlier = below[item.id] || {};
      var rating = tick && meets ? meets.id : earlier.rating, evidence = note || earlier.evidence;
      if (!rating && !evidence) return;
      any = true;
      answers.expectation[item.id] = {};
      if (rating) answers.expectation[item.id].rating = rating;
      if (evidence) answers.expectation[item.id].evidence = evidence;
    });
    return any ? answers : null;
  }

  function showSelf(page) {
    page.review = null;
    page.article.dataset.ladderMode = "self";
    P.lockAll(page.form, "self", false);
    P.lockAll(page.form, "manager", true);
    P.fillIn(page.form, {}, "manager");
    var stored = readJSON(selfKey(page.root));
    var answers = stored.value && stored.value.answers;
    if (stored.value && stored.value.saved) {
      status(page, say("saved", { time: new Date(stored.value.saved).toTimeString().slice(0, 5) }));
    }
    answers = withTicks(page, answers || {});
    if (!stored.ok) saved(page, false);
    P.fillIn(page.form, answers, "self");
    page.reviewNote.hidden = true;
    page.sideBySide.hidden = true;
    renderHistory(page);
  }

  // `answers` with what the level page says of the expectations they leave unanswered (the next-level page
  // may have written notes alone), saying so when it adds anything.
  function withTicks(page, answers) {
    var ticks = prefill(page, answers.expectation || {});
    if (!ticks) return answers;
    status(page, P.words().prefilled);
    return Object.assign({}, answers, { expectation: Object.assign({}, answers.expectation || {}, ticks.expectation) });
  }

  function startNew(page) {
    if (!window.confirm(P.words().confirmNew)) return;
    var answers = P.answersOf(page.form, "self");
    var history = readJSON(historyKey(page.root)).value || [];
    if (Object.keys(answers).length) history.unshift({ date: P.today(), answers: answers });
    var ok = L.save(historyKey(page.root), JSON.stringify(history.slice(0, 24)));
    ok = L.save(selfKey(page.root), null) && ok;
    saved(page, ok);
    P.fillIn(page.form, withTicks(page, {}), "self");  // a new one starts, as a first one does, from the level page
    renderHistory(page);
  }

  function renderHistory(page) {
    var history = readJSON(historyKey(page.root)).value || [];
    if (window.ladderCadence) window.ladderCadence.render(page.history, page.form, history, P.answersOf(page.form, "self"));
  }

  /* ---- A report's file, opened by their manager ---- */

  function open(page, text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    var record = data && data.format === A.RECORD && data.self ? data : null;
    var file = A.parseFile(JSON.stringify(record ? record.self : data));
    if (!file) { status(page, P.words().notAFile); return; }
    var d = page.root.dataset, l = file.ladder;
    if (l.family !== d.family || l.role !== d.role || l.level !== d.level) {
      status(page, say("otherPage", { title: String(l.title || [l.family, l.role, l.level].join(" ")) }));
      return;
    }
    var who = personOf(file.answers);
    var key = reviewKey(page.root, who.name, who.period);
    var stored = readJSON(key).value;
    page.review = { key: key, file: file, who: who, manager: (record && record.manager) || (stored && stored.manager) || {},
                    actions: (record && record.actions) || (stored && stored.actions) || [] };
    page.article.dataset.ladderMode = "manager";
    P.fillIn(page.form, file.answers, "self");
    P.lockAll(page.form, "self", true);
    P.fillIn(page.form, page.review.manager, "manager");
    P.lockAll(page.form, "manager", false);
    page.reviewText.textContent = say("readingReport", { name: who.name || P.words().unnamed, period: who.period || "-" });
    page.versionNotes.replaceChildren.apply(page.versionNotes, P.versionNotes(page.form, file).map(function (n) { return el("li", "", n); }));
    page.reviewNote.hidden = false;
    saveReview(page);
    renderEarlierReviews(page);
  }

  // The manager's view as the cadence reads a self-assessment: their rating and view per expectation.
  function asAnswers(manager) {
    var found = { expectation: {} }, given = (manager && manager.expectation) || {};
    Object.keys(given).forEach(function (id) {
      found.expectation[id] = { rating: given[id]["manager-rating"], evidence: given[id]["manager-view"] };
    });
    return found;
  }

  // The manager's earlier reviews of the same report (other periods), dated, with what moved since the last.
  function renderEarlierReviews(page) {
    var prefix = reviewKey(page.root, page.review.who.name, "");
    var earlier = [];
    L.keysFrom(prefix).forEach(function (key) {
      var stored = key === page.review.key ? null : readJSON(key).value;
      if (stored && stored.manager) earlier.push({ date: String(stored.saved || "").slice(0, 10), answers: asAnswers(stored.manager) });
    });
    earlier.sort(function (a, b) { return a.date < b.date ? 1 : -1; });
    if (window.ladderCadence) window.ladderCadence.render(page.history, page.form, earlier, asAnswers(page.review.manager));
  }

  function readChosen(page, files) {
    if (!files || !files.length) return;
    var reader = new FileReader();
    reader.onload = function () { open(page, String(reader.result)); };
    reader.readAsText(files[0]);
  }

  /* ---- Side by side ---- */

  function ratingName(page, id) {
    var rating = page.form.scale.filter(function (r) { return r.id === id; })[0];
    return rating ? rating.name : P.words().notRated;
  }

  // Disagreements first (both rated, differently), then gaps (either below the middle of the scale), then the rest.
  function ordered(page) {
    var index = {};
    page.form.scale.forEach(function (r, i) { index[r.id] = i; });
    var meets = Math.floor(page.form.scale.length / 2);
    var self = page.review.file.answers.expectation || {}, manager = page.review.manager.expectation || {};
    var rows = page.form.items.filter(function (item) { return item.kind === "expectation"; }).map(function (item) {
      var theirs = (self[item.id] || {}).rating || "", yours = (manager[item.id] || {})["manager-rating"] || "";
      var differs = theirs && yours && theirs !== yours;
      var gap = [theirs, yours].some(function (r) { return r && index[r] < meets; });
      return { item: item, theirs: theirs, yours: yours, rank: differs ? 0 : gap ? 1 : 2, differs: differs, gap: gap };
    });
    return rows.sort(function (a, b) { return a.rank - b.rank; });
  }

  function renderSideBySide(page) {
    var box = page.sideBySide;
    box.hidden = false;
    box.replaceChildren(el("h2", "", P.words().sideBySide), el("p", "", P.words().sideBySideIntro));
    var table = el("table", "ladder-side-by-side");
    var head = el("tr");
    [P.words().expectation, P.words().theirRating, P.words().yourRating, ""].forEach(function (h) { head.appendChild(el("th", "", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    ordered(page).forEach(function (row) {
      var tr = el("tr", row.differs ? "ladder-differs" : row.gap ? "ladder-gap" : "");
      tr.appendChild(el("td", "", row.item.text));
      tr.appendChild(el("td", "", ratingName(page, row.theirs)));
      tr.appendChild(el("td", "", ratingName(page, row.yours)));
      tr.appendChild(el("td", "", row.differs ? P.words().disagree : row.gap ? P.words().gap : ""));
      body.appendChild(tr);
    });
    box.appendChild(el("div", "ladder-scroll")).appendChild(table);  // a phone scrolls the table, not the page
    renderActions(page, box);
  }

  function renderActions(page, box) {
    box.appendChild(el("h3", "", P.words().agreedActions));
    var list = el("ol", "ladder-actions-list");
    page.review.actions.forEach(function (action, i) {
      var li = el("li", "ladder-action");
      [["what", P.words().action, "text"], ["owner", P.words().owner, "text"], ["due", P.words().due, "date"]].forEach(function (f) {
        var label = el("label", "", f[1] + " ");
        var input = el("input", "ladder-line");
        input.type = f[2];
        input.value = action[f[0]] || "";
        input.addEventListener("input", function () { action[f[0]] = input.value; saveReview(page, true); });
        label.appendChild(input);
        li.appendChild(label);
      });
      li.appendChild(button(P.words().removeAction, function () { page.review.actions.splice(i, 1); saveReview(page); }));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(button(P.words().addAction, function () {
      page.review.actions.push({ what: "", owner: "", due: "" });
      saveReview(page);
      var inputs = box.querySelectorAll(".ladder-action:last-child input");
      if (inputs.length) inputs[0].focus();
    }));
    box.appendChild(button(P.words().exportRecord, function () { exportRecord(page); }));
  }

  function exportRecord(page) {
    var r = page.review;
    var data = { format: A.RECORD, version: 1, written: P.today(), ladder: r.file.ladder, self: r.file, manager: r.manager, actions: r.actions };
    P.saveFile("review-" + page.root.dataset.role + "-" + page.root.dataset.level + "-" + P.today() + ".json", data);
  }

  /* ---- Toolbar and wiring ---- */


  function renderToolbar(page) {
    var root = page.root, words = P.words();
    page.status = el("p", "ladder-status");
    page.status.setAttribute("role", "status");
    root.appendChild(page.status);
    var bar = el("div", "ladder-toolbar");
    bar.appendChild(button(words.exportFile, function () {
      var answers = P.answersOf(page.form, "self");
      P.saveFile("self-assessment-" + root.dataset.role + "-" + root.dataset.level + "-" + P.today() + ".json", P.fileOf(root, page.form, answers));
    }));
    bar.appendChild(button(words.print, function () { window.print(); }));
    bar.appendChild(button(words.startNew, function () { startNew(page); }));
    var picker = el("input");
    picker.type = "file";
    picker.accept = ".json,application/json";
    picker.hidden = true;
    picker.addEventListener("change", function () { readChosen(page, picker.files); picker.value = ""; });
    bar.appendChild(picker);
    bar.appendChild(button(words.openFile, function () { picker.click(); }));
    bar.appendChild(el("span", "ladder-drop-hint", words.dropHint));
    root.appendChild(bar);
    page.history = el("details", "ladder-history");
    root.appendChild(page.history);
    page.reviewNote = el("div", "ladder-review-note");
    page.reviewNote.setAttribute("role", "region");
    page.reviewNote.setAttribute("aria-label", words.openFile);
    page.reviewText = el("p");
    page.versionNotes = el("ul");
    page.reviewNote.append(page.reviewText, page.versionNotes, button(words.closeReport, function () { showSelf(page); }));
    root.appendChild(page.reviewNote);
    page.sideBySide = el("section", "ladder-side-by-side-view");
    page.sideBySide.setAttribute("aria-label", words.sideBySide);
    page.article.appendChild(page.sideBySide);
  }

  function dropTarget(page) {
    var zone = page.article;
    zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("ladder-dropping"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("ladder-dropping"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("ladder-dropping");
      readChosen(page, event.dataTransfer && event.dataTransfer.files);
    });
  }

  function init() {
    var root = document.querySelector(".ladder-assessment:not(.ladder-upward)");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    P.setWords(P.wordsOf(root));
    var article = root.closest(".md-content__inner") || root.closest(".md-content") || document.body;
    var page = { root: root, article: article, form: P.buildForm(article), review: null };
    renderToolbar(page);
    dropTarget(page);
    P.each(page.form, function (section, slot, name, field) {
      field.on(function () { if (page.review) saveReview(page); else saveSelf(page); });
    });
    showSelf(page);
  }

  L.onPage(init);
})();
