// Live weights on the comparison page: moving a slider asks the API for the
// ranking under those weights (nothing is saved) and redraws the table, the
// bars and the download links. "Save these weights" stores them.

const form = document.querySelector("form[data-weights]");
const evaluation = form.dataset.weights;
const sliders = [...form.querySelectorAll("[data-weight]")];
const state = form.querySelector("[data-weights-state]");
const whatIf = form.querySelector("[data-whatif]");
const tbody = document.querySelector("[data-ranking]");
const bars = document.querySelector("[data-bars]");
const leader = document.querySelector("[data-leader]");
let timer = null;
let seq = 0;

function query() {
  const q = new URLSearchParams();
  for (const s of sliders) q.set(s.dataset.weight, s.value);
  return q.toString();
}

const fmt = (v) => (v === null || v === undefined ? "–" : v.toFixed(1));
const pct = (v) => `${Math.round(100 * v)} %`;

function cell(text, cls) {
  const td = document.createElement("td");
  if (cls) td.className = cls;
  td.textContent = text;
  return td;
}

function badge(text, kind) {
  const span = document.createElement("span");
  span.className = `badge ${kind}`;
  span.textContent = text;
  return span;
}

// render rebuilds rows with textContent only: candidate names are data, never markup.
function render(data) {
  const rows = new Map([...tbody.querySelectorAll("tr")].map((tr) => [tr.dataset.candidate, tr]));
  tbody.replaceChildren();
  for (const c of data.candidates) {
    const tr = document.createElement("tr");
    tr.dataset.candidate = c.id;
    tr.append(cell(String(c.rank), "num"));
    const old = rows.get(c.id);
    tr.append(old ? old.children[1].cloneNode(true) : cell(c.name));
    const overall = cell("", "num");
    const strong = document.createElement("strong");
    strong.textContent = fmt(c.overall);
    overall.append(strong);
    tr.append(overall);
    for (const d of c.dimensions) tr.append(cell(fmt(d.score), "num"));
    const cov = cell(`${pct(c.coverage)} `, "num");
    const conf = document.createElement("span");
    conf.className = "small muted";
    conf.textContent = c.confidence;
    cov.append(conf);
    tr.append(cov);
    const flags = document.createElement("td");
    if (c.knockouts.length) flags.append(badge(`${c.knockouts.length} knockout`, "red"), " ");
    if (c.red_flags) flags.append(badge(`${c.red_flags} red flags`, "red"), " ");
    if (c.contradictions) flags.append(badge(`${c.contradictions} contradictions`, "warn"), " ");
    if (c.disagreements) flags.append(badge(`${c.disagreements} disagreements`, ""));
    tr.append(flags);
    tbody.append(tr);
  }
  for (const out of form.querySelectorAll("[data-share]")) out.textContent = `${Math.round(data.weights[out.dataset.share])} %`;
  data.dimensions.forEach((dim, i) => {
    const section = bars.children[i];
    const table = section.querySelector("table");
    table.replaceChildren();
    for (const c of data.candidates) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.className = "small";
      th.textContent = c.name;
      const td = document.createElement("td");
      const svgNS = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(svgNS, "svg");
      svg.setAttribute("viewBox", "0 0 100 10");
      svg.setAttribute("preserveAspectRatio", "none");
      svg.setAttribute("role", "img");
      const score = c.dimensions[i].score;
      svg.setAttribute("aria-label", `${fmt(score)} of 100`);
      const track = document.createElementNS(svgNS, "rect");
      track.setAttribute("class", "track");
      track.setAttribute("width", "100");
      track.setAttribute("height", "10");
      const bar = document.createElementNS(svgNS, "rect");
      bar.setAttribute("class", `dim${i % 5}`);
      bar.setAttribute("width", String(Math.max(0, Math.min(100, score || 0))));
      bar.setAttribute("height", "10");
      svg.append(track, bar);
      td.append(svg);
      tr.append(th, td, cell(fmt(score), "num small"));
      table.append(tr);
    }
  });
  if (data.candidates.length) {
    const top = data.candidates[0];
    const note = data.sensitivity.note;
    leader.textContent = `${top.name} ranks first under ${Math.round(100 * top.first_share)} % of weightings. ${note.charAt(0).toUpperCase()}${note.slice(1)}.`;
  }
  const q = query();
  for (const a of document.querySelectorAll("a[data-download]")) a.search = q;
  whatIf.hidden = !data.what_if;
  history.replaceState(null, "", `?${q}`);
}

async function recompute() {
  const mine = ++seq;
  state.textContent = "Recomputing…";
  try {
    const res = await fetch(`/api/v1/evaluations/${evaluation}/comparison?${query()}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const data = await res.json();
    if (mine !== seq) return; // a later move already asked
    if (!res.ok) { state.textContent = data.detail || "The weights cannot be used."; return; }
    render(data);
    state.textContent = "";
  } catch {
    state.textContent = "Could not recompute (no connection?).";
  }
}

for (const s of sliders) {
  s.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(recompute, 200); });
}

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
