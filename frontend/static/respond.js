// Autosave for the respondent's form. Without this script the form still saves
// and submits by plain posts; with it, every change is saved as it is made:
// typed text goes to localStorage at once (so a closed tab or a lost network
// never loses it) and to the server shortly after, retried until it lands.

import { watchConditions } from "./conditions.js";
import { watchFiles } from "./files.js";

const form = document.querySelector("form[data-autosave]");
const token = form.dataset.autosave;
const serverRevision = Number(form.dataset.revision);
const endpoint = `/api/v1/respond/${encodeURIComponent(token)}/answers`;
// The draft is kept under a hash of the link's secret, never the secret
// itself: whatever can list this origin's storage (an extension, a shared
// computer's next user) must not learn a working link. Without Web Crypto (a
// page served over plain http) nothing is kept in the browser; the server
// copy still saves.
const legacyKey = `mspeval:draft:${token}`;
const storageKey = await draftKey(token);
const locked = form.hasAttribute("data-locked");

async function draftKey(secret) {
  try {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
    return "mspeval:draft:" + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  } catch { return null; }
}

// A draft kept under the secret by an older version of this script moves to
// the new key and the old key goes.
try {
  const old = localStorage.getItem(legacyKey);
  if (old !== null) {
    if (storageKey && localStorage.getItem(storageKey) === null) localStorage.setItem(storageKey, old);
    localStorage.removeItem(legacyKey);
  }
} catch { /* no storage: nothing was kept */ }
const state = document.querySelector("[data-save-state]");
const progress = document.querySelector("[data-progress]");
const progressText = document.querySelector("[data-progress-text]");

// pending: question key -> answer not yet confirmed by the server. invalid:
// keys the server refused as they stand; they stay pending (and stored, so
// the text is never lost) but are not sent again until the person edits them.
let baseRevision = serverRevision; // the server revision the pending answers build on
let pending = {};
const invalid = new Set();
let timer = null;
let inFlight = false;
let retryDelay = 2000;
let leaving = false;

function loadPending() {
  if (!storageKey) return { answers: {}, stale: false };
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey));
    if (!saved || typeof saved.answers !== "object") return { answers: {}, stale: false };
    // Answers typed against an older state of the response (it was saved or
    // changed since, elsewhere) must not overwrite the newer one.
    if (saved.revision !== serverRevision) return { answers: {}, stale: Object.keys(saved.answers).length > 0 };
    return { answers: saved.answers, stale: false };
  } catch { return { answers: {}, stale: false }; }
}
function storePending() {
  if (!storageKey) return;
  try {
    if (Object.keys(pending).length) localStorage.setItem(storageKey, JSON.stringify({ revision: baseRevision, answers: pending }));
    else localStorage.removeItem(storageKey);
  } catch { /* private mode: the server copy still saves */ }
}

function say(text, kind) {
  if (kind === "saving") { state.className = "save-state small saving"; return; } // no announcement while typing
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

// showProgress shows the server's count of completed required questions: the
// rule for a complete answer lives on the server only (questions.Question.Complete).
function showProgress(p) {
  if (!p || typeof p.done !== "number") return;
  progress.max = p.total;
  progress.value = p.done;
  progressText.textContent = `${p.done} of ${p.total}`;
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

function sendable() {
  return Object.fromEntries(Object.entries(pending).filter(([k]) => !invalid.has(k)));
}

async function flush() {
  const sent = sendable();
  if (inFlight || !Object.keys(sent).length) return;
  inFlight = true;
  say("Saving…", "saving");
  try {
    const res = await fetch(endpoint, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ answers: sent }),
      credentials: "same-origin",
    });
    if (res.ok) {
      const draft = await res.json().catch(() => ({}));
      if (typeof draft.revision === "number") baseRevision = draft.revision;
      showProgress(draft.progress);
      for (const [k, v] of Object.entries(sent)) {
        if (JSON.stringify(pending[k]) === JSON.stringify(v)) delete pending[k];
        showError(k, "");
      }
      storePending();
      retryDelay = 2000;
      say(`All answers saved at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`, "saved");
      if (Object.keys(pending).length) schedule(500); // typed while this save was on its way
    } else if (res.status === 422 || res.status === 400) {
      // The whole batch was refused. Mark the answers at fault (they stay on
      // screen and in this browser) and send the others again.
      const problem = await res.json().catch(() => ({}));
      let marked = 0;
      for (const f of problem.errors || []) {
        const key = (f.field || "").replace(/^answers\./, "").split(".")[0];
        if (key in pending) { invalid.add(key); marked++; }
        showError(key, f.message);
      }
      say("Some answers could not be saved as they are: see the messages next to them. Everything else is being saved.", "failed");
      if (marked) schedule(200);
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
  // A file question's file goes on its own (files.js), never in an answer.
  if (!block || block.dataset.type === "file") return;
  pending[block.dataset.question] = answerOf(block);
  invalid.delete(block.dataset.question);
  storePending();
  state.className = "save-state small saving"; // shown, not announced: typing is not news
  schedule(800);
}

// start wires the form up and restores what this browser kept.
function start() {
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", () => schedule(0));
  // The form's own buttons post every field: what is pending goes with them.
  form.addEventListener("submit", () => {
    leaving = true;
    pending = {};
    storePending();
  });
  window.addEventListener("beforeunload", (e) => {
    if (!leaving && Object.keys(pending).length) { e.preventDefault(); e.returnValue = ""; }
  });

  // Restore what this browser typed but the server never confirmed.
  const loaded = loadPending();
  pending = loaded.answers;
  for (const key of Object.keys(pending)) {
    const block = form.querySelector(`[data-question="${CSS.escape(key)}"]`);
    if (block) apply(block, pending[key]); else delete pending[key];
  }
  // Questions that depend on an earlier answer follow it, restored ones too.
  watchConditions(form);
  watchFiles(form, `/api/v1/respond/${encodeURIComponent(token)}/files/`, showProgress);
  if (Object.keys(pending).length) {
    say("Restored answers typed earlier in this browser that had not reached the server; saving them now.", "restored");
    schedule(0);
  } else if (loaded.stale) {
    try { localStorage.removeItem(storageKey); } catch { /* nothing to do */ }
    say("The saved answers below are newer than what this browser had kept, so they were left as they are.", "saved");
  } else {
    say("Your answers are saved automatically as you type.", "saved");
  }
}

if (!locked) {
  start();
  // Says the form now saves as it is typed in: what is typed before this
  // module ran (it waits for its imports) reaches the server only with the
  // next change or a plain submit.
  form.dataset.ready = "true";
} else if (document.querySelector("[data-submitted]")) {
  // Submitted: nothing kept here can be saved any more. (A closed evaluation
  // may be reopened, so its draft stays.)
  try { if (storageKey) localStorage.removeItem(storageKey); } catch { /* nothing to do */ }
}
