// The cases dashboard: draws the figures of the json_script tag with ECharts.
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("dashboard-data");
    if (!node || typeof echarts === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
    function t(a, b) { return zh ? a : b; }
    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var c = echarts.init(el);
      c.setOption(option);
      window.addEventListener("resize", function () { c.resize(); });
    }
    var tr = data.trend;
    chart("chart-trend", {
      title: { text: t("每周趋势", "Weekly trend") },
      tooltip: { trigger: "axis" },
      legend: { top: 24 },
      xAxis: { type: "category", data: tr.weeks },
      yAxis: { type: "value" },
      series: [
        { name: t("受理", "registered"), type: "line", data: tr.registered },
        { name: t("办结", "finished"), type: "line", data: tr.finished },
        { name: t("预警", "alerts"), type: "bar", data: tr.alerts }
      ]
    });
    var colours = { warning: "#e6a23c", yellow: "#f2c811", red: "#d03050" };
    chart("chart-grade", {
      title: { text: t("预警等级", "Alerts by grade") },
      tooltip: { trigger: "item" },
      series: [{
        type: "pie", radius: "60%",
        data: data.alerts.by_grade.map(function (r) {
          return { name: r.label, value: r.total, itemStyle: { color: colours[r.grade] } };
        })
      }]
    });
    function bars(id, title, rows) {
      chart(id, {
        title: { text: title },
        tooltip: { trigger: "axis" },
        grid: { left: 160 },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }).reverse() },
        series: [
          { name: t("未办结", "live"), type: "bar", data: rows.map(function (r) { return r.live; }).reverse() },
          { name: t("合计", "total"), type: "bar", data: rows.map(function (r) { return r.total; }).reverse() }
        ]
      });
    }
    bars("chart-org", t("按单位预警", "Alerts by department"), data.alerts.by_org);
    bars("chart-power", t("按事项预警", "Alerts by power"), data.alerts.by_power);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
