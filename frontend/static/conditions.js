// Conditional questions on a form: a question or section with data-show-if
// (the key of an earlier question) and data-show-equals (the answers that
// show it, space-separated) is shown only while that question's chosen option
// or scale value is one of them; the same rule as questions.Condition.Holds
// on the server, which renders the form as the saved answers leave it.
//
// Hiding uses the hidden attribute, which takes the block out of the page and
// out of what assistive technology reads; each change is announced in a
// polite live region. A hidden question keeps what was typed in it: its
// answer stays in the draft and counts nowhere while it is hidden.

// watchConditions shows and hides the dependent blocks of form as the answers
// they depend on change. It returns a function that applies the rule again
// (after answers were set without input events), quietly.
export function watchConditions(form) {
  const dependents = [...form.querySelectorAll("[data-show-if]")];
  if (!dependents.length) return () => {};
  const controls = new Set(dependents.map((el) => el.dataset.showIf));
  const status = document.createElement("p");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.dataset.conditionsStatus = "";
  form.prepend(status);

  // valueOf is the chosen option or scale value of a question, or null.
  function valueOf(key) {
    for (const part of ["choice", "scale"]) {
      const checked = form.querySelector(`input[name="a.${CSS.escape(key)}.${part}"]:checked`);
      if (checked) return checked.value;
    }
    return null;
  }

  // prompts names the questions a block holds, for the announcement.
  function prompts(el) {
    const blocks = el.matches("[data-question]") ? [el] : [...el.querySelectorAll("[data-question]:not([hidden])")];
    return blocks.map((b) => (b.querySelector(".prompt")?.textContent || "").replace(/\s*\*\s*$/, "").trim());
  }

  function apply(announce) {
    const shown = [];
    const hidden = [];
    for (const el of dependents) {
      const value = valueOf(el.dataset.showIf);
      const show = value !== null && (el.dataset.showEquals || "").split(" ").includes(value);
      if (show === !el.hidden) continue;
      el.hidden = !show;
      (show ? shown : hidden).push(el);
    }
    if (!announce || (!shown.length && !hidden.length)) return;
    const added = shown.flatMap(prompts);
    const gone = hidden.flatMap((el) => (el.matches("[data-question]") ? [el] : [...el.querySelectorAll("[data-question]")])).length;
    const parts = [];
    if (added.length === 1) parts.push(`One more question below: “${added[0]}”.`);
    else if (added.length > 1) parts.push(`${added.length} more questions below, starting with “${added[0]}”.`);
    if (gone === 1) parts.push("One question no longer applies and is hidden; an answer given to it is kept but does not count.");
    else if (gone > 1) parts.push(`${gone} questions no longer apply and are hidden; answers given to them are kept but do not count.`);
    status.textContent = parts.join(" ");
  }

  form.addEventListener("change", (event) => {
    const m = /^a\.(.+)\.(choice|scale)$/.exec(event.target.name || "");
    if (m && controls.has(m[1])) apply(true);
  });
  apply(false);
  return () => apply(false);
}

// A form marked data-conditions="auto" is watched as soon as this loads; the
// respondent's form is watched by respond.js once it has restored a draft.
for (const form of document.querySelectorAll('form[data-conditions="auto"]')) watchConditions(form);
