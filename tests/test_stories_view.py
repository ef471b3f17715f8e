"""Story presentation: roles that agree with publication times, the representative headline."""

from __future__ import annotations

from typing import Any

from obzor.stories.features import DocFreq, item_from_tokens
from obzor.stories.view import importance, representative, settle_roles


def member(i: int, seen: str | None, role: str, original: int | None = None) -> dict[str, Any]:
    return {"id": i, "seen": seen, "role": role, "original_id": original, "title": f"#{i}"}


def test_a_reprint_stored_first_but_published_earlier_is_the_first_report() -> None:
    # obzor story 1414: #1414 (17:26) opened the story, #1418 (17:09) arrived later and was
    # marked "reprint <- #1414"; a report cannot copy one published after it.
    settled = settle_roles(
        [
            member(1414, "2023-12-01T17:26", "first"),
            member(1418, "2023-12-01T17:09", "reprint", 1414),
            member(1420, "2023-12-01T18:00", "member"),
        ]
    )
    assert [(m["id"], m["role"], m["original_id"]) for m in settled] == [
        (1418, "first", None),
        (1414, "member", None),
        (1420, "member", None),
    ]


def test_a_duplicate_group_is_rooted_at_its_earliest_copy() -> None:
    settled = settle_roles(
        [
            member(5, "2023-12-01T10:00", "first"),
            member(7, "2023-12-01T09:00", "duplicate", 5),
            member(9, "2023-12-01T11:00", "duplicate", 5),
            member(11, "2023-12-01T12:00", "reprint", 5),
        ]
    )
    roles = {m["id"]: (m["role"], m["original_id"]) for m in settled}
    assert roles == {
        7: ("first", None),
        5: ("duplicate", 7),
        9: ("duplicate", 7),
        11: ("reprint", 7),
    }
    assert [m["id"] for m in settled] == [7, 5, 9, 11]  # publication order


def test_a_valid_reprint_keeps_its_original_and_undated_reports_come_last() -> None:
    settled = settle_roles(
        [
            member(1, None, "first"),
            member(2, "2025-04-10T16:45", "member"),
            member(3, "2025-04-10T18:20", "reprint", 2),
        ]
    )
    assert [(m["id"], m["role"], m["original_id"]) for m in settled] == [
        (2, "first", None),
        (3, "reprint", 2),
        (1, "member", None),
    ]


def _item(i: int, title: str, body: str) -> Any:
    return item_from_tokens(i, title.lower().split(), body.lower().split(), title, day=1)


def test_the_representative_report_is_the_one_closest_to_the_centroid() -> None:
    items = [  # the oldest and the latest headlines are side angles; #3 states the core
        _item(1, "хабенский поздравил гергиева", "хабенский поздравил гергиев мхат"),
        _item(2, "гергиев возглавил театр вместо урина", "гергиев возглавил большой театр урин"),
        _item(3, "гергиев возглавил большой театр", "гергиев возглавил большой театр"),
        _item(4, "гергиев возглавил большой театр указом", "гергиев возглавил большой театр указ"),
        _item(5, "урин покидает пост", "урин покидает пост директор"),
    ]
    df = DocFreq()
    for item in items:
        df.add(item)
    assert representative(items, df) == 3
    assert representative(items[:1], df) == 1
    assert representative([], df) is None


def test_importance_grows_with_size_sources_and_threat() -> None:
    small = importance(size=1, growth=1, sources=1, threat_score=0.0)
    assert importance(size=5, growth=1, sources=1, threat_score=0.0) > small
    assert importance(size=1, growth=1, sources=3, threat_score=0.0) > small
    assert importance(size=1, growth=1, sources=1, threat_score=0.9) > small
