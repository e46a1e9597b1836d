// The page's entry: draws the view the address names, and draws it again
// whenever the address changes (a choice, or back and forward).

import { AuthorityView } from "./authority.js";
import { NationalView } from "./national.js";
import { navigate } from "./navigate.js";
import { readState } from "./state.js";

const views = { authority: new AuthorityView(), national: new NationalView() };

function draw() {
  const state = readState();
  for (const [name, view] of Object.entries(views)) view.root.hidden = name !== state.view;
  document.getElementById(`nav-${state.view}`).setAttribute("aria-current", "page");
  document.getElementById(`nav-${state.view === "national" ? "authority" : "national"}`).removeAttribute("aria-current");
  views[state.view].show(state);
}

window.addEventListener("popstate", draw);
document.addEventListener("statechange", draw);
draw();

// Links within the page move through the history without reloading it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-internal]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(readState(new URL(link.href)));
});
