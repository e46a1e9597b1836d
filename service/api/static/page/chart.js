// The counts per band over the years, drawn as SVG by the page itself:
// one line per band, each with its colour, its own marker shape and its
// name at the line's end (never colour alone), and a table of the same
// numbers for anyone who cannot see the chart.

import { BANDS, bandClass, bandWords } from "./bands.js";
import { element, svg } from "./dom.js";

const WIDTH = 720;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 190, bottom: 32, left: 44 };
const MARKERS = { OUTSTANDING: "circle", GOOD: "square", ADEQUATE: "diamond", INADEQUATE: "triangle" };

function marker(shape, x, y) {
  const r = 4.5;
  if (shape === "circle") return svg("circle", { cx: x, cy: y, r });
  if (shape === "square") return svg("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r });
  if (shape === "diamond") return svg("polygon", { points: `${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}` });
  return svg("polygon", { points: `${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}` });
}

// series: [{ year, counts: { BAND: n } }]
export function drawChart(container, series) {
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = Math.max(10, ...series.flatMap((s) => BANDS.map((b) => s.counts[b] || 0)));
  const x = (i) => MARGIN.left + (series.length > 1 ? (i / (series.length - 1)) * innerW : innerW / 2);
  const y = (n) => MARGIN.top + innerH - (n / top) * innerH;
  const parts = [];
  for (let step = 0; step <= 4; step += 1) {
    const value = Math.round((top * step) / 4);
    parts.push(svg("line", { class: "grid", x1: MARGIN.left, x2: MARGIN.left + innerW, y1: y(value), y2: y(value) }));
    parts.push(svg("text", { class: "axis-label", x: MARGIN.left - 6, y: y(value) + 4, "text-anchor": "end", text: String(value) }));
  }
  series.forEach((s, i) => {
    if (series.length <= 12 || i % 2 === 0 || i === series.length - 1) {
      parts.push(svg("text", { class: "axis-label", x: x(i), y: HEIGHT - 10, "text-anchor": "middle", text: String(s.year) }));
    }
  });
  for (const band of BANDS) {
    const points = series.map((s, i) => `${x(i)},${y(s.counts[band] || 0)}`).join(" ");
    const last = series.length - 1;
    parts.push(svg("g", { class: `series ${bandClass(band)}`, "data-band": band },
      svg("polyline", { points }),
      series.map((s, i) => marker(MARKERS[band], x(i), y(s.counts[band] || 0))),
      svg("text", { class: "series-label", x: x(last) + 10, y: y(series[last]?.counts[band] || 0) + 4,
        text: `${bandWords(band)} ${series[last]?.counts[band] || 0}` })));
  }
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": "chart-title", class: "chart" },
    svg("title", { id: "chart-title", text: "Authorities in each band of overall effectiveness, year by year" }), parts);
  const table = element("table", { className: "chart-table" },
    element("caption", {}, "The chart's numbers"),
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "As at"),
      BANDS.map((b) => element("th", { scope: "col" }, bandWords(b))))),
    element("tbody", {}, series.map((s) => element("tr", {}, element("th", { scope: "row" }, s.day),
      BANDS.map((b) => element("td", {}, String(s.counts[b] || 0)))))));
  container.replaceChildren(chart, element("details", {}, element("summary", {}, "The numbers as a table"), table));
}
