// Keyboard navigation on the review page: j / k move from answer to answer;
// inside an answer, 0-4 pick the rating (then Enter or the button saves).
const items = [...document.querySelectorAll("[data-review-item]")];
// Single-key shortcuts can be turned off (WCAG 2.1.4); the choice is remembered.
const toggle = document.querySelector("[data-shortcuts]");
try { toggle.checked = localStorage.getItem("mspeval:shortcuts") !== "off"; } catch { /* keep the default */ }
toggle.addEventListener("change", () => {
  try { localStorage.setItem("mspeval:shortcuts", toggle.checked ? "on" : "off"); } catch { /* not kept */ }
});
let current = Math.max(0, items.findIndex((el) => `#${el.id}` === location.hash));

function focusItem(i) {
  current = Math.max(0, Math.min(items.length - 1, i));
  items[current].focus();
  items[current].scrollIntoView({ block: "start" });
}

document.addEventListener("keydown", (e) => {
  if (!toggle.checked || e.ctrlKey || e.metaKey || e.altKey) return;
  const typing = e.target.matches("textarea, input[type=text], input[type=email], input[type=password], select");
  if (typing) return;
  if (e.key === "j") { e.preventDefault(); focusItem(current + 1); }
  else if (e.key === "k") { e.preventDefault(); focusItem(current - 1); }
  else if (/^[0-4]$/.test(e.key)) {
    const item = e.target.closest("[data-review-item]") || items[current];
    const radio = item && item.querySelector(`input[name=score][value="${e.key}"]`);
    if (radio) { radio.checked = true; radio.focus(); }
  }
});
for (const [i, el] of items.entries()) el.addEventListener("focusin", () => { current = i; });

// Rating in place: "Save rating" and "Withdraw" post the form in the
// background and update the count of answers rated, instead of reloading a
// long page. Without JavaScript the form posts and the page reloads. Under
// blind ratings, rating an answer reveals the others' ratings: those forms
// (data-reload) still reload the page to show them.
const progress = document.querySelector("[data-rating-progress]");
const status = document.querySelector("[data-rating-status]");

function showProgress() {
  if (!progress) return;
  const rated = document.querySelectorAll("form[data-rating-form][data-rated]").length;
  progress.dataset.rated = String(rated);
  progress.querySelector("[data-rated-text]").textContent = `${rated} of ${progress.dataset.ratable} answers rated by you`;
  const next = document.querySelector("form[data-rating-form]:not([data-rated])");
  const link = progress.querySelector("[data-next-unrated]");
  if (link && next) link.href = `#q-${next.dataset.question}`;
  if (link && !next) link.remove();
}

for (const form of document.querySelectorAll("form[data-rating-form]:not([data-reload])")) {
  form.addEventListener("submit", async (e) => {
    const action = e.submitter && e.submitter.value === "withdraw" ? "withdraw" : "rate";
    const body = new FormData(form);
    body.set("action", action);
    e.preventDefault();
    try {
      // getAttribute: form.action would be the button named "action".
      const res = await fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(body), headers: { "X-Rate-In-Place": "1" } });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const withdraw = form.querySelector("button[value=withdraw]");
      if (action === "withdraw") {
        delete form.dataset.rated;
        for (const r of form.querySelectorAll("input[name=score]")) r.checked = false;
        withdraw.hidden = true;
      } else {
        form.dataset.rated = "";
        withdraw.hidden = false;
      }
      showProgress();
      if (status) status.textContent = action === "withdraw" ? "Rating withdrawn." : "Rating saved.";
    } catch {
      // The ordinary post shows what went wrong (submit() sends no button).
      const hidden = Object.assign(document.createElement("input"), { type: "hidden", name: "action", value: action });
      form.append(hidden);
      form.submit();
    }
  });
}
