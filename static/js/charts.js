/* Every <figure data-chart="ID"> on the page (core/templates/core/chart.html) drawn with the vendored
 * Chart.js from the JSON in <script id="ID">. The figures are the page's own; "not available"
 * (null) is a gap, never zero. The table beside the chart is the accessible source. */
(function () {
  "use strict";
  var persian = (document.documentElement.lang || "fa").indexOf("fa") === 0;
  var format = new Intl.NumberFormat(persian ? "fa-IR" : "en-US", { maximumFractionDigits: 2 });
  var colours = ["#0b5563", "#b5651d", "#4a7c2a", "#7b3f8c", "#a23b3b", "#2f5d9e", "#6b6b2a", "#3d3d3d"];
  var font = { family: "Vazirmatn, Tahoma, sans-serif", size: 16 };

  function draw(figure) {
    var source = document.getElementById(figure.dataset.chart);
    var canvas = figure.querySelector("canvas");
    if (!source || !canvas || canvas.dataset.drawn) {
      return;
    }
    var chart = JSON.parse(source.textContent);
    var line = chart.kind === "line";
    var horizontal = !line && chart.labels.length > 8;
    var datasets = chart.datasets.map(function (dataset, index) {
      var colour = colours[index % colours.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: line ? 3 : 0,
        pointRadius: line ? 4 : 0,
        spanGaps: false,
      };
    });
    var instance = new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: chart.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        locale: persian ? "fa-IR" : "en-US",
        animation: false,
        font: font,
        scales: {
          x: { reverse: persian, ticks: { font: font } },
          y: {
            position: persian ? "right" : "left",
            beginAtZero: !line,
            ticks: { font: font },
          },
        },
        plugins: {
          legend: { display: chart.datasets.length > 1, position: "bottom", rtl: persian, labels: { font: font } },
          tooltip: {
            rtl: persian,
            titleFont: font,
            bodyFont: font,
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? chart.missing_label : format.format(item.raw);
                return item.dataset.label + ": " + value + (chart.unit ? " " + chart.unit : "");
              },
            },
          },
        },
      },
    });
    canvas.dataset.drawn = String(instance.data.datasets.length);
  }

  // Chart.js (200 KB) is fetched only by pages that have a chart.
  function drawAll(root) {
    var figures = (root || document).querySelectorAll("figure[data-chart]");
    if (!figures.length) {
      return;
    }
    if (typeof window.Chart !== "undefined") {
      figures.forEach(draw);
      return;
    }
    var script = document.createElement("script");
    script.src = figures[0].dataset.chartjs;
    script.onload = function () {
      drawAll(document);
    };
    document.head.appendChild(script);
  }
  drawAll(document);
  // Charts that arrive in an htmx swap are drawn too.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    drawAll(event.target);
  });
})();
