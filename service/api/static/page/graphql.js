// Reading through same-origin /graphql, and the three ways it can fail: the
// server does not answer, it answers with GraphQL errors, or with something
// that is not a GraphQL answer at all.
//
// The page asks only the registered queries of queries/page/, by name; the
// server lists them at /queries/page.json with their hashes and texts. Each
// is sent by its hash alone, by GET, so that an HTTP cache may keep the
// answers that never change (and revalidate the others by their ETag); only
// if the server does not know the hash is the text sent, by POST, with it
// (the automatic persisted query protocol), and the next GET finds it.

const TIMEOUT_MS = 15000;
const MANIFEST = "/queries/page.json";
const ACCEPT = "application/graphql-response+json";

export class Unanswered extends Error {}
export class Refused extends Error {}

let registered = null;

// The manifest, asked for once (index.html preloads it); asked again after a failure.
function registeredQueries() {
  if (!registered) {
    registered = fetchWithin(MANIFEST, {}).then(async (response) => {
      if (!response.ok) throw new Unanswered(`The server answered ${response.status} ${response.statusText} for the page's queries.`);
      return response.json();
    });
    registered.catch(() => { registered = null; });
  }
  return registered;
}

async function fetchWithin(url, options) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    return await fetch(url, { ...options, signal: abort.signal });
  } catch (error) {
    const why = error.name === "AbortError" ? `no answer within ${TIMEOUT_MS / 1000} s` : error.message;
    throw new Unanswered(`The server did not answer (${why}).`);
  } finally {
    clearTimeout(timer);
  }
}

async function answerOf(response) {
  try {
    return await response.json();
  } catch {
    throw new Unanswered(`The server answered ${response.status} ${response.statusText}, not a GraphQL answer.`);
  }
}

function notFound(body) {
  return (body.errors || []).some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND");
}

export async function ask(name, given = {}) {
  const query = (await registeredQueries())[name];
  if (!query) throw new Refused(`The page asked ${name}, which is not among its registered queries.`);
  // Every argument the page may leave unset defaults to null, so a null variable
  // left out asks the same question; one question, one address, one answer kept.
  const variables = Object.fromEntries(Object.entries(given).filter(([, value]) => value != null));
  const extensions = { persistedQuery: { version: 1, sha256Hash: query.sha256 } };
  const byHash = new URLSearchParams({
    operationName: name,
    variables: JSON.stringify(variables),
    extensions: JSON.stringify(extensions),
  });
  let response = await fetchWithin(`/graphql?${byHash}`, { headers: { accept: ACCEPT } });
  let body = await answerOf(response);
  if (notFound(body)) {
    response = await fetchWithin("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT },
      body: JSON.stringify({ query: query.text, operationName: name, variables, extensions }),
    });
    body = await answerOf(response);
  }
  if (body.errors && body.errors.length) {
    throw new Refused([...new Set(body.errors.map((e) => e.message))].join(" "));
  }
  if (!body.data) throw new Refused(`The server answered ${response.status} with no data.`);
  return body.data;
}
