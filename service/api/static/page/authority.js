// The authority view: search, the record over time, the two moments, the
// picture in force, and a judgement's panel. Everything it shows is drawn
// from the address (state.js), so a link or back and forward reproduce it.

import { dayNumber, isDate, today } from "./dates.js";
import { element, replaceChildren } from "./dom.js";
import { clearProblem, showProblem } from "./errors.js";
import { ask, Refused } from "./graphql.js";
import { AsAtControl, KnownAtControl } from "./moments.js";
import { navigate } from "./navigate.js";
import { drawJudgement, drawPicture } from "./panel.js";
import { AuthoritySearch } from "./search.js";
import { drawLegend, drawTimeline, rowKey } from "./timeline.js";

const FIRST_DAY = "2005-01-01";

function labelsOf(register) {
  return {
    areas: Object.fromEntries(register.areas.map((a) => [a.key, a.label])),
    themes: Object.fromEntries(register.themes.map((t) => [t.key, t.label])),
    areaKeys: register.areas.map((a) => a.key),
    themeKeys: register.themes.map((t) => t.key),
  };
}

// What changed what this service knew, as known now: corrections and withdrawals.
function changesOf(record) {
  const corrections = record.knownNow
    .filter((j) => j.correctionReason)
    .map((j) => ({ recordedAt: j.recordedAt, what: `the correction of ${j.areaLabel} (${j.publishedOn}): ${j.correctionReason}` }));
  const withdrawals = record.documentsNow.edges
    .map((e) => e.node)
    .filter((d) => d.withdrawnAt)
    .map((d) => ({ recordedAt: d.withdrawnAt, what: `the withdrawal of ${d.title} (${d.publishedOn})` }));
  return [...corrections, ...withdrawals].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1));
}

function authorityLink(authority) {
  return element("a", { href: `/?authority=${encodeURIComponent(authority.code)}`, "data-internal": "" },
    `${authority.name} (${authority.code})`);
}

function drawHeading(container, authority) {
  const facts = [`GSS code ${authority.code}`];
  if (authority.laNumber) facts.push(`DfE LA number ${authority.laNumber}`);
  if (authority.region) facts.push(authority.region);
  const lineage = [];
  if (authority.replacedOn) {
    lineage.push(element("p", { className: "lineage" },
      `Replaced on ${authority.replacedOn} (${authority.replacement}) by `,
      authority.replacedBy.flatMap((a, i) => [i ? ", " : null, authorityLink(a)]), "."));
  }
  if (authority.predecessors.length) {
    lineage.push(element("p", { className: "lineage" }, "Replaced ",
      authority.predecessors.flatMap((a, i) => [i ? ", " : null, authorityLink(a)]),
      authority.establishedOn ? ` on ${authority.establishedOn}.` : "."));
  }
  const other = authority.alsoKnownAs.length ? element("p", {}, `Also known as ${authority.alsoKnownAs.join(", ")}`) : null;
  replaceChildren(container, element("h2", { id: "authority-name" }, authority.name),
    element("p", { className: "authority-facts" }, facts.join(" · ")), other, lineage);
}

