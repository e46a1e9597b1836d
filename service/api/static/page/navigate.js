// Moving to a new state: written into the address, then drawn.

import { go } from "./state.js";

export function navigate(state, options = {}) {
  if (go(state, options)) document.dispatchEvent(new Event("statechange"));
}
