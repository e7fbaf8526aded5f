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

// Council setup: choosing an account fills in the member's name and position, unless the officer
// typed something else there (the server takes the account's name for an empty box too).
document.addEventListener("DOMContentLoaded", function () {
  const data = document.getElementById("member-accounts");
  const form = document.querySelector("[data-member-form]");
  if (!data || !form) return;
  const accounts = JSON.parse(data.textContent);
  const user = form.querySelector("select[name='user']");
  const boxes = { name: form.querySelector("input[name='full_name']"), position: form.querySelector("input[name='position']") };
  if (!user) return;
  const filled = { name: "", position: "" };
  user.addEventListener("change", function () {
    const account = accounts[user.value] || { name: "", position: "" };
    Object.keys(boxes).forEach(function (key) {
      const box = boxes[key];
      if (!box) return;
      if (box.value === "" || box.value === filled[key]) {
        box.value = account[key] || "";
        filled[key] = box.value;
      }
    });
  });
});
