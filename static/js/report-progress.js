// The report's progress page checks again every few seconds while the report is
// being produced, without reloading the page: the status is announced by its
// live region and focus stays where it is. Without JavaScript, "Check again"
// is a link.
(function () {
  "use strict";
  var progress = document.querySelector("[data-poll-seconds]");
  if (!progress || !window.fetch || !window.DOMParser) return;
  var delay = Number(progress.getAttribute("data-poll-seconds")) * 1000;

  function check() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (answer) {
        return answer.ok ? answer.text() : null;
      })
      .then(function (html) {
        if (html === null) return setTimeout(check, delay);
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["report-status", "report-details"].forEach(function (id) {
          var now = document.getElementById(id);
          var next = fresh.getElementById(id);
          if (now && next && now.innerHTML !== next.innerHTML) now.innerHTML = next.innerHTML;
        });
        if (fresh.querySelector("[data-poll-seconds]")) setTimeout(check, delay);
      })
      .catch(function () {
        setTimeout(check, delay);
      });
  }
  setTimeout(check, delay);
})();
