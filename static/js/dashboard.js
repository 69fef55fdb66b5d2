// Charts of the compliance dashboard, drawn from the JSON the page carries (#dashboard-data).
// The page's tables hold the same figures, so it reads without JavaScript.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { met: "#198754", not_met: "#dc3545", no_data: "#adb5bd" };
  var ink = "#212529";
  var charts = [];

  Chart.defaults.animation = false; // a chart must be complete the moment it is printed
  Chart.defaults.color = ink;
  Chart.defaults.maintainAspectRatio = false;

  function percent(value) {
    return value === null ? "—" : value.toLocaleString(document.documentElement.lang || "vi") + "%";
  }

  var targetsCanvas = document.getElementById("targets-chart");
  if (targetsCanvas) {
    charts.push(new Chart(targetsCanvas, {
      data: {
        labels: data.targets.map(function (t) { return t.code; }),
        datasets: [
          {
            type: "bar",
            label: data.text.value,
            data: data.targets.map(function (t) { return t.value; }),
            backgroundColor: data.targets.map(function (t) { return colours[t.status]; }),
            borderColor: ink,
            borderWidth: 1,
            order: 2 // drawn under the threshold marks
          },
          {
            type: "line",
            label: data.text.threshold,
            data: data.targets.map(function (t) { return t.threshold; }),
            showLine: false,
            pointStyle: "line",
            pointRadius: 22,
            pointHoverRadius: 24,
            pointBorderWidth: 4,
            borderColor: ink,
            backgroundColor: ink,
            order: 1
          }
        ]
      },
      options: {
        scales: { y: { beginAtZero: true, suggestedMax: 100, grace: "6%", ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) { var t = data.targets[items[0].dataIndex]; return t.code + ": " + t.label; },
              label: function (item) {
                var t = data.targets[item.dataIndex];
                if (item.datasetIndex === 1) { return data.text.threshold + ": " + t.comparator + " " + percent(t.threshold); }
                return data.text.value + ": " + percent(t.value) + " (" + data.text[t.status] + ")";
              }
            }
          }
        }
      }
    }));
  }

  document.querySelectorAll("canvas[data-trend]").forEach(function (canvas) {
    var series = data.trend.series.filter(function (s) { return s.code === canvas.dataset.trend; })[0];
    if (!series) { return; }
    var highest = Math.max.apply(null, [series.threshold].concat(series.values.filter(function (v) { return v !== null; })));
    charts.push(new Chart(canvas, {
      type: "line",
      data: {
        labels: data.trend.periods,
        datasets: [
          { label: data.text.value, data: series.values, borderColor: "#0d6efd", backgroundColor: "#0d6efd", pointRadius: 4 },
          {
            label: data.text.threshold,
            data: data.trend.periods.map(function () { return series.threshold; }),
            borderColor: ink,
            borderDash: [6, 4],
            borderWidth: 2,
            pointRadius: 0
          }
        ]
      },
      options: {
        scales: { y: { beginAtZero: true, suggestedMax: Math.min(100, highest * 1.25) || 1, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { legend: { labels: { boxWidth: 14 } } }
      }
    }));
  });

  function resize() { charts.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
