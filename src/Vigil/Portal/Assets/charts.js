// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">,
// written by the page (Portal/ChartData.cs). Chart.js is the only library; there is no inline script.
(function () {
  "use strict";
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var pie = spec.type === "pie" || spec.type === "doughnut";
    var chart = new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: pie ? spec.labels.map(function (_, j) { return palette[j % palette.length]; }) : palette[i % palette.length]
          };
        })
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: pie || spec.datasets.length > 1 } },
        scales: pie ? {} : (spec.horizontal ? { x: { ticks: { precision: 0 } } } : { y: { ticks: { precision: 0 } } })
      }
    });
    canvas.setAttribute("data-rendered", String(chart.data.datasets.reduce(function (n, d) { return n + d.data.length; }, 0)));
  });
})();
