"""The read models the service keeps. Adding one is one module and one line here."""

from __future__ import annotations

from projections.authorities import Authorities
from projections.event_log import EventLog
from projections.headline_declines import HeadlineDeclines
from projections.inspections import Inspections
from projections.judgements import Judgements
from projections.read_model import ReadModel
from projections.recommendations import Recommendations


def read_models() -> list[ReadModel]:
    return [
        Authorities(),
        Inspections(),
        Judgements(),
        Recommendations(),
        EventLog(),
        HeadlineDeclines(),
    ]
