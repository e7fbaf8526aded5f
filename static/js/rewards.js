// Rewards pages: show the threshold fields of an eligibility rule only for measured rules.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-rule-form]").forEach(function (form) {
    const kind = form.querySelector("select[name$='kind']");
    const fields = form.querySelector("[data-evidence-fields]");
    if (!kind || !fields) return;
    const sync = function () { fields.hidden = kind.value !== "evidence"; };
    kind.addEventListener("change", sync);
    sync();
  });
});
