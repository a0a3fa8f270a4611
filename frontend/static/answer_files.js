// The team's answers page, with JavaScript: a file chosen for a candidate is
// attached at once through the API, as on the respondent's form (files.js).
// The page shows no progress bar, so there is nothing else to update.
import { watchFiles } from "./files.js";

const form = document.querySelector("form[data-files]");
if (form) watchFiles(form, form.dataset.files, () => {});
