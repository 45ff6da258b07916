/* The demographics explorer's chart: the table above drawn as bars with Chart.js (vendored).
 * The figures are the table's own (perturbed, and null where hidden); hidden cells are marked
 * with * at zero so they are not read as nothing. The table stays the accessible source. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var canvas = document.getElementById("demographics-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var chart = JSON.parse(source.textContent);
  var persian = (document.documentElement.lang || "fa").indexOf("fa") === 0;
  var format = new Intl.NumberFormat(persian ? "fa-IR" : "en-US");
  var colours = ["#0b5563", "#b5651d", "#4a7c2a", "#7b3f8c", "#a23b3b", "#2f5d9e", "#6b6b2a", "#3d3d3d"];
  var horizontal = chart.labels.length > 8;

  var datasets = chart.datasets.map(function (dataset, index) {
    return {
      label: dataset.label,
      data: dataset.data,
      backgroundColor: colours[index % colours.length],
      borderWidth: 0,
    };
  });

  // Hidden (null) cells get the mark where their bar would start.
  var hiddenMarks = {
    id: "hiddenMarks",
    afterDatasetsDraw: function (instance) {
      var context = instance.ctx;
      var valueScale = horizontal ? instance.scales.x : instance.scales.y;
      var zero = valueScale.getPixelForValue(0);
      context.save();
      context.fillStyle = "#3d3d3d";
      context.font = "bold 18px Vazirmatn, Tahoma, sans-serif";
      context.textAlign = "center";
      context.textBaseline = "middle";
      instance.data.datasets.forEach(function (dataset, datasetIndex) {
        var meta = instance.getDatasetMeta(datasetIndex);
        if (meta.hidden) {
          return;
        }
        dataset.data.forEach(function (value, index) {
          var bar = meta.data[index];
          if (value !== null || !bar) {
            return;
          }
          if (horizontal) {
            context.fillText(chart.mark, zero + (persian ? -10 : 10), bar.y);
          } else {
            context.fillText(chart.mark, bar.x, zero - 10);
          }
        });
      });
      context.restore();
    },
  };

  var instance = new window.Chart(canvas, {
    type: "bar",
    data: { labels: chart.labels, datasets: datasets },
    plugins: [hiddenMarks],
    options: {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      locale: persian ? "fa-IR" : "en-US",
      animation: false,
      font: { family: "Vazirmatn, Tahoma, sans-serif", size: 14 },
      scales: {
        x: { reverse: persian && horizontal, ticks: { font: { size: 14 } } },
        y: { position: persian && !horizontal ? "right" : "left", beginAtZero: true, ticks: { font: { size: 14 } } },
      },
      plugins: {
        legend: { position: "bottom", rtl: persian, labels: { font: { size: 14 } } },
        tooltip: {
          rtl: persian,
          callbacks: {
            label: function (item) {
              var value = item.raw === null ? chart.hidden_label : format.format(item.raw);
              return item.dataset.label + ": " + value;
            },
          },
        },
      },
    },
  });
  canvas.dataset.drawn = String(instance.data.datasets.length);
})();
