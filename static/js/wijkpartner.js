// Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) {
    summary.focus();
  }
});
