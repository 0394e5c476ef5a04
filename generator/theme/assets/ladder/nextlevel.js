// The next-level page, for the person measuring themselves against it: where they stand (how many new and
// changed expectations already have their evidence, how many of their ticks carry over), and a place under
// each new or changed expectation to note where they already do it. Those notes are kept in this level's
// self-assessment record, so they appear in its Promotion section.
(function () {
  "use strict";

  var P = window.ladderAssessmentParts, L = window.ladder;
  if (!P || !L) return;
  var el = P.el, say = P.say;

  function recordKey(root) { return L.keyFor(root, "", "self-assessment"); }

  function readRecord(root) {
    var got = L.read(recordKey(root));
    try { return { ok: got.ok, value: (got.value && JSON.parse(got.value)) || { answers: {} } }; }
    catch (e) { return { ok: got.ok, value: { answers: {} } }; }
  }

  // One note, written into the self-assessment record of this level (answers.next[target/id].already).
  function keep(root, slot, text) {
    var record = readRecord(root).value;
    var next = (record.answers.next = record.answers.next || {});
    if (text) next[slot] = { already: text };
    else delete next[slot];
    record.saved = new Date().toISOString();
    return L.save(recordKey(root), JSON.stringify(record));
  }

  // How many expectations are ticked at this level: every key of this page's level with a tick.
  function ticksHere(root) {
    var prefix = L.keyFor(root, "", null);  // "...:<level>:", then the expectation's id
    return L.keysFrom(prefix).filter(function (key) {
      return key.slice(prefix.length).indexOf(":") < 0 && L.read(key).value === "1";
    }).length;
  }

  function render(root, items, status) {
    var words = P.words();
    var record = readRecord(root).value.answers.next || {};
    function noted(kind) {
      var of = items.filter(function (i) { return i.kind === kind; });
      return { done: of.filter(function (i) { return record[i.slot]; }).length, total: of.length };
    }
    var box = root.querySelector(".ladder-stand") || root.appendChild(el("div", "ladder-stand"));
    box.replaceChildren(el("p", "ladder-stand__title", words.whereYouStand));
    var list = box.appendChild(el("ul"));
    var added = noted("new"), changed = noted("changed");
    if (added.total) list.appendChild(el("li", "", say("readyNew", added)));
    if (changed.total) list.appendChild(el("li", "", say("readyChanged", changed)));
    list.appendChild(el("li", "", say("carryTicks", { count: ticksHere(root) })));
    box.appendChild(el("p", "ladder-stand__note", words.toSelfAssessment));
    box.appendChild(status);
  }

  function init() {
    var root = document.querySelector(".ladder-readiness");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    P.setWords(P.wordsOf(root));
    var words = P.words();
    var content = root.closest(".md-content") || document;
    var status = el("p", "ladder-status");
    status.setAttribute("role", "status");
    var record = readRecord(root);
    var items = [];
    content.querySelectorAll("[data-change][id]").forEach(function (node) {
      var slot = root.dataset.target + "/" + node.id;
      var item = { kind: node.dataset.change.replace("step-", ""), slot: slot };  // step-new, step-changed
      items.push(item);
      var current = node.dataset.replaces && L.read(L.keyFor(root, node.dataset.replaces)).value === "1";
      if (current) node.appendChild(el("span", "ladder-tag ladder-tag--carried-tick", words.tickedNow));
      var space = el("div", "ladder-write ladder-write--short ladder-write--live");
      space.dataset.label = words.alreadyLabel;
      var area = el("textarea", "ladder-note ladder-answer");
      area.rows = 2;
      area.setAttribute("aria-label", say("field", { field: words.alreadyLabel, item: L.text(node) }));
      area.value = ((record.value.answers.next || {})[slot] || {}).already || "";
      var printed = el("div", "ladder-written", area.value);
      space.classList.toggle("ladder-write--filled", area.value.trim() !== "");
      area.addEventListener("input", function () {
        printed.textContent = area.value;
        space.classList.toggle("ladder-write--filled", area.value.trim() !== "");
        var ok = keep(root, slot, area.value);
        status.textContent = ok ? say("saved", { time: new Date().toTimeString().slice(0, 5) }) : words.notSaved;
        render(root, items, status);
      });
      space.append(area, printed);
      node.parentNode.insertBefore(space, node.nextSibling);
    });
    if (!record.ok) status.textContent = words.notSaved;
    render(root, items, status);
  }

  L.onPage(init);
})();
