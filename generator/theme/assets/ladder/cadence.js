// The review rhythm on the self-assessment page (review.js keeps the records): the earlier self-assessments,
// dated and named by their occasion (a monthly check-in, a quarterly deep dive); what changed since the
// last one (ratings that moved, new evidence); and the gaps that keep coming back, rated below the middle
// of the scale in more than one of them, for the deep dive.
(function () {
  "use strict";

  var P = window.ladderAssessmentParts;
  if (!P) return;
  var el = P.el, say = P.say;

  function expectationsOf(answers) { return (answers && answers.expectation) || {}; }

  function nameIn(scale, id) {
    var found = scale.filter(function (r) { return r.id === id; })[0];
    return found ? found.name : id;
  }

  // The occasions a record can be for (handbook.yml's review_cadence), read from the page's own choice row.
  function occasions(form) {
    var row = form.content.querySelector('.ladder-item[data-kind="meta"] .ladder-rating');
    return row ? Array.prototype.map.call(row.querySelectorAll("[data-rating], input"), function (n) {
      return { id: n.value || n.dataset.rating, name: window.ladder.text(n.closest("label") || n) };
    }) : [];
  }

  function entryLine(form, entry) {
    var expectations = expectationsOf(entry.answers);
    var ids = Object.keys(expectations);
    var meta = entry.answers && entry.answers.meta && entry.answers.meta.occasion;
    var text = say("earlierEntry", {
      date: window.ladder.day(entry.date),
      rated: ids.filter(function (id) { return expectations[id].rating; }).length,
      evidence: ids.filter(function (id) { return expectations[id].evidence; }).length
    });
    return meta && meta.occasion ? nameIn(occasions(form), meta.occasion) + ", " + text : text;
  }

  // Ratings that moved and evidence that is new or rewritten, from `before` to `now`.
  function changes(form, before, now) {
    var was = expectationsOf(before), is = expectationsOf(now), found = [];
    form.items.forEach(function (item) {
      if (item.kind !== "expectation") return;
      var a = was[item.id] || {}, b = is[item.id] || {};
      if ((a.rating || "") !== (b.rating || "") && b.rating) {
        found.push(say("ratingMoved", { item: item.text, from: a.rating ? nameIn(form.scale, a.rating) : P.words().notRated, to: nameIn(form.scale, b.rating) }));
      }
      if (b.evidence && (a.evidence || "") !== b.evidence) found.push(say("newEvidence", { item: item.text }));
    });
    return found;
  }

  // Expectations rated below the middle of the scale in two records or more, with how many.
  function recurring(form, records) {
    var low = {};
    form.scale.slice(0, Math.floor(form.scale.length / 2)).forEach(function (r) { low[r.id] = true; });
    return form.items.filter(function (item) { return item.kind === "expectation"; }).map(function (item) {
      var count = records.filter(function (answers) { return low[(expectationsOf(answers)[item.id] || {}).rating]; }).length;
      return { item: item, count: count };
    }).filter(function (gap) { return gap.count > 1; });
  }

  function list(items) {
    var ul = el("ul");
    items.forEach(function (text) { ul.appendChild(el("li", "", text)); });
    return ul;
  }

  // Into `box` (a <details>): the earlier records, the changes since the last one, the recurring gaps.
  function render(box, form, history, current) {
    box.replaceChildren();
    box.hidden = !history.length;
    if (!history.length) return;
    var words = P.words();
    box.appendChild(el("summary", "", words.earlier));
    box.appendChild(list(history.map(function (entry) { return entryLine(form, entry); })));
    var since = changes(form, history[0].answers, current);
    box.appendChild(el("p", "ladder-cadence__title", say("sinceLast", { date: window.ladder.day(history[0].date) })));
    box.appendChild(since.length ? list(since) : el("p", "", words.nothingChanged));
    var gaps = recurring(form, [current].concat(history.map(function (entry) { return entry.answers; })));
    if (gaps.length) {
      box.appendChild(el("p", "ladder-cadence__title", words.recurringGaps));
      box.appendChild(list(gaps.map(function (gap) { return say("gapCount", { item: gap.item.text, count: gap.count }); })));
    }
  }

  window.ladderCadence = { render: render, changes: changes, recurring: recurring };
})();
