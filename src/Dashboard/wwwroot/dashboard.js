// Charts for the Handoff dashboard, drawn with the vendored uPlot. Blazor calls handoffCharts.render with
// plain arrays; a chart is redrawn in place when its element already holds one.
window.handoffCharts = (function () {
    const charts = new Map();
    const palette = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#9333ea", "#0891b2"];

    function render(elementId, chart) {
        const element = document.getElementById(elementId);
        if (!element || typeof uPlot === "undefined") {
            return;
        }
        const data = [chart.times].concat(chart.series.map(s => s.values));
        const existing = charts.get(elementId);
        if (existing && existing.root.isConnected && existing.series.length === chart.series.length + 1) {
            existing.setData(data);
            return;
        }
        if (existing) {
            existing.destroy();
        }
        element.innerHTML = "";
        const options = {
            width: Math.max(element.clientWidth, 320),
            height: 220,
            title: chart.title,
            series: [{}].concat(chart.series.map((s, i) => ({
                label: s.label,
                stroke: palette[i % palette.length],
                width: 2,
                spanGaps: false,
                value: (u, v) => v == null ? "–" : format(v, chart.unit),
            }))),
            axes: [{}, { values: (u, ticks) => ticks.map(v => format(v, chart.unit)), size: 70 }],
            scales: { x: { time: true } },
        };
        charts.set(elementId, new uPlot(options, data, element));
    }

    function format(value, unit) {
        if (unit === "s") {
            if (value < 0.001) return (value * 1e6).toFixed(0) + " µs";
            if (value < 1) return (value * 1000).toFixed(1) + " ms";
            return value.toFixed(2) + " s";
        }
        return (Math.round(value * 100) / 100).toString() + (unit && !unit.startsWith("{") ? " " + unit : "");
    }

    return { render: render };
})();
