// The side panel (the picture as at the moment asked about) and the
// judgement panel (one judgement, where it was printed, and every version
// this service has recorded of it).

import { bandClass, bandWords, gradeWords } from "./bands.js";
import { longDate, moment } from "./dates.js";
import { element, replaceChildren } from "./dom.js";

export function drawPicture(container, picture, labels, authorityCode) {
  const count = picture.judgements.length;
  const known = picture.asKnownAt ? `, as known at ${moment(picture.asKnownAt)}` : ", as known now";
  const order = (j) => [j.theme ? 1 + labels.themeKeys.indexOf(j.theme) : 0, labels.areaKeys.indexOf(j.area)];
  const sorted = [...picture.judgements].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1];
  });
  const items = sorted.map((j) => {
    const area = labels.areas[j.area] || j.area;
    const theme = j.theme ? `${labels.themes[j.theme] || j.theme}: ` : "";
    const elsewhere = j.authority.code !== authorityCode ? ` (${j.authority.name}'s)` : "";
    return element(
      "li",
      { "data-area": j.area, "data-theme": j.theme || "" },
      element("span", { className: "picture-area" }, `${theme}${area}${elsewhere}`),
      " ",
      element("span", { className: `badge ${bandClass(j.grade.band)}` }, gradeWords(j.grade)),
      j.correctionReason ? element("span", { className: "corrected" }, ` corrected: ${j.correctionReason}`) : null,
    );
  });
  replaceChildren(
    container,
    element("p", { id: "picture-count", className: "picture-count" },
      `${count} judgement${count === 1 ? "" : "s"} in force as at ${longDate(picture.asAt)}${known}`),
    element("ul", { className: "picture-list" }, items),
  );
}

function fact(name, value) {
  return [element("dt", {}, name), element("dd", {}, value ?? "—")];
}

export function drawJudgement(section, { judgement, versions, labels, onClose }) {
  const area = labels.areas[judgement.area] || judgement.area;
  const theme = judgement.theme ? labels.themes[judgement.theme] || judgement.theme : "No theme";
  const rows = versions.map((v) =>
    element(
      "tr",
      { className: v.id === judgement.id ? "shown-version" : "" },
      element("td", {}, longDate(v.publishedOn)),
      element("td", {}, element("span", { className: `badge ${bandClass(v.grade.band)}` }, gradeWords(v.grade))),
      element("td", {}, moment(v.recordedAt)),
      element("td", {}, v.recordedUntil ? moment(v.recordedUntil) : "still stands"),
      element("td", {}, v.correctionReason || ""),
    ),
  );
  replaceChildren(
    section,
    element("div", { className: "panel-head" },
      element("h2", { id: "judgement-title" }, `${theme}: ${area}`),
      element("button", { type: "button", className: "close", onClick: onClose }, "Close")),
    element("dl", { className: "facts" },
      fact("Area as printed", judgement.areaLabel),
      fact("Raw grade", judgement.grade.raw),
      fact("Label", judgement.grade.label ? `${judgement.grade.label}${judgement.grade.labelPrinted ? "" : " (not printed beside the grade)"}` : null),
      fact("Band", bandWords(judgement.grade.band)),
      fact("Published", longDate(judgement.publishedOn)),
      fact("Until", judgement.validUntil ? longDate(judgement.validUntil) : "the latest of its series"),
      fact("Section", judgement.source.section),
      fact("Correction", judgement.correctionReason)),
    element("figure", { className: "quote" },
      element("figcaption", {}, "Where the grade was printed"),
      element("blockquote", { id: "judgement-quote" }, judgement.source.quote || "No quote was recorded.")),
    element("h3", {}, "Every version recorded"),
    element("table", { className: "versions" },
      element("caption", { className: "visually-hidden" }, `Versions of ${area}`),
      element("thead", {}, element("tr", {},
        ["Published", "Grade", "Recorded at", "Recorded until", "Correction reason"].map((h) => element("th", { scope: "col" }, h)))),
      element("tbody", {}, rows)),
  );
  section.hidden = false;
}
