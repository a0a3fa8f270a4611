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
