// Reading through same-origin POST /graphql, and the three ways it can fail:
// the server does not answer, it answers with GraphQL errors, or with
// something that is not a GraphQL answer at all.

const TIMEOUT_MS = 15000;

export class Unanswered extends Error {}
export class Refused extends Error {}

export async function ask(query, variables = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
  } catch (error) {
    const why = error.name === "AbortError" ? `no answer within ${TIMEOUT_MS / 1000} s` : error.message;
    throw new Unanswered(`The server did not answer (${why}).`);
  } finally {
    clearTimeout(timer);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Unanswered(`The server answered ${response.status} ${response.statusText}, not a GraphQL answer.`);
  }
  if (body.errors && body.errors.length) {
    throw new Refused([...new Set(body.errors.map((e) => e.message))].join(" "));
  }
  if (!body.data) throw new Refused(`The server answered ${response.status} with no data.`);
  return body.data;
}
