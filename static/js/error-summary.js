// The error summary at the top of a form page (templates/includes/error_summary.html),
// as GOV.UK Frontend's error summary behaves: focus moves to it when the page opens,
// so a screen reader reads the problems first and a keyboard user starts from them.
// A link in it moves focus to its field and scrolls the field's question (legend or
// label) into view too, not just the input, which would hide what it asks.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = input.id && document.querySelector("label[for='" + CSS.escape(input.id) + "']");
    // The legend of a group of radio buttons or checkboxes, unless the input is
    // a long way below it; otherwise the input's own label.
    var question = legend;
    if (!legend || input.getBoundingClientRect().top - legend.getBoundingClientRect().top >
        window.innerHeight / 2) {
      question = label || legend;
    }
    (question || input).scrollIntoView();
    input.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", link.getAttribute("href"));
  });
})();