export class AuthorityView {
  constructor() {
    this.root = document.getElementById("authority-view");
    this.problem = document.getElementById("problem");
    this.loading = document.getElementById("loading");
    this.recordSection = document.getElementById("authority-record");
    this.panel = document.getElementById("judgement-panel");
    this.search = new AuthoritySearch((code) =>
      navigate({ ...this.state, authority: code, area: null, theme: null, judgement: null }));
    this.asAt = new AsAtControl((asAt, committed) => this.asAtMoved(asAt, committed));
    this.knownAt = new KnownAtControl((knownAt) => navigate({ ...this.state, asKnownAt: knownAt }));
    this.register = null;
    this.record = null;
    this.sequence = 0;
    drawLegend(document.getElementById("legend"));
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") navigate({ ...this.state, area: null, theme: null, judgement: null });
    });
  }

  async show(state) {
    this.state = state;
    const sequence = ++this.sequence;
    const current = () => sequence === this.sequence;
    clearProblem(this.problem);
    this.loading.textContent = "Loading…";
    try {
      if (!this.register) {
        const register = await ask("Register");
        this.register = { ...register, labels: labelsOf(register) };
        this.search.setAuthorities(register.authorities);
      }
      if (!current()) return;
      if (!state.authority) {
        this.recordSection.hidden = true;
        this.loading.textContent = "";
        return;
      }
      const asAt = state.asAt || today();
      if (!isDate(asAt)) throw new Refused(`asAt in the address must be a date written YYYY-MM-DD (got ${JSON.stringify(asAt)}).`);
      const key = `${state.authority}|${state.asKnownAt || ""}`;
      if (!this.record || this.record.key !== key) {
        const record = await ask("Record", { authority: state.authority, asKnownAt: state.asKnownAt });
        if (!record.authority) throw new Refused(`No authority in the register has the code ${state.authority}.`);
        this.record = { ...record, key };
      }
      const { picture } = await ask("Picture", { authority: state.authority, asAt, asKnownAt: state.asKnownAt });
      const history = state.area
        ? (await ask("History", { authority: state.authority, area: state.area, theme: state.theme, asKnownAt: state.asKnownAt })).judgementHistory
        : null;
      if (!current()) return;
      this.draw(state, asAt, picture, history);
      this.loading.textContent = "";
    } catch (error) {
      if (!current()) return;
      this.loading.textContent = "";
      showProblem(this.problem, error.message, () => this.show(this.state));
    }
  }

  draw(state, asAt, picture, history) {
    const { labels } = this.register;
    const record = this.record;
    const documents = record.inspections.edges.map((e) => e.node);
    const judgements = record.judgementHistory.filter((j) => !j.recordedUntil);
    const first = documents.length ? `${documents[0].publishedOn.slice(0, 4)}-01-01` : FIRST_DAY;
    const axis = { start: dayNumber(first < FIRST_DAY ? first : FIRST_DAY), end: Math.max(dayNumber(today()), dayNumber(asAt)) };
    this.axis = axis;
    this.recordSection.hidden = false;
    if (document.activeElement !== this.search.input) this.search.input.value = record.authority.name;
    drawHeading(document.getElementById("authority-heading"), record.authority);
    this.asAt.set(axis, documents.map((d) => d.publishedOn), asAt);
    this.knownAt.set(state.asKnownAt, changesOf(record));
    // A segment that had the focus keeps it when the timeline is drawn anew.
    const focused = document.activeElement?.closest?.("#timeline .segment")?.dataset.judgement;
    drawTimeline(document.getElementById("timeline"), {
      axis, documents, judgements, labels, asAt, knownAt: state.asKnownAt, selected: state.judgement,
      onOpen: (j) => navigate({ ...this.state, area: j.area, theme: j.theme, judgement: j.id }),
    });
    if (focused) document.querySelector(`#timeline .segment[data-judgement="${focused}"]`)?.focus();
    drawPicture(document.getElementById("picture"), picture, labels, record.authority.code);
    this.drawPanel(state, asAt, history, labels);
  }

  drawPanel(state, asAt, history, labels) {
    if (!history || !history.length) {
      const closing = !this.panel.hidden && this.panel.contains(document.activeElement);
      this.panel.hidden = true;
      const segment = closing && document.querySelector(`#timeline .segment[data-judgement="${this.panel.dataset.judgement}"]`);
      if (segment) segment.focus();
      return;
    }
    const standing = history.filter((v) => !v.recordedUntil);
    const judgement =
      standing.find((v) => v.id === state.judgement) ||
      history.find((v) => v.id === state.judgement) ||
      [...standing].reverse().find((v) => v.publishedOn <= asAt) ||
      standing[0] || history[0];
    const opening = this.panel.hidden || this.panel.dataset.judgement !== judgement.id;
    drawJudgement(this.panel, {
      judgement, versions: history, labels,
      onClose: () => navigate({ ...this.state, area: null, theme: null, judgement: null }),
    });
    this.panel.dataset.judgement = judgement.id;
    this.panel.dataset.row = rowKey(judgement);
    if (opening) this.panel.focus();
  }

  asAtMoved(asAt, committed) {
    if (committed) {
      navigate({ ...this.state, asAt });
      return;
    }
    // While the slider is dragged, only the line moves; letting go asks.
    const left = `${((dayNumber(asAt) - this.axis.start) / (this.axis.end - this.axis.start)) * 100}%`;
    for (const line of document.querySelectorAll("#timeline .as-at-line")) line.style.left = left;
  }
}
