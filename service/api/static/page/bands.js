// Bands: a colour (page.css, class band-NAME) always beside a word.

export const BANDS = ["OUTSTANDING", "GOOD", "ADEQUATE", "INADEQUATE"];

const WORDS = {
  OUTSTANDING: "Outstanding",
  GOOD: "Good",
  ADEQUATE: "Adequate / requires improvement",
  INADEQUATE: "Inadequate",
};

export function bandWords(band) {
  return WORDS[band] || "Not graded";
}

export function bandClass(band) {
  return `band-${(band || "none").toLowerCase()}`;
}

// The grade as the document printed it, in words where it gave any.
export function gradeWords(grade) {
  if (!grade) return "No grade";
  if (grade.label && grade.label !== grade.raw) return `${grade.label} (${grade.raw})`;
  return grade.raw;
}
