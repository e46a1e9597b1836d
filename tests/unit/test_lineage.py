"""Renames, replacements by kind, the v1 upcast, and whose records stand for an authority on a day."""

from __future__ import annotations

from datetime import date

import pytest

from domain.authorities import Authority
from domain.errors import InvalidDate, InvalidValue
from domain.lineage import Lineage, Replacement


def test_a_version_1_replacement_is_read_as_a_split_when_it_names_several_successors_else_a_merge() -> None:
    several: dict[str, object] = {"successors": ["E06000061", "E06000062"], "replaced_on": date(2021, 4, 1)}
    one: dict[str, object] = {"successors": ["E06000058"], "replaced_on": date(2019, 4, 1)}
    Authority.AuthorityReplaced.upcast_v1_v2(several)
    Authority.AuthorityReplaced.upcast_v1_v2(one)
    assert several["kind"] == "split" and one["kind"] == "merge"


def test_a_replacement_names_as_many_successors_as_its_kind_allows() -> None:
    county = Authority.register(gss_code_value="E10000002", name="Buckinghamshire")
    with pytest.raises(InvalidValue, match="exactly one successor"):
        county.replace_by(["E06000060", "E06000061"], date(2020, 4, 1), "recode")
    with pytest.raises(InvalidValue, match="not a kind of replacement"):
        county.replace_by(["E06000060"], date(2020, 4, 1), "rename")
    county.replace_by(["E06000060"], date(2020, 4, 1), "recode")
    assert county.replacement_kind == "recode"


def test_a_rename_takes_effect_on_its_day_and_may_not_go_back_in_time_or_past_a_replacement() -> None:
    bcp = Authority.register(gss_code_value="E06000058", name="Bournemouth, Christchurch and Poole")
    bcp.rename("BCP Council", date(2024, 4, 1))
    assert bcp.name == "BCP Council"
    assert bcp.name_on(date(2024, 3, 31)) == "Bournemouth, Christchurch and Poole"
    with pytest.raises(InvalidDate, match="last renamed"):
        bcp.rename("Another", date(2023, 1, 1))
    bcp.replace_by(["E06000099"], date(2030, 4, 1), "recode")
    with pytest.raises(InvalidDate, match="replaced"):
        bcp.rename("Later", date(2031, 1, 1))


LINEAGE = Lineage(
    [
        Replacement("E10000021", "E06000061", "split", date(2021, 4, 1)),
        Replacement("E10000021", "E06000062", "split", date(2021, 4, 1)),
        Replacement("E06000028", "E06000058", "merge", date(2019, 4, 1)),
        Replacement("E06000029", "E06000058", "merge", date(2019, 4, 1)),
        Replacement("E10000002", "E06000060", "recode", date(2020, 4, 1)),
    ],
    {},
)


def test_before_it_existed_an_authoritys_records_are_its_predecessors_alive_that_day() -> None:
    assert LINEAGE.standing_for("E06000061", date(2020, 1, 1)) == ["E10000021"]
    assert LINEAGE.standing_for("E06000058", date(2018, 1, 1)) == ["E06000028", "E06000029"]
    assert LINEAGE.standing_for("E06000061", date(2021, 4, 1)) == ["E06000061"]


def test_one_predecessor_is_continued_and_a_merger_starts_afresh() -> None:
    assert LINEAGE.history_of("E06000060") == ["E06000060", "E10000002"]
    assert LINEAGE.history_of("E06000062") == ["E06000062", "E10000021"]
    assert LINEAGE.history_of("E06000058") == ["E06000058"]


def test_an_authority_is_alive_from_its_predecessors_replacement_until_its_own() -> None:
    assert not LINEAGE.alive("E06000060", date(2020, 3, 31)) and LINEAGE.alive("E06000060", date(2020, 4, 1))
    assert LINEAGE.alive("E10000002", date(2020, 3, 31)) and not LINEAGE.alive("E10000002", date(2020, 4, 1))
    assert LINEAGE.alive("E08000007", date(2005, 1, 1))
