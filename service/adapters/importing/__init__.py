"""Reading published documents for import: the text of a letter or report
becomes a document to review (service.application.importing).

One module per concern: `text` (the document as lines, whatever file it came
from), `frameworks`, `authorities`, `dates`, `areas`, `judgements`,
`recommendations`, `quotes`; `letters` puts them together, and `reviewed`
writes the seed file and its source. A second source of text (PDF) adds a
reader that yields the same lines; nothing after `text` knows the file type.
"""
