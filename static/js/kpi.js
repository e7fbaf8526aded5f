// Trend charts of the KPI dashboard: data from the json_script block, canvases marked data-kpi-chart.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("kpi-chart-data");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent).charts;
  document.querySelectorAll("canvas[data-kpi-chart]").forEach(function (canvas) {
    const chart = charts[Number(canvas.getAttribute("data-kpi-chart"))];
    if (!chart) return;
    const datasets = [{ label: chart.title, data: chart.values, borderColor: "#7a1f1f", spanGaps: true, tension: 0.2 }];
    if (chart.target !== null) {
      datasets.push({
        label: chart.target_label,
        data: chart.labels.map(function () { return chart.target; }),
        borderColor: "#198754",
        borderDash: [6, 4],
        pointRadius: 0,
      });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: chart.labels, datasets: datasets },
      // The container sets the height (kpi.css): with the default 2:1 ratio a phone-wide chart lost
      // most of its height to the title and legend and collapsed to a strip.
      options: {
        maintainAspectRatio: false,
        locale: "vi-VN", // 1,3 not 1.3 on the axes
        plugins: { title: { display: true, text: chart.title }, legend: { position: "bottom" } },
        animation: false,
      },
    });
  });
});
