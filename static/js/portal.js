// Behaviour attached by data attributes (no inline scripts: the CSP forbids them).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Harmless double submissions: disable the buttons once the form is on its way.
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
  }, 0);
});
document.addEventListener("click", function (event) {
  const toggle = event.target.closest("[data-check-all]");
  if (!toggle) return;
  const box = document.querySelector(toggle.getAttribute("data-check-all"));
  if (!box) return;
  const checks = box.querySelectorAll("input[type=checkbox]");
  const target = Array.from(checks).some(function (c) { return !c.checked; });
  checks.forEach(function (c) { c.checked = target; });
});
// After a form error, move the focus to the first invalid field (or the error summary), so a
// keyboard or screen-reader user lands on what needs fixing instead of the top of the page.
document.addEventListener("DOMContentLoaded", function () {
  const field = document.querySelector("main .is-invalid");
  const summary = document.querySelector("main [data-error-summary]");
  const target = summary || field;
  if (!target) return;
  target.focus({ preventScroll: false });
});
