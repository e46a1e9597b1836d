// Days as ISO strings (YYYY-MM-DD) and the arithmetic the timeline needs.

const DAY_MS = 86400000;

export function today() {
  return new Date().toISOString().slice(0, 10);
}

export function dayNumber(iso) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoOfDay(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

export function isDate(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
    && isoOfDay(dayNumber(text)) === text;
}

const LONG = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function longDate(iso) {
  return iso ? LONG.format(new Date(`${iso}T00:00:00Z`)) : "";
}

// A recorded moment as the server gives it, shown to the microsecond in UTC.
export function moment(text) {
  if (!text) return "";
  return text.replace("T", " ").replace(/(\+00:00|Z)$/, " UTC");
}

// The moment one microsecond before a recorded one (as ISO 8601 in UTC):
// as known then, the event recorded at `text` had not happened yet.
export function justBefore(text) {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return text;
  const seconds = Date.parse(match[1] + match[3]) / 1000;
  const micros = BigInt(seconds) * 1000000n + BigInt((match[2] || "").padEnd(6, "0") || "0") - 1n;
  const whole = Number(micros / 1000000n);
  const fraction = String(micros % 1000000n).padStart(6, "0");
  return `${new Date(whole * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}
