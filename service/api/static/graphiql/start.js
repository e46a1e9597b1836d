// GraphiQL served from this repository (graphiql 3.8.3, react 18.2.0; see
// README.md beside this file): it talks to /graphql on this origin, over HTTP
// for queries and mutations and a websocket for subscriptions, and keeps the
// query and variables in the address so that a link shares them.
"use strict";

(function start() {
  var parameters = new URLSearchParams(window.location.search);
  var endpoint = window.location.origin + window.location.pathname;
  var socket = new URL(endpoint);
  socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";

  function remember(name, value) {
    if (value) parameters.set(name, value);
    else parameters.delete(name);
    history.replaceState(null, "", "?" + parameters.toString());
  }

  var fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: socket.toString() });
  var example =
    "# The inspection record service. Run with Ctrl-Enter.\n" +
    "query Picture($authority: ID!, $asAt: Date) {\n" +
    "  picture(authority: $authority, asAt: $asAt) {\n" +
    "    position\n" +
    "    judgements { theme area areaLabel grade { raw label band } publishedOn }\n" +
    "  }\n" +
    "}\n";

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      query: parameters.get("query") || example,
      variables: parameters.get("variables") || '{"authority": "E08000007", "asAt": "2012-03-23"}',
      onEditQuery: function (value) { remember("query", value); },
      onEditVariables: function (value) { remember("variables", value); },
    }),
  );
})();
