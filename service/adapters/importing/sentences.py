"""Grades stated in words, alone or in a sentence: whether printed words
are a grade on a framework's scale, and the sentences reports state their
headline in ("Children's services in Stockport are good", "The overall
judgement is requires improvement", "The LSCB is good")."""

from __future__ import annotations

import re

from domain.errors import DomainError
from domain.frameworks import Framework
from service.adapters.importing.text import Line

# The single inspection framework's headline: "Children's services in
# Stockport are good", "... require improvement to be good".
HEADLINE_SENTENCE = re.compile(
    r"^(?:the overall judgement is that )?(?P<label>children['’]?s services?(?: in .+?)?)"
    r" (?P<grade>(?:are|is|requires?)\b.+?)\.?$",
    re.I,
)
# The first reports of 2014: "The overall judgement is requires improvement".
OVERALL_SENTENCE = re.compile(r"^(?P<label>the overall judgement) (?P<grade>is\b.+?)\.?$", re.I)
# The SIF's review of the Local Safeguarding Children Board, graded under a
# theme of its own: "The LSCB is good", "The LSCB in Stockport requires
# improvement"; the label is whatever `theme_named` takes for the board.
LSCB = "lscb"
LSCB_SENTENCE = re.compile(
    r"^(?P<label>.+?)(?: in [A-Z][\w'’ ,-]*?)? (?P<grade>(?:is|are|requires?)\b.+?)\.?$"
)
SENTENCES = ((HEADLINE_SENTENCE, None), (OVERALL_SENTENCE, None), (LSCB_SENTENCE, LSCB))
VERB = re.compile(r"^(?:are|is)\b:?\s*", re.I)


def sentence_grade(grade: str) -> str:
    """A sentence's grade as the scale reads it; `raw` keeps the words as printed."""
    return re.sub(r"^require\b", "requires", VERB.sub("", grade), flags=re.I)


def in_words(framework: Framework, printed: str) -> bool:
    """A grade in words on the framework's scale: a bare number is too often something else."""
    return not any(c.isdigit() for c in printed) and on_scale(framework, printed.strip())


def on_scale(framework: Framework, printed: str) -> bool:
    try:
        framework.grade_for(printed)
    except DomainError:
        return False
    return True


def states_headline(line: Line, framework: Framework) -> bool:
    found = HEADLINE_SENTENCE.match(line.clean)
    return found is not None and in_words(framework, sentence_grade(found["grade"]))
