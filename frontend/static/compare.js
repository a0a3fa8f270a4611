// Live weights on the comparison page: moving a slider asks the server for this
// same page under those weights (nothing is saved) and swaps in the parts that
// change — the ranking, the bars, the shares, the leader sentence and the
// download links. The ranking is rendered in one place only: the page's
// template. "Save these weights" stores them through the API.
//
// The sliders move in shares that add up to 100: moving one moves the others
// in proportion, so each thumb sits where its label says.

const form = document.querySelector("form[data-weights]");
const evaluation = form.dataset.weights;
const sliders = [...form.querySelectorAll("[data-weight]")];
const state = form.querySelector("[data-weights-state]");
const whatIf = form.querySelector("[data-whatif]");
let timer = null;
let seq = 0;

// exact holds the shares with their fractions, so that moving one slider
// back and forth does not wear the others' proportions down by rounding.
let exact = sliders.map((s) => Number(s.value));

// rebalance sets slider i to v and shares what is left among the others in
// proportion to their shares (equally when they are all at 0).
function rebalance(i, v) {
  const rest = 100 - v;
  const others = exact.reduce((sum, e, k) => (k === i ? sum : sum + e), 0);
  const count = sliders.length - 1;
  exact = exact.map((e, k) => (k === i ? v : others > 0 ? (e * rest) / others : rest / count));
  // Whole numbers that still add up to 100: round down, then hand the points
  // missing to the largest remainders.
  const whole = exact.map((e, k) => (k === i ? v : Math.floor(e)));
  let left = 100 - whole.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, k) => k).filter((k) => k !== i)
    .sort((a, b) => (exact[b] - Math.floor(exact[b])) - (exact[a] - Math.floor(exact[a])));
  for (const k of byRemainder) { if (left <= 0) break; whole[k]++; left--; }
  sliders.forEach((s, k) => { s.value = String(whole[k]); });
  showShares();
}

// showShares writes each slider's share beside it and for screen readers.
function showShares() {
  for (const s of sliders) {
    const text = `${s.value} %`;
    s.setAttribute("aria-valuetext", text);
    const out = form.querySelector(`[data-share="${s.dataset.weight}"]`);
    if (out) out.textContent = text;
  }
}

function query() {
  const q = new URLSearchParams();
  for (const s of sliders) q.set(s.dataset.weight, s.value);
  return q.toString();
}

// swap replaces what the server rendered for these weights; the nodes come
// from the server's own escaped template, never from strings built here.
function swap(doc) {
  for (const sel of ["[data-ranking]", "[data-bars]", "[data-leader]"]) {
    const fresh = doc.querySelector(sel);
    const old = document.querySelector(sel);
    if (fresh && old) old.replaceWith(document.importNode(fresh, true));
  }
  const freshWhatIf = doc.querySelector("[data-whatif]");
  whatIf.hidden = !freshWhatIf || freshWhatIf.hidden;
  const q = query();
  for (const a of document.querySelectorAll("a[data-download]")) a.search = q;
  history.replaceState(null, "", `?${q}`);
}

async function recompute() {
  const mine = ++seq;
  state.textContent = "Recomputing…";
  try {
    const res = await fetch(`/evaluations/${evaluation}/compare?${query()}`, { credentials: "same-origin", headers: { Accept: "text/html" } });
    const html = await res.text();
    if (mine !== seq) return; // a later move already asked
    if (!res.ok) { state.textContent = "The weights cannot be used."; return; }
    swap(new DOMParser().parseFromString(html, "text/html"));
    state.textContent = "";
  } catch {
    state.textContent = "Could not recompute (no connection?).";
  }
}

sliders.forEach((s, i) => {
  s.addEventListener("input", () => {
    rebalance(i, Number(s.value));
    clearTimeout(timer);
    timer = setTimeout(recompute, 200);
  });
});

const save = form.querySelector("[data-save-weights]");
if (save) {
  save.addEventListener("click", async (e) => {
    e.preventDefault();
    const weights = {};
    for (const s of sliders) weights[s.dataset.weight] = Number(s.value);
    state.textContent = "Saving…";
    const res = await fetch(`/api/v1/evaluations/${evaluation}`, {
      method: "PATCH", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ weights }),
    }).catch(() => null);
    if (res && res.ok) { state.textContent = "Weights saved."; whatIf.hidden = true; }
    else {
      const p = res ? await res.json().catch(() => ({})) : {};
      state.textContent = p.detail || "Not saved (no connection?).";
    }
  });
}
