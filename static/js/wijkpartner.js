// Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) {
    summary.focus();
  }
});

// Ask before destructive actions: forms with data-confirm (the server acts only on POST).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
