// Dependent dropdowns: <select data-controls="ID"> shows, in select ID, only the options whose
// data-parent is the chosen value. Without JavaScript every option stays and the server still checks.
(function () {
  "use strict";
  document.querySelectorAll("select[data-controls]").forEach(function (parent) {
    var child = document.getElementById(parent.getAttribute("data-controls"));
    if (!child) { return; }
    var all = Array.prototype.slice.call(child.options);
    function refresh() {
      var keep = all.filter(function (o) { return o.getAttribute("data-parent") === parent.value; });
      child.replaceChildren.apply(child, keep);
      if (keep.length) { child.value = keep[0].value; }
    }
    parent.addEventListener("change", refresh);
    refresh();
  });
})();
