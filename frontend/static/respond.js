// Autosave for the respondent's form. Without this script the form still saves
// and submits by plain posts; with it, every change is saved as it is made:
// typed text goes to localStorage at once (so a closed tab or a lost network
// never loses it) and to the server shortly after, retried until it lands.

const form = document.querySelector("form[data-autosave]");
const token = form.dataset.autosave;
const endpoint = `/api/v1/respond/${encodeURIComponent(token)}/answers`;
const storageKey = `mspeval:draft:${token}`;
const state = document.querySelector("[data-save-state]");
const progress = document.querySelector("[data-progress]");
const progressText = document.querySelector("[data-progress-text]");

let pending = loadPending();   // question key -> answer not yet confirmed by the server
let timer = null;
let inFlight = false;
let retryDelay = 2000;

function loadPending() {
  try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch { return {}; }
}
function storePending() {
  try {
    if (Object.keys(pending).length) localStorage.setItem(storageKey, JSON.stringify(pending));
    else localStorage.removeItem(storageKey);
  } catch { /* private mode: the server copy still saves */ }
}

function say(text, kind) {
  state.textContent = text;
  state.className = `save-state small ${kind || ""}`;
}

// answerOf reads one question's fields into the API's answer shape; an empty
// answer is null, which clears it on the server.
function answerOf(block) {
  const key = block.dataset.question;
  const a = {};
  const choice = block.querySelector(`input[name="a.${key}.choice"]:checked`);
  if (choice) a.choice = choice.value;
  const choices = [...block.querySelectorAll(`input[name="a.${key}.choices"]:checked`)].map((i) => i.value);
  if (choices.length) a.choices = choices;
  const scale = block.querySelector(`input[name="a.${key}.scale"]:checked`);
  if (scale) a.scale = Number(scale.value);
  const text = block.querySelector(`textarea[name="a.${key}.text"]`);
  if (text && text.value.trim() !== "") a.text = text.value;
  return Object.keys(a).length ? a : null;
}

function apply(block, a) {
  const key = block.dataset.question;
  for (const input of block.querySelectorAll("input")) {
    if (input.name === `a.${key}.choice`) input.checked = a && a.choice === input.value;
    if (input.name === `a.${key}.choices`) input.checked = !!(a && a.choices && a.choices.includes(input.value));
    if (input.name === `a.${key}.scale`) input.checked = !!(a && a.scale === Number(input.value));
  }
  const text = block.querySelector(`textarea[name="a.${key}.text"]`);
  if (text) text.value = (a && a.text) || "";
}

function complete(block) {
  const a = answerOf(block);
  if (!a) return false;
  const type = block.dataset.type;
  if (type === "text") return !!a.text;
  if (type === "scale") return a.scale !== undefined;
  if (type === "multiple_choice" && !(a.choices && a.choices.length)) return false;
  if ((type === "single_choice" || type === "yes_no") && !a.choice) return false;
  return !("textRequired" in block.dataset) || !!a.text;
}

function updateProgress() {
  const required = [...form.querySelectorAll("[data-question][data-required]")];
  const done = required.filter(complete).length;
  progress.value = done;
  progressText.textContent = `${done} of ${required.length}`;
}

function showError(key, message) {
  const el = form.querySelector(`[data-error-for="${key}"]`);
  if (!el) return;
  el.hidden = !message;
  el.textContent = message || "";
}

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(flush, delay);
}

async function flush() {
  if (inFlight || !Object.keys(pending).length) return;
  inFlight = true;
  const sent = { ...pending };
  say("Saving…", "saving");
  try {
    const res = await fetch(endpoint, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ answers: sent }),
      credentials: "same-origin",
    });
    if (res.ok) {
      for (const [k, v] of Object.entries(sent)) {
        if (JSON.stringify(pending[k]) === JSON.stringify(v)) delete pending[k];
        showError(k, "");
      }
      storePending();
      retryDelay = 2000;
      say(`All answers saved at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`, "saved");
      if (Object.keys(pending).length) schedule(500); // typed while this save was on its way
    } else if (res.status === 422 || res.status === 400) {
      const problem = await res.json().catch(() => ({}));
      for (const f of problem.errors || []) {
        const key = (f.field || "").replace(/^answers\./, "").split(".")[0];
        showError(key, f.message);
        delete pending[key]; // not savable as it is: the text stays on screen and in this browser
      }
      storePending();
      say("Some answers were not saved: see the messages next to them.", "failed");
    } else if (res.status === 409) {
      say("These answers were already submitted and can no longer change. Reload the page to see them.", "failed");
      pending = {};
      storePending();
    } else if (res.status === 410 || res.status === 404) {
      say("This link no longer works. Your typed answers are kept in this browser; ask for a new link.", "failed");
    } else {
      throw new Error(`status ${res.status}`);
    }
  } catch {
    say(`Not saved yet (no connection?). Your answers are kept in this browser; trying again in ${Math.round(retryDelay / 1000)} s.`, "failed");
    schedule(retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  } finally {
    inFlight = false;
  }
}

function changed(event) {
  const block = event.target.closest("[data-question]");
  if (!block) return;
  pending[block.dataset.question] = answerOf(block);
  storePending();
  updateProgress();
  say("Unsaved changes…", "saving");
  schedule(800);
}

form.addEventListener("input", changed);
form.addEventListener("change", changed);
window.addEventListener("online", () => schedule(0));
window.addEventListener("beforeunload", (e) => {
  if (Object.keys(pending).length) { e.preventDefault(); e.returnValue = ""; }
});

// Restore what this browser typed but the server never confirmed.
const restored = Object.keys(pending);
for (const key of restored) {
  const block = form.querySelector(`[data-question="${CSS.escape(key)}"]`);
  if (block) apply(block, pending[key]); else delete pending[key];
}
updateProgress();
if (Object.keys(pending).length) {
  say("Restored answers typed earlier in this browser; saving them now…", "saving");
  schedule(0);
} else {
  say("Your answers are saved automatically as you type.", "saved");
}
