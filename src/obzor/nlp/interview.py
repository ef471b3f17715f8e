"""Interviews: questions and answers set off by dashes; the answers belong to the interviewee."""

from __future__ import annotations

import re

from obzor.nlp.sentsplit import paragraphs
from obzor.nlp.speakers import People, Speaker

DASH_START = re.compile(r"[-–—]\s")
_INTERVIEW = re.compile(r"интервью|сұхбат|interview", re.IGNORECASE)


def answers(text: str) -> list[tuple[int, int]]:
    """Answer spans: a dash paragraph after a dash question, with the plain paragraphs after it.

    Only a text with at least one dash paragraph ending in "?" is an interview. Questions and
    answers alternate, so "- Спасибо за интервью." after an answer is the interviewer's.
    """
    paras = paragraphs(text)
    if not any(DASH_START.match(text[s:e]) and text[e - 1] == "?" for s, e in paras):
        return []
    found: list[tuple[int, int]] = []
    state, answer = "", (0, 0)
    for s, e in paras:
        if DASH_START.match(text[s:e]):
            if state == "answer":
                found.append(answer)
            state = "answer" if state == "question" else "question"
            answer = (s, e)
        elif state == "answer":
            answer = (answer[0], e)
    if state == "answer":
        found.append(answer)
    return found


def interviewee(text: str, people: People) -> Speaker | None:
    """Who answers: the person named nearest "интервью" before the first question, else the
    most mentioned person."""
    first = next(
        (
            m.start()
            for m in DASH_START.finditer(text)
            if m.start() == 0 or text[m.start() - 1] == "\n"
        ),
        len(text),
    )
    said = _INTERVIEW.search(text, 0, first)
    persons = [m for m in people.mentions if m.type == "PER" and m.end <= first]
    if said and persons:
        return people.speaker(min(persons, key=lambda m: abs(m.end - said.start())))
    return people.most_salient()
