// The questionnaire draft editor. The page works without this script: every
// button is a form submission (move up, move down, add, remove). With it:
//
// - moving an entry up or down happens in the page, without a round trip, and
//   the keyboard focus stays on the button that moved it;
// - sections, questions and options can be dragged by their handles;
// - a question shows the options or the scale its type takes;
// - the page remembers which questions are unfolded, and says when there are
//   changes not saved yet.
//
// Order is carried by a hidden "order" field in each entry, renumbered after
// every move; the server sorts by it, so the fields' names never change here.

const form = document.querySelector("[data-draft-form]");
const announcer = document.querySelector("[data-announce]");
const unsaved = document.querySelector("[data-unsaved]");

function say(text) {
  if (!announcer) return;
  // Clearing first makes a screen reader announce the same words twice in a row.
  announcer.textContent = "";
  setTimeout(() => { announcer.textContent = text; }, 50);
}

function markUnsaved() {
  if (unsaved) unsaved.textContent = "Unsaved changes";
}

function itemsOf(list) {
  return [...list.children].filter((el) => el.matches("[data-item]"));
}

// renumber writes each entry's place into its order field and its number.
function renumber(list) {
  itemsOf(list).forEach((item, i) => {
    const order = item.querySelector(":scope > input[data-order]");
    if (order) order.value = String(i);
    const n = item.querySelector(":scope > .item-head .q-n");
    if (n) n.textContent = `${i + 1}.`;
  });
}

function nounOf(list) {
  return list.dataset.list || "entry";
}

function move(item, delta) {
  const list = item.parentElement;
  const items = itemsOf(list);
  const from = items.indexOf(item);
  const to = from + delta;
  if (to < 0 || to >= items.length) {
    say(`The ${nounOf(list)} is already ${delta < 0 ? "first" : "last"}.`);
    return false;
  }
  if (delta < 0) list.insertBefore(item, items[to]);
  else list.insertBefore(item, items[to].nextElementSibling);
  renumber(list);
  markUnsaved();
  say(`Moved the ${nounOf(list)} ${delta < 0 ? "up" : "down"}: now ${to + 1} of ${items.length}. Save the draft to keep it.`);
  return true;
}

function showTypeParts(select) {
  const item = select.closest("[data-item]");
  for (const part of item.querySelectorAll("[data-types]")) {
    part.hidden = !part.dataset.types.split(" ").includes(select.value);
  }
}

if (form) {
  form.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-move]");
    if (!button) return;
    e.preventDefault();
    const item = button.closest("[data-item]");
    move(item, button.dataset.move === "up" ? -1 : 1);
    button.focus();
  });

  form.addEventListener("input", markUnsaved);
  form.addEventListener("change", (e) => {
    markUnsaved();
    if (e.target.matches("select[data-type]")) showTypeParts(e.target);
  });

  // Which questions are unfolded survives a round trip (adding an option).
  form.addEventListener("toggle", (e) => {
    const details = e.target;
    if (!(details instanceof HTMLDetailsElement)) return;
    const open = details.closest("[data-item]")?.querySelector(":scope > input[data-open]");
    if (open) open.value = details.open ? "1" : "";
  }, true);

  // Dragging by the handle: the entry becomes draggable only while the
  // handle is held, so that text in its fields can still be selected.
  let dragged = null;
  for (const handle of form.querySelectorAll("[data-drag-handle]")) {
    handle.hidden = false;
    const item = handle.closest("[data-item]");
    handle.addEventListener("pointerdown", () => { item.draggable = true; });
    handle.addEventListener("pointerup", () => { item.draggable = false; });
  }
  form.addEventListener("dragstart", (e) => {
    const item = e.target.closest?.("[data-item]");
    if (!item || !item.draggable) return;
    dragged = item;
    item.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", "");
  });
  form.addEventListener("dragover", (e) => {
    if (!dragged) return;
    const list = dragged.parentElement;
    let over = e.target.closest?.("[data-item]");
    while (over && over.parentElement !== list) over = over.parentElement.closest("[data-item]");
    if (!over || over === dragged) {
      if (over === dragged) e.preventDefault();
      return;
    }
    e.preventDefault();
    const box = over.getBoundingClientRect();
    const after = e.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  form.addEventListener("drop", (e) => { if (dragged) e.preventDefault(); });
  form.addEventListener("dragend", () => {
    if (!dragged) return;
    const list = dragged.parentElement;
    dragged.classList.remove("dragging");
    dragged.draggable = false;
    renumber(list);
    markUnsaved();
    const items = itemsOf(list);
    say(`Moved the ${nounOf(list)} to place ${items.indexOf(dragged) + 1} of ${items.length}. Save the draft to keep it.`);
    dragged = null;
  });

  // Leaving by a button of the form is not leaving the changes behind.
  form.addEventListener("submit", () => { if (unsaved) unsaved.textContent = ""; });
}

// The YAML view: a problem's line link selects that line in the text.
const yaml = document.querySelector("textarea.yaml");
if (yaml) {
  for (const link of document.querySelectorAll("a[data-line]")) {
    link.addEventListener("click", (e) => {
      e.preventDefault();
      const line = Number(link.dataset.line);
      const lines = yaml.value.split("\n");
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      const end = start + (lines[line - 1] || "").length;
      yaml.focus();
      yaml.setSelectionRange(start, end);
      // Scroll the line into view: its share of the box's height.
      yaml.scrollTop = Math.max(0, (line - 3) * (yaml.scrollHeight / Math.max(lines.length, 1)));
    });
  }
}
