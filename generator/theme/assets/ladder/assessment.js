// The self-assessment, filled in the browser. The page is written for paper (rating rows of boxes, ruled
// space to write in); this script turns each into a field, keeps what is written in this browser (the
// checklist's key scheme and guarded storage, from ladder.js), prefills it from the level page's ticks and
// notes, prints what was filled in, and exports it as one JSON file the manager opens in the same page.
// A manager who opens a report's file sees it read-only, adds their own rating and view, and gets the two
// side by side, with agreed actions, as a record both can keep. Nothing leaves the browser but the files
// the person saves.
//
// The file reads by concern: words, the file format, reading the page, fields, the form's state, files
// in and out, the manager's side by side, then the wiring.
(function () {
  "use strict";

  /* ---- Words ---- */

  // Every word this script shows, in English; a page in another language carries its own in data-words
  // (generator/words.py, form_words), read over these.
  var ENGLISH = {
    saved: "Saved in this browser at %(time)s",
    notSaved: "This browser is not keeping what you write here: export it before you leave the page.",
    prefilled: "Filled in from your ticks and notes on the level page and your self-assessments at the levels below: check each rating.",
    startNew: "Start a new one",
    confirmNew: "Start a new self-assessment? The one on this page is kept under Earlier ones, dated.",
    exportFile: "Export for my manager",
    print: "Print",
    openFile: "Open a report's file",
    dropHint: "or drop a self-assessment file here",
    notAFile: "This is not a self-assessment file of this handbook.",
    otherPage: "This file is for another level or role: %(title)s. Open it on that level's self-assessment page.",
    readingReport: "You are reviewing %(name)s's self-assessment (%(period)s). Your ratings and views are kept in this browser under their name and period.",
    closeReport: "Back to my own self-assessment",
    unnamed: "(no name)",
    newSince: "New since the file was written: %(items)s",
    changedSince: "Reworded since the file was written: %(items)s",
    goneSince: "No longer on this level: %(items)s",
    sideBySide: "Side by side",
    sideBySideIntro: "Disagreements first, then gaps against the level, then the rest.",
    expectation: "Expectation",
    theirRating: "Their rating",
    yourRating: "Your rating",
    notRated: "not rated",
    disagree: "Ratings differ",
    gap: "Gap",
    agreedActions: "Agreed actions",
    action: "Action",
    owner: "Owner",
    due: "By",
    addAction: "Add an action",
    removeAction: "Remove",
    exportRecord: "Export the record",
    earlier: "Earlier ones",
    earlierEntry: "%(date)s: %(rated)s rated, %(evidence)s with evidence",
    whereYouStand: "Where you stand",
    readyNew: "New expectations with a note of where you already do them: %(done)s of %(total)s",
    readyChanged: "Changed expectations with a note of where you already do them: %(done)s of %(total)s",
    carryTicks: "Ticked at your current level: %(count)s. Those not listed on this page carry over as they are.",
    toSelfAssessment: "Your notes on this page appear in your self-assessment, under Promotion.",
    tickedNow: "You ticked the one it replaces",
    alreadyLabel: "Where I already do this",
    anonymous: "Leave my name and the date out of the file",
    confirmNewReview: "Clear this upward review and start a new one? This cannot be undone.",
    openReviews: "Open your reports' reviews",
    dropReviews: "or drop their files here (several at once)",
    combinedTitle: "Reviews combined: %(count)s",
    combinedIntro: "How many gave each rating to each expectation, and what they wrote, without names.",
    skippedFiles: "Files left out, not upward reviews of this level: %(count)s",
    printCombined: "Print the combined view",
    keepDoing: "What should your manager keep doing?",
    changeOne: "What one thing should they change?",
    ratingMoved: "%(item)s: %(from)s → %(to)s",
    newEvidence: "New evidence: %(item)s",
    sinceLast: "Since the one of %(date)s:",
    nothingChanged: "No rating has moved and no evidence is new.",
    recurringGaps: "Gaps that keep coming back, rated below the middle of the scale more than once:",
    gapCount: "%(item)s (in %(count)s self-assessments)",
    choose: "Bring this question: ",
    field: "%(field)s: %(item)s"
  };
  var WORDS = ENGLISH;
  var FORMAT = "ladder-self-assessment";
  var RECORD = "ladder-review";
  var VERSION = 1;

  function wordsOf(root) {
    var given = null;
    try { given = root.dataset.words ? JSON.parse(root.dataset.words) : null; } catch (e) { given = null; }
    var words = Object.assign({}, ENGLISH);
    Object.keys(ENGLISH).forEach(function (name) {
      if (given && typeof given[name] === "string") words[name] = given[name];
    });
    return words;
  }

  function say(name, values) { return window.ladder.fill(WORDS[name], values || {}); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, onClick) {
    var b = el("button", "md-button ladder-button", label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  /* ---- Reading the page ---- */

  // A short digest of an expectation's words: a file says which version of each expectation it answered.
  function digest(value) {
    var h = 0x811c9dc5;
    for (var i = 0; i < value.length; i++) { h ^= value.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  // The rating scale, from the first rating row's boxes: id and name, lowest first.
  function scaleOf(content) {
    var row = content.querySelector('.ladder-item[data-kind="expectation"] .ladder-rating');
    return row ? Array.prototype.map.call(row.querySelectorAll("[data-rating]"), function (c) {
      return { id: c.dataset.rating, name: window.ladder.text(c).replace(/^\u2610\s*/, "") };
    }) : [];
  }

  // Every item of the form: expectations, alignment areas, next-level expectations, and loose writing space.
  function itemsOf(content) {
    var items = [];
    content.querySelectorAll(".ladder-item[data-kind]").forEach(function (node) {
      var textNode = node.querySelector(".ladder-item__text");
      var words = textNode ? window.ladder.text(textNode) : "";
      items.push({ node: node, kind: node.dataset.kind, id: node.dataset.id, target: node.dataset.target || "",
                   text: words, digest: digest(words) });
    });
    return items;
  }

  function slotOf(item) { return item.kind === "next" ? item.target + "/" + item.id : item.id; }

  /* ---- Fields: a rating row becomes radio buttons, writing space a text area that prints as written ---- */

  function ratingField(row, name, label) {
    row.setAttribute("role", "radiogroup");
    row.setAttribute("aria-label", label);
    var inputs = [];
    row.querySelectorAll("[data-rating]").forEach(function (choice) {
      var words = window.ladder.text(choice).replace(/^\u2610\s*/, "");
      var labelNode = el("label", "ladder-choice ladder-choice--live");
      var input = el("input");
      input.type = "radio";
      input.name = name;
      input.value = choice.dataset.rating;
      labelNode.appendChild(input);
      labelNode.appendChild(el("span", "", words));
      choice.replaceWith(labelNode);
      inputs.push(input);
    });
    return {
      get: function () { var on = inputs.filter(function (i) { return i.checked; })[0]; return on ? on.value : ""; },
      set: function (value) { inputs.forEach(function (i) { i.checked = i.value === value; }); },
      lock: function (locked) { inputs.forEach(function (i) { i.disabled = locked; }); },
      on: function (listener) { inputs.forEach(function (i) { i.addEventListener("change", listener); }); }
    };
  }

  function textField(space, label) {
    var area = el("textarea", "ladder-note ladder-answer");
    area.rows = space.classList.contains("ladder-write--short") ? 2 : 4;
    area.setAttribute("aria-label", label);
    var printed = el("div", "ladder-written");
    space.appendChild(area);
    space.appendChild(printed);
    space.classList.add("ladder-write--live");
    function show() {
      printed.textContent = area.value;
      space.classList.toggle("ladder-write--filled", area.value.trim() !== "");
    }
    area.addEventListener("input", show);
    return {
      get: function () { return area.value; },
      set: function (value) { area.value = value || ""; show(); },
      lock: function (locked) { area.readOnly = locked; },
      on: function (listener) { area.addEventListener("input", listener); }
    };
  }

  // A line to type on; a date's also shows, on paper, the day as the handbook's language writes it (a date
  // input prints in the browser's own format, which need not be the handbook's).
  function lineField(p, label, type) {
    var input = el("input", "ladder-line");
    input.type = type;
    input.setAttribute("aria-label", label);
    p.appendChild(input);
    p.classList.add("ladder-line--live");
    var printed = type === "date" ? p.appendChild(el("span", "ladder-line ladder-line__printed")) : null;
    function show() { if (printed) printed.textContent = window.ladder.day(input.value); }
    input.addEventListener("input", show);
    input.addEventListener("change", show);
    return {
      get: function () { return input.value; },
      set: function (value) { input.value = value || ""; show(); },
      lock: function (locked) { input.readOnly = locked; },
      on: function (listener) { input.addEventListener("input", listener); }
    };
  }

  function checkField(li, label) {
    var box = el("input");
    box.type = "checkbox";
    box.setAttribute("aria-label", WORDS.choose + label);
    var question = el("label", "ladder-choice--live ladder-question");  // the question's words tick it too
    while (li.firstChild) question.appendChild(li.firstChild);
    question.insertBefore(box, question.firstChild);
    li.appendChild(question);
    return {
      get: function () { return box.checked; },
      set: function (value) { box.checked = !!value; },
      lock: function (locked) { box.disabled = locked; },
      on: function (listener) { box.addEventListener("change", listener); }
    };
  }

  // The form's fields, by where their answers go: form.fields[section][slot][name].
  function buildForm(content) {
    var form = { content: content, scale: scaleOf(content), items: itemsOf(content), fields: {} };
    function put(section, slot, name, field) {
      form.fields[section] = form.fields[section] || {};
      form.fields[section][slot] = form.fields[section][slot] || {};
      form.fields[section][slot][name] = field;
    }
    content.querySelectorAll(".ladder-fields [data-field]").forEach(function (p) {
      var label = window.ladder.text(p);
      put("person", p.dataset.field, "value", lineField(p, label, p.dataset.field === "sent" ? "date" : "text"));
    });
    form.items.forEach(function (item) {
      item.node.querySelectorAll("[data-field]").forEach(function (node) {
        var label = say("field", { field: node.dataset.label || window.ladder.text(node.querySelector(".ladder-rating__label") || node), item: item.text });
        var field = node.classList.contains("ladder-rating")
          ? ratingField(node, "ladder-" + node.dataset.field + "-" + slotOf(item), label)
          : textField(node, label);
        put(item.kind, slotOf(item), node.dataset.field, field);
      });
    });
    content.querySelectorAll(".ladder-questions li[data-id]").forEach(function (li) {
      put("questions", li.dataset.id, "chosen", checkField(li, window.ladder.text(li)));
    });
    content.querySelectorAll(".ladder-write[data-field]").forEach(function (space) {
      if (space.closest(".ladder-item[data-kind]")) return;
      put("page", space.dataset.field, "value", textField(space, space.dataset.label));
    });
    return form;
  }

  function each(form, visit) {
    Object.keys(form.fields).forEach(function (section) {
      Object.keys(form.fields[section]).forEach(function (slot) {
        Object.keys(form.fields[section][slot]).forEach(function (name) {
          visit(section, slot, name, form.fields[section][slot][name]);
        });
      });
    });
  }

  var MANAGER_FIELDS = { "manager-rating": true, "manager-view": true };

  // Answers as plain data: { section: { slot: { name: value } } }, `whose` fields only (self or manager).
  function answersOf(form, whose) {
    var found = {};
    each(form, function (section, slot, name, field) {
      if ((whose === "manager") !== !!MANAGER_FIELDS[name]) return;
      var value = field.get();
      if (!value) return;
      found[section] = found[section] || {};
      found[section][slot] = found[section][slot] || {};
      found[section][slot][name] = value;
    });
    return found;
  }

  function fillIn(form, answers, whose) {
    each(form, function (section, slot, name, field) {
      if ((whose === "manager") !== !!MANAGER_FIELDS[name]) return;
      var value = answers && answers[section] && answers[section][slot] && answers[section][slot][name];
      field.set(value || "");
    });
  }

  function lockAll(form, whose, locked) {
    each(form, function (section, slot, name, field) {
      if ((whose === "manager") === !!MANAGER_FIELDS[name]) field.lock(locked);
    });
  }

  /* ---- Files: one versioned JSON document, readable by a person ---- */

  function ladderOf(root, form) {
    var title = document.querySelector(".md-content h1");
    var expectations = {};
    form.items.forEach(function (item) { if (item.kind === "expectation") expectations[item.id] = item.digest; });
    return { family: root.dataset.family, role: root.dataset.role, level: root.dataset.level,
             title: title ? window.ladder.text(title) : "", expectations: expectations };
  }

  // What the person wrote, with each expectation's words beside its answer so the file reads on its own.
  function fileOf(root, form, answers) {
    var texts = {};
    form.items.forEach(function (item) { texts[item.kind + ":" + slotOf(item)] = item.text; });
    var readable = [];
    Object.keys(answers.expectation || {}).forEach(function (id) {
      var a = answers.expectation[id];
      var rating = form.scale.filter(function (r) { return r.id === a.rating; })[0];
      readable.push({ id: id, expectation: texts["expectation:" + id] || "", rating: rating ? rating.name : "", evidence: a.evidence || "" });
    });
    return { format: FORMAT, version: VERSION, written: today(), ladder: ladderOf(root, form), answers: answers, readable: readable };
  }

  function parseFile(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.format !== FORMAT || typeof data.version !== "number" || data.version > VERSION) return null;
    if (!data.ladder || typeof data.answers !== "object" || data.answers === null) return null;
    return data;
  }

  function saveFile(name, data) {
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  // Which expectations are new, reworded or gone since the file was written.
  function versionNotes(form, file) {
    var then = (file.ladder && file.ladder.expectations) || {};
    var now = {};
    form.items.forEach(function (item) { if (item.kind === "expectation") now[item.id] = item; });
    var added = [], changed = [], gone = [];
    Object.keys(now).forEach(function (id) {
      if (!(id in then)) added.push(now[id].text);
      else if (then[id] !== now[id].digest) changed.push(now[id].text);
    });
    Object.keys(then).forEach(function (id) { if (!(id in now)) gone.push(id); });
    var notes = [];
    if (added.length) notes.push(say("newSince", { items: added.join("; ") }));
    if (changed.length) notes.push(say("changedSince", { items: changed.join("; ") }));
    if (gone.length) notes.push(say("goneSince", { items: gone.join(", ") }));
    return notes;
  }

  window.ladderAssessment = { parseFile: parseFile, digest: digest, FORMAT: FORMAT, RECORD: RECORD };
  window.ladderAssessmentParts = {
    el: el, say: say, today: today, button: button, answersOf: answersOf, fillIn: fillIn, lockAll: lockAll, fileOf: fileOf,
    saveFile: saveFile, versionNotes: versionNotes, buildForm: buildForm, each: each, wordsOf: wordsOf, slotOf: slotOf,
    setWords: function (words) { WORDS = words; }, words: function () { return WORDS; }
  };
})();
