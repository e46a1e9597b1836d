// The nation: every authority alive on the day asked about with its latest
// headline grade, the counts per band, and those counts over the years.

import { BANDS, bandClass, bandWords, gradeWords } from "./bands.js";
import { drawChart } from "./chart.js";
import { isDate, longDate, today } from "./dates.js";
import { element, replaceChildren } from "./dom.js";
import { clearProblem, showProblem } from "./errors.js";
import { ask, Refused } from "./graphql.js";
import { navigate } from "./navigate.js";

const FIRST_YEAR = 2005;

function countsByBand(list) {
  return Object.fromEntries(list.map((c) => [c.band, c.count]));
}

export class NationalView {
  constructor() {
    this.root = document.getElementById("national-view");
    this.problem = document.getElementById("problem");
    this.loading = document.getElementById("loading");
    this.asAtInput = document.getElementById("national-as-at");
    this.region = document.getElementById("national-region");
    this.sequence = 0;
    this.overTime = null;
    this.asAtInput.addEventListener("change", () => {
      if (isDate(this.asAtInput.value)) navigate({ ...this.state, asAt: this.asAtInput.value });
    });
    this.region.addEventListener("change", () => navigate({ ...this.state, region: this.region.value || null }));
  }

  async show(state) {
    this.state = state;
    const sequence = ++this.sequence;
    clearProblem(this.problem);
    this.loading.textContent = "Loading…";
    try {
      const asAt = state.asAt || today();
      if (!isDate(asAt)) throw new Refused(`asAt in the address must be a date written YYYY-MM-DD (got ${JSON.stringify(asAt)}).`);
      const [national, series] = await Promise.all([
        ask("National", { asAt, asKnownAt: state.asKnownAt }), this.countsOverTime(state.asKnownAt),
      ]);
      if (sequence !== this.sequence) return;
      this.draw(state, asAt, national, series);
      this.loading.textContent = "";
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.loading.textContent = "";
      showProblem(this.problem, error.message, () => this.show(this.state));
    }
  }

  async countsOverTime(asKnownAt) {
    const key = asKnownAt || "";
    if (this.overTime && this.overTime.key === key) return this.overTime.series;
    const last = Number(today().slice(0, 4));
    const days = [];
    for (let year = FIRST_YEAR; year <= last; year += 1) {
      const day = `${year}-03-31`;
      if (day <= today()) days.push(day);
    }
    const found = await ask("NationalCounts", { days, asKnownAt });
    const series = found.nationalCountsByDay.map((on) => ({ day: on.asAt, year: Number(on.asAt.slice(0, 4)), counts: countsByBand(on.counts) }));
    this.overTime = { key, series };
    return series;
  }

  draw(state, asAt, national, series) {
    this.asAtInput.value = asAt;
    const regions = [...new Set(national.nationalPicture.map((r) => r.authority.region).filter(Boolean))].sort();
    replaceChildren(this.region, element("option", { value: "" }, "Every region"),
      regions.map((r) => element("option", { value: r }, r)));
    this.region.value = regions.includes(state.region) ? state.region : "";
    const rows = national.nationalPicture.filter((r) => !state.region || r.authority.region === state.region);
    const counts = countsByBand(national.nationalCounts);
    replaceChildren(document.getElementById("national-summary"),
      element("p", { id: "national-count" },
        `${rows.length} authorit${rows.length === 1 ? "y" : "ies"} ${state.region ? `in ${state.region} ` : ""}alive as at ${longDate(asAt)}`),
      element("table", { className: "counts" },
        element("caption", {}, "England: authorities by the band of their latest overall effectiveness grade"),
        element("thead", {}, element("tr", {}, BANDS.map((b) => element("th", { scope: "col" }, bandWords(b))),
          element("th", { scope: "col" }, "Not graded"))),
        element("tbody", {}, element("tr", {},
          BANDS.map((b) => element("td", { "data-band": b }, String(counts[b] || 0))),
          element("td", { "data-band": "none" }, String(national.notGraded))))));
    drawChart(document.getElementById("national-chart"), series);
    const body = rows.map((r) => element("tr", { "data-code": r.authority.code },
      element("th", { scope: "row" }, element("a", {
        href: `/?authority=${encodeURIComponent(r.authority.code)}&asAt=${asAt}`, "data-internal": "",
      }, r.authority.name), ` ${r.authority.code}`),
      element("td", {}, r.authority.region || ""),
      element("td", {}, r.inspection ? `${r.inspection.framework.name}, ${longDate(r.inspection.publishedOn)}` : "None yet"),
      element("td", {}, r.overallEffectiveness
        ? element("span", { className: `badge ${bandClass(r.overallEffectiveness.band)}` }, gradeWords(r.overallEffectiveness))
        : "Not graded")));
    replaceChildren(document.getElementById("national-list"),
      element("table", { className: "national" },
        element("caption", {}, `Every authority alive as at ${longDate(asAt)}, with its latest overall effectiveness`),
        element("thead", {}, element("tr", {}, ["Authority", "Region", "Latest graded inspection", "Overall effectiveness"]
          .map((h) => element("th", { scope: "col" }, h)))),
        element("tbody", {}, body)));
  }
}
