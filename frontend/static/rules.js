// The rules page tests an answer in place: the form is posted as it would be
// without JavaScript, and the result part of the page the server sends back
// replaces the one on screen. The result is rendered in one place only, the
// page's template; nothing here builds markup from strings. Typing tests the
// answer again after a short pause, and the status line says what changed.

const form = document.querySelector("form[data-rule-test]");
const status = form && form.querySelector("[data-rule-status]");
let timer = null;
let seq = 0;

// swap replaces the result and the field errors with the server's.
function swap(doc) {
  const fresh = doc.querySelector("[data-rule-result]");
  const result = document.querySelector("[data-rule-result]");
  if (fresh && result) result.replaceWith(fresh);
  for (const id of ["rt-question-error", "rt-text-error"]) {
    const el = document.getElementById(id);
    const next = doc.getElementById(id);
    if (!el || !next) continue;
    el.textContent = next.textContent;
    el.hidden = next.hidden;
    const field = document.querySelector(`[aria-describedby~="${id}"]`);
    if (field) {
      if (next.hidden) field.removeAttribute("aria-invalid");
      else field.setAttribute("aria-invalid", "true");
    }
  }
  // Read from the page: the fresh result has moved out of doc into it.
  const summary = document.querySelector("[data-rule-summary] strong");
  const problem = form.querySelector(".field-error:not([hidden])");
  status.textContent = summary ? summary.textContent : problem ? problem.textContent : "";
}

async function test() {
  const mine = ++seq;
  status.textContent = "Testing…";
  try {
    const res = await fetch(form.getAttribute("action").split("#")[0], {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    if (mine !== seq) return; // a newer test is on its way
    if (!res.ok && res.status !== 422) throw new Error(`status ${res.status}`);
    swap(new DOMParser().parseFromString(await res.text(), "text/html"));
  } catch {
    if (mine === seq) status.textContent = "The answer could not be tested; press “Test the answer” to try again.";
  }
}

if (form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    test();
  });
  const text = form.querySelector("textarea[name=text]");
  text.addEventListener("input", () => {
    clearTimeout(timer);
    if (text.value.trim() === "") return;
    timer = setTimeout(test, 700);
  });
  form.querySelector("select[name=question]").addEventListener("change", () => {
    if (text.value.trim() !== "") test();
  });
}
