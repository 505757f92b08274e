/**
 * The dashboard's one script, a progressive enhancement: a Copy button beside a read-only field (a
 * payment link's URL) copies the field's value. Without the script (or the Clipboard API) the button
 * stays hidden and the field is selected by hand. Served as a file (`script-src 'self'`): nothing inline.
 */
export const SCRIPT = String.raw`"use strict";
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy || "");
  if (field === null || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(field.value).then(
      () => { button.textContent = button.dataset.copied || button.textContent; },
      () => { field.focus(); field.select(); }
    );
  });
}
`
