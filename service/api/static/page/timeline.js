// The timeline: documents on a date axis, then one row per (theme, area),
// each judgement a segment from its publication to the next document of its
// series (or to today), coloured by band and labelled with its grade words.

import { bandClass, bandWords, gradeWords } from "./bands.js";
import { dayNumber, longDate } from "./dates.js";
import { element, replaceChildren } from "./dom.js";

const SHORT_NAMES = {
  apa: "APA", annual_rating: "Annual rating", jar: "JAR", slac: "SLAC", child_protection: "Child protection",
  looked_after: "Looked after", sif: "SIF", ilacs: "ILACS", focused_visit: "Focused visit",
  monitoring_visit: "Monitoring visit", jtai: "JTAI",
};

export function rowKey(judgement) {
  return `${judgement.theme || ""}/${judgement.area}`;
}

// Rows in a stable order: no theme first, then the themes' order, then the areas' order.
function rows(judgements, labels) {
  const found = new Map();
  for (const j of judgements) {
    const key = rowKey(j);
    if (!found.has(key)) found.set(key, { key, theme: j.theme, area: j.area, judgements: [] });
    found.get(key).judgements.push(j);
  }
  const themeOrder = (t) => (t ? 1 + labels.themeKeys.indexOf(t) : 0);
  return [...found.values()].sort(
    (a, b) => themeOrder(a.theme) - themeOrder(b.theme) || labels.areaKeys.indexOf(a.area) - labels.areaKeys.indexOf(b.area),
  );
}

export function rowLabel(row, labels) {
  const area = labels.areas[row.area] || row.area;
  return row.theme ? `${labels.themes[row.theme] || row.theme}: ${area}` : area;
}

function place(item, axis, fromDay, untilDay) {
  const span = axis.end - axis.start;
  const from = Math.max(fromDay, axis.start);
  const until = Math.min(untilDay, axis.end);
  item.style.left = `${((from - axis.start) / span) * 100}%`;
  if (untilDay !== undefined) item.style.width = `${Math.max(((until - from) / span) * 100, 0.8)}%`;
}

function asAtLine(axis, asAt) {
  const line = element("div", { className: "as-at-line", "aria-hidden": "true" });
  place(line, axis, dayNumber(asAt));
  return line;
}

function axisRow(axis, asAt) {
  const ticks = [];
  const first = new Date(axis.start * 86400000).getUTCFullYear() + 1;
  const last = new Date(axis.end * 86400000).getUTCFullYear();
  const every = last - first > 12 ? 2 : 1;
  for (let year = first; year <= last; year += every) {
    const tick = element("span", { className: "tick" }, String(year));
    place(tick, axis, dayNumber(`${year}-01-01`));
    ticks.push(tick);
  }
  return element(
    "div",
    { className: "timeline-row axis-row", "aria-hidden": "true" },
    element("div", { className: "row-label" }, "Year"),
    element("div", { className: "track" }, ticks, asAtLine(axis, asAt)),
  );
}

function documentsRow(axis, documents, asAt, knownAt) {
  const markers = documents.map((d) => {
    const withdrawn = Boolean(d.withdrawnAt);
    const name = SHORT_NAMES[d.framework.key] || d.framework.name;
    const described = `${d.title}, published ${longDate(d.publishedOn)}${d.framework.graded ? "" : ", not graded"}${
      withdrawn ? `, withdrawn (recorded ${d.withdrawnAt}${d.withdrawalReason ? `: ${d.withdrawalReason}` : ""})` : ""}`;
    const marker = element(
      "li",
      {
        className: `doc-marker${d.framework.graded ? "" : " ungraded"}${withdrawn ? " withdrawn" : ""}`,
        title: described,
        "data-published-on": d.publishedOn,
      },
      element("span", { "aria-hidden": "true" }, withdrawn ? element("s", {}, name) : name),
      element("span", { className: "visually-hidden" }, described),
    );
    place(marker, axis, dayNumber(d.publishedOn));
    return marker;
  });
  return element(
    "div",
    { className: "timeline-row documents-row" },
    element("div", { className: "row-label", id: "documents-label" }, "Documents"),
    element("div", { className: "track" }, element("ul", { "aria-labelledby": "documents-label", className: "markers" }, markers),
      asAtLine(axis, asAt)),
  );
}

function segment(j, axis, label, withdrawn, selected, onOpen) {
  const until = j.validUntil ? longDate(j.validUntil) : "now";
  const words = gradeWords(j.grade);
  const described = `${label}: ${words}, ${bandWords(j.grade.band)}, from ${longDate(j.publishedOn)} until ${until}${
    withdrawn ? ", document withdrawn" : ""}${j.correctionReason ? `, corrected: ${j.correctionReason}` : ""}`;
  const button = element(
    "button",
    {
      type: "button",
      className: `segment ${bandClass(j.grade.band)}${withdrawn ? " withdrawn" : ""}${selected ? " selected" : ""}`,
      title: described,
      "aria-label": described,
      "aria-pressed": selected ? "true" : "false",
      "data-judgement": j.id,
      "data-band": j.grade.band,
      onClick: () => onOpen(j),
    },
    words,
  );
  place(button, axis, dayNumber(j.publishedOn), j.validUntil ? dayNumber(j.validUntil) : axis.end);
  return button;
}

export function drawTimeline(container, { axis, documents, judgements, labels, asAt, knownAt, selected, onOpen }) {
  const withdrawn = new Set(documents.filter((d) => d.withdrawnAt).map((d) => d.id));
  const drawn = rows(judgements, labels).map((row, i) => {
    const label = rowLabel(row, labels);
    return element(
      "div",
      { className: "timeline-row", role: "group", "aria-labelledby": `row-label-${i}`, "data-row": row.key },
      element("div", { className: "row-label", id: `row-label-${i}` }, label),
      element(
        "div",
        { className: "track" },
        row.judgements.map((j) => segment(j, axis, label, withdrawn.has(j.inspection.id), j.id === selected, onOpen)),
        asAtLine(axis, asAt),
      ),
    );
  });
  const empty = judgements.length ? null : element("p", { className: "hint" }, "No graded judgement was known at this moment.");
  replaceChildren(container, axisRow(axis, asAt), documentsRow(axis, documents, asAt, knownAt), drawn, empty);
}

export function drawLegend(container) {
  const items = ["OUTSTANDING", "GOOD", "ADEQUATE", "INADEQUATE"].map((band) =>
    element("li", {}, element("span", { className: `swatch ${bandClass(band)}`, "aria-hidden": "true" }), bandWords(band)),
  );
  replaceChildren(container, element("p", { className: "legend-title" }, "Bands"), element("ul", {}, items));
}
