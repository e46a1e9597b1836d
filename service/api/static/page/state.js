// The state of a view lives in the address: a link shares it, and back and
// forward move through it. Only what differs from the defaults is written.

const KEYS = ["authority", "asAt", "asKnownAt", "area", "theme", "judgement", "region"];

export function readState(location = window.location) {
  const parameters = new URLSearchParams(location.search);
  const state = { view: location.pathname.replace(/\/+$/, "") === "/national" ? "national" : "authority" };
  for (const key of KEYS) {
    const value = parameters.get(key);
    state[key] = value === null || value === "" ? null : value;
  }
  return state;
}

export function addressOf(state) {
  const parameters = new URLSearchParams();
  for (const key of KEYS) if (state[key]) parameters.set(key, state[key]);
  const query = parameters.toString();
  return (state.view === "national" ? "/national" : "/") + (query ? `?${query}` : "");
}

// A new entry in the history (a choice the reader made), or the same entry
// rewritten (a slider being dragged), then the view is drawn from it.
export function go(state, { replace = false } = {}) {
  const address = addressOf(state);
  if (address === window.location.pathname + window.location.search) return false;
  if (replace) history.replaceState(null, "", address);
  else history.pushState(null, "", address);
  return true;
}
