"""Grouping real RIA days (shared data): hard pairs stay apart, one event stays together."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.evaluation.ria_stories import group, ria_articles, ria_item

DAYS = ("29.11.2023", "30.11.2023", "01.12.2023")
WEATHER_THURSDAY, WEATHER_FRIDAY = 1912801647, 1913068854  # "Москвичам рассказали о погоде"
NIZHNY_ABORTION_BILL = 1912875712  # a regional bill adopted in first reading
DUMA_ABORTION_WORK = 1912914368  # the Duma on excluding abortions from private clinics
LIPETSK_CLINICS = 1913093699  # Lipetsk private clinics stop abortions, the next morning
GERGIEV_APPOINTED, GERGIEV_ON_APPOINTMENT = 1913180665, 1913189760


@pytest.fixture(scope="module")
def stories(shared_dir: Path) -> dict[int, int]:
    rows = ria_articles(shared_dir / "corpora" / "ria2023")
    return group(ria_item(i, r) for i, r in rows.items() if r["datetime"].strip()[-10:] in DAYS)


def test_weather_forecasts_of_two_days_are_two_stories(stories: dict[int, int]) -> None:
    assert stories[WEATHER_THURSDAY] != stories[WEATHER_FRIDAY]


def test_same_subject_bills_and_reports_are_two_stories(stories: dict[int, int]) -> None:
    assert stories[NIZHNY_ABORTION_BILL] != stories[DUMA_ABORTION_WORK]
    assert stories[NIZHNY_ABORTION_BILL] != stories[LIPETSK_CLINICS]


def test_reports_of_one_appointment_are_one_story(stories: dict[int, int]) -> None:
    assert stories[GERGIEV_APPOINTED] == stories[GERGIEV_ON_APPOINTMENT]
