// A failure is shown, never a blank page: what went wrong, and a way to try again.

import { element, replaceChildren } from "./dom.js";

export function showProblem(region, message, retry) {
  region.hidden = false;
  const button = element("button", { type: "button", className: "retry", onClick: () => retry() }, "Retry");
  replaceChildren(region, element("p", { className: "problem-message" }, message), button);
}

export function clearProblem(region) {
  region.hidden = true;
  replaceChildren(region);
}
