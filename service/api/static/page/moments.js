// The two moments a question names. As at: a slider over the timeline's days
// and a date input, the arrow keys stepping from document to document. As
// known at: a toggle, an ISO 8601 input and the moments at which a
// correction or a withdrawal changed what this service knew.

import { dayNumber, isDate, isoOfDay, justBefore, longDate, moment } from "./dates.js";
import { element, replaceChildren } from "./dom.js";

const KNOWN_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class AsAtControl {
  constructor(onChange) {
    this.slider = document.getElementById("as-at-slider");
    this.date = document.getElementById("as-at-date");
    this.onChange = onChange;
    this.axis = { start: 0, end: 0 };
    this.stops = [];
    this.slider.addEventListener("input", () => this.dragged(false));
    this.slider.addEventListener("change", () => this.dragged(true));
    this.slider.addEventListener("keydown", (event) => this.key(event));
    this.date.addEventListener("change", () => {
      if (isDate(this.date.value)) this.onChange(this.date.value, true);
    });
  }

  // The axis in day numbers, the documents' publication days, and the day shown.
  set(axis, stops, asAt) {
    this.axis = axis;
    this.stops = [...new Set(stops)].sort();
    this.slider.min = "0";
    this.slider.max = String(axis.end - axis.start);
    this.date.min = isoOfDay(axis.start);
    this.date.max = isoOfDay(axis.end);
    this.show(asAt);
  }

  show(asAt) {
    this.slider.value = String(Math.min(Math.max(dayNumber(asAt) - this.axis.start, 0), this.axis.end - this.axis.start));
    this.slider.setAttribute("aria-valuetext", longDate(asAt));
    this.date.value = asAt;
  }

  current() {
    return isoOfDay(this.axis.start + Number(this.slider.value));
  }

  dragged(committed) {
    const asAt = this.current();
    this.slider.setAttribute("aria-valuetext", longDate(asAt));
    this.date.value = asAt;
    this.onChange(asAt, committed);
  }

  key(event) {
    const forward = event.key === "ArrowRight" || event.key === "ArrowUp";
    const back = event.key === "ArrowLeft" || event.key === "ArrowDown";
    if (!forward && !back) return;
    event.preventDefault();
    const now = this.current();
    const next = forward ? this.stops.find((d) => d > now) : [...this.stops].reverse().find((d) => d < now);
    if (next) {
      this.show(next);
      this.onChange(next, true);
    }
  }
}

export class KnownAtControl {
  constructor(onChange) {
    this.toggle = document.getElementById("known-toggle");
    this.input = document.getElementById("known-at");
    this.choice = document.getElementById("known-choice");
    this.suggestions = document.getElementById("known-moments");
    this.onChange = onChange;
    this.toggle.addEventListener("change", () => {
      this.enable(this.toggle.checked);
      if (!this.toggle.checked) this.onChange(null);
      else if (KNOWN_AT.test(this.input.value)) this.onChange(this.input.value);
      else this.input.focus();
    });
    this.input.addEventListener("change", () => this.typed());
    this.input.addEventListener("keydown", (event) => event.key === "Enter" && (event.preventDefault(), this.typed()));
    this.choice.addEventListener("change", () => {
      if (!this.choice.value) return;
      this.input.value = this.choice.value;
      this.onChange(this.choice.value);
    });
  }

  typed() {
    const value = this.input.value.trim();
    const valid = KNOWN_AT.test(value);
    this.input.setAttribute("aria-invalid", String(!valid));
    if (valid) this.onChange(value);
  }

  enable(on) {
    this.input.disabled = !on;
    this.choice.disabled = !on;
  }

  // Every moment a correction or a withdrawal was recorded, each offered as
  // "just before" and "from".
  set(knownAt, changes) {
    this.toggle.checked = Boolean(knownAt);
    this.enable(Boolean(knownAt));
    this.input.value = knownAt || "";
    this.input.removeAttribute("aria-invalid");
    const options = [element("option", { value: "" }, changes.length ? "Choose a moment…" : "No correction or withdrawal recorded")];
    const suggestions = [];
    for (const change of changes) {
      const before = justBefore(change.recordedAt);
      options.push(element("option", { value: before }, `Just before ${change.what} (${moment(change.recordedAt)})`));
      options.push(element("option", { value: change.recordedAt }, `Once ${change.what} was recorded (${moment(change.recordedAt)})`));
      suggestions.push(element("option", { value: before }), element("option", { value: change.recordedAt }));
    }
    replaceChildren(this.choice, options);
    replaceChildren(this.suggestions, suggestions);
    this.choice.value = changes.some((c) => c.recordedAt === knownAt || justBefore(c.recordedAt) === knownAt) ? knownAt : "";
  }
}
