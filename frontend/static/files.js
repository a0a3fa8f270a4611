// Evidence files on a form of answers, with JavaScript: a chosen file goes to
// the API at once (PUT {base}{question}: the respondent's link, or the
// candidate's files for the team's answers page) and the field shows what is
// attached, without posting the form, so that the rest of the answers stays
// as it is on the page. Without this script the form's own buttons post the
// file together with the answers.

// The kinds' names, as the server writes them (questions.FileKind.Label).
const kinds = {
  "application/pdf": "PDF",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
  "text/csv": "CSV table",
};

// size writes a byte count as the server does (questions.FormatBytes).
function size(n) {
  const one = (v) => (v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));
  if (n < 1024) return n === 1 ? "1 byte" : `${n} bytes`;
  if (n < 1024 * 1024) return `${one(n / 1024)} KB`;
  return `${one(n / 1024 / 1024)} MB`;
}

// watchFiles wires every file field of the form to the files under base;
// progress(p) shows the response's progress after a change.
export function watchFiles(form, base, progress) {
  for (const field of form.querySelectorAll("[data-file-field]")) {
    const input = field.querySelector('input[type="file"]');
    const block = field.closest("[data-question]");
    if (!input || !block) continue;
    wire(form, field, input, block.dataset.question, base, progress);
  }
}

function wire(form, field, input, key, base, progress) {
  const url = base + encodeURIComponent(key);
  const current = field.querySelector("[data-file-current]");
  const label = field.querySelector("[data-file-label]");
  const upload = field.querySelector("[data-file-upload]");
  const remove = field.querySelector("[data-file-remove]");
  const status = field.querySelector("[data-file-status]");
  const error = form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
  const limit = Number(field.dataset.maxBytes);
  // A chosen file is sent at once: the button that posts the form is not needed.
  if (upload) upload.hidden = true;

  const say = (text) => { status.textContent = text; };
  const fail = (text) => {
    say("");
    if (error) { error.textContent = text; error.hidden = !text; }
  };

  function show(file) {
    current.replaceChildren();
    if (!file) {
      const none = document.createElement("span");
      none.className = "muted";
      none.textContent = "No file attached yet.";
      current.append(none);
    } else {
      const ref = document.createElement("span");
      ref.className = "file-ref";
      ref.dataset.fileRef = "";
      const link = document.createElement("a");
      link.href = url;
      link.download = "";
      link.dataset.fileLink = "";
      link.textContent = file.name;
      const facts = document.createElement("span");
      facts.className = "muted";
      facts.textContent = `(${kinds[file.type] || file.type}, ${size(file.size)})`;
      ref.append(link, " ", facts);
      current.append(ref);
    }
    if (label) label.textContent = file ? "Replace it with another file" : "Choose a file";
    if (remove) remove.hidden = !file;
  }

  async function problem(res) {
    const p = await res.json().catch(() => ({}));
    const f = (p.errors || [])[0];
    if (f && f.message) return `The file ${f.message.replace(/\.$/, "")}. Nothing was attached.`;
    if (res.status === 503) return "The service is receiving many files at once, so this one was not attached. Choose it again in a few seconds.";
    if (res.status === 409) return "These answers are submitted (or the evaluation is closed): the file can no longer change. Reload the page to see it.";
    if (res.status === 410 || res.status === 404) return p.detail || "This link no longer works; ask for a new one.";
    return p.detail || `The file could not be sent (status ${res.status}); try again.`;
  }

  async function send(file) {
    if (limit && file.size > limit) {
      fail(`The file is larger than ${field.dataset.sizeWords}, the most this question takes. Nothing was attached.`);
      input.value = "";
      return;
    }
    fail("");
    say(`Uploading ${file.name}…`);
    input.disabled = true;
    try {
      const res = await fetch(`${url}?name=${encodeURIComponent(file.name)}`, {
        method: "PUT",
        headers: { "Content-Type": file.type || "application/octet-stream", Accept: "application/json" },
        body: file,
        credentials: "same-origin",
      });
      if (!res.ok) { fail(await problem(res)); return; }
      const change = await res.json();
      show(change.file);
      progress(change.progress);
      say(`Attached ${change.file.name}.`);
    } catch {
      fail("The file could not be sent (no connection?). Choose it again to retry.");
    } finally {
      input.disabled = false;
      input.value = "";
    }
  }

  async function drop() {
    fail("");
    say("Removing the file…");
    try {
      const res = await fetch(url, { method: "DELETE", headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!res.ok && res.status !== 404) { fail(await problem(res)); return; }
      const change = await res.json().catch(() => ({}));
      show(null);
      progress(change.progress);
      say("The file is removed.");
      input.focus();
    } catch {
      fail("The file could not be removed (no connection?). Try again.");
    }
  }

  input.addEventListener("change", () => { if (input.files.length) send(input.files[0]); });
  if (remove) remove.addEventListener("click", (e) => { e.preventDefault(); drop(); });
}
