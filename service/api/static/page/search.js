// The authority search: a combobox (ARIA 1.2, list autocomplete) over the
// register's names, other names and codes. Arrow keys move through the
// options, Enter picks one, Escape closes the list.

import { element, replaceChildren } from "./dom.js";

const SHOWN = 20;

function matches(authority, words) {
  const text = [authority.name, authority.code, ...(authority.alsoKnownAs || [])].join(" ").toLowerCase();
  return words.every((word) => text.includes(word));
}

export class AuthoritySearch {
  constructor(onPick) {
    this.input = document.getElementById("authority-search");
    this.list = document.getElementById("authority-options");
    this.onPick = onPick;
    this.authorities = [];
    this.loaded = false;
    this.shown = [];
    this.active = -1;
    this.input.addEventListener("input", () => this.filter());
    this.input.addEventListener("focus", () => this.input.value && this.filter());
    this.input.addEventListener("keydown", (event) => this.key(event));
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  setAuthorities(authorities) {
    this.authorities = authorities;
    this.loaded = true;
    // A person who typed before the register arrived sees it searched now.
    if (this.input.value.trim() && document.activeElement === this.input) this.filter();
  }

  filter() {
    const words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    this.shown = words.length ? this.authorities.filter((a) => matches(a, words)).slice(0, SHOWN) : [];
    this.active = this.shown.length ? 0 : -1;
    this.render();
  }

  render() {
    const options = this.shown.map((authority, i) =>
      element(
        "li",
        {
          id: `authority-option-${i}`,
          role: "option",
          "aria-selected": i === this.active ? "true" : "false",
          className: i === this.active ? "active" : "",
          onMousedown: (event) => {
            event.preventDefault();
            this.pick(i);
          },
        },
        element("span", { className: "option-name" }, authority.name),
        ` ${authority.code}`,
        authority.replacedOn ? element("span", { className: "option-note" }, ` (replaced ${authority.replacedOn})`) : null,
      ),
    );
    if (!this.shown.length && this.input.value.trim()) {
      const note = this.loaded ? "No authority matches" : "Loading the register…";
      options.push(element("li", { role: "option", "aria-disabled": "true", className: "none" }, note));
    }
    replaceChildren(this.list, options);
    const open = options.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (this.active >= 0) {
      this.input.setAttribute("aria-activedescendant", `authority-option-${this.active}`);
      document.getElementById(`authority-option-${this.active}`).scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  key(event) {
    const count = this.shown.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.list.hidden) this.filter();
      if (!count) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + count) % count;
      this.render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.active >= 0) this.pick(this.active);
    } else if (event.key === "Escape") {
      this.close();
    }
  }

  pick(index) {
    const chosen = this.shown[index];
    this.close();
    this.input.value = chosen.name;
    this.onPick(chosen.code);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }
}
