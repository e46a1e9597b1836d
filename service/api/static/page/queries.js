// Every question the page asks, with variables, over POST /graphql.

const AUTHORITY_FIELDS = `code name laNumber region alsoKnownAs replacedOn replacement
  replacedBy { code name } predecessors { code name }`;

export const REGISTER = `query Register {
  authorities { ${AUTHORITY_FIELDS} }
  areas { key label }
  themes { key label }
}`;

const JUDGEMENT_FIELDS = `id theme area areaLabel headline publishedOn validUntil recordedAt recordedUntil
  correctionReason grade { raw label labelPrinted band } source { section quote } inspection { id }`;

// The record as known at a moment (documents and the judgements they state),
// and, as known now, every moment at which a correction or a withdrawal changed it.
export const RECORD = `query Record($authority: ID!, $asKnownAt: DateTime) {
  authority(code: $authority) { ${AUTHORITY_FIELDS} establishedOn }
  inspections(authority: $authority, first: 500, asKnownAt: $asKnownAt) {
    edges { node { id title publishedOn withdrawnAt withdrawalReason judgementCount framework { key name graded } } }
  }
  judgementHistory(authority: $authority, asKnownAt: $asKnownAt) { ${JUDGEMENT_FIELDS} }
  knownNow: judgementHistory(authority: $authority) { recordedAt correctionReason areaLabel publishedOn }
  documentsNow: inspections(authority: $authority, first: 500) {
    edges { node { title publishedOn withdrawnAt withdrawalReason } }
  }
}`;

export const PICTURE = `query Picture($authority: ID!, $asAt: Date, $asKnownAt: DateTime) {
  picture(authority: $authority, asAt: $asAt, asKnownAt: $asKnownAt) {
    asAt asKnownAt position
    judgements { id theme area areaLabel publishedOn correctionReason grade { raw label band } authority { code name } }
  }
}`;

export const HISTORY = `query History($authority: ID!, $area: String, $theme: String, $asKnownAt: DateTime) {
  judgementHistory(authority: $authority, area: $area, theme: $theme, asKnownAt: $asKnownAt) {
    ${JUDGEMENT_FIELDS} correctedBy framework inspection { id title }
  }
}`;

export const NATIONAL = `query National($asAt: Date, $asKnownAt: DateTime) {
  nationalPicture(asAt: $asAt, asKnownAt: $asKnownAt) {
    authority { code name region }
    inspection { publishedOn title framework { name } }
    overallEffectiveness { raw label band }
  }
  nationalCounts(asAt: $asAt, asKnownAt: $asKnownAt) { band count }
  notGraded(asAt: $asAt, asKnownAt: $asKnownAt)
}`;

// Counts per band as at each of several days, one alias a day.
export function countsOverTime(days) {
  const variables = {};
  const fields = days.map((day, i) => {
    variables[`d${i}`] = day;
    return `c${i}: nationalCounts(asAt: $d${i}, asKnownAt: $asKnownAt) { band count }`;
  });
  const declared = days.map((_, i) => `$d${i}: Date`).join(", ");
  return {
    query: `query CountsOverTime(${declared}, $asKnownAt: DateTime) { ${fields.join("\n")} }`,
    variables,
  };
}
