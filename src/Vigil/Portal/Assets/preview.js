// Live preview: a <textarea data-preview="ID"> mirrors its text into the element ID as the user types.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
    var target = document.getElementById(area.getAttribute("data-preview"));
    if (!target) { return; }
    area.addEventListener("input", function () { target.textContent = area.value; });
  });
})();
