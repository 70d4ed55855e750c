// wellness-archiver: fold a table's column descriptions into a closed
// <details>, so the rows come first; each header keeps its description as a tooltip.
document.addEventListener("DOMContentLoaded", function () {
  var dl = document.querySelector("dl.column-descriptions");
  if (!dl) return;
  var descriptions = {};
  dl.querySelectorAll("dt").forEach(function (dt) {
    var dd = dt.nextElementSibling;
    if (dd) descriptions[dt.textContent] = dd.textContent;
  });
  var details = document.createElement("details");
  details.className = "column-descriptions-wrap";
  var summary = document.createElement("summary");
  summary.textContent = "Column descriptions (" + Object.keys(descriptions).length + ")";
  dl.parentNode.insertBefore(details, dl);
  details.appendChild(summary);
  details.appendChild(dl);
  document.querySelectorAll("th[data-column]").forEach(function (th) {
    var text = descriptions[th.getAttribute("data-column")];
    if (text) th.title = text;
  });
});
