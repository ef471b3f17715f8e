"""Month names in Russian, English and Kazakh (full, inflected, abbreviated) -> 1..12.

Kept apart from obzor.clean (which loads trafilatura and htmldate) so that the date finder,
and the read commands that import it, start without them.
"""

from __future__ import annotations

_MONTH_FORMS = (
    # Russian (nominative, genitive, prepositional, abbreviations), English, Kazakh.
    ("январь января январе янв", "january jan", "қаңтар"),
    ("февраль февраля феврале фев февр", "february feb", "ақпан"),
    ("март марта марте мар", "march mar", "наурыз"),
    ("апрель апреля апреле апр", "april apr", "сәуір"),
    ("май мая мае", "may", "мамыр"),
    ("июнь июня июне июн", "june jun", "маусым"),
    ("июль июля июле июл", "july jul", "шілде"),
    ("август августа августе авг", "august aug", "тамыз"),
    ("сентябрь сентября сентябре сен сент", "september sep sept", "қыркүйек"),
    ("октябрь октября октябре окт", "october oct", "қазан"),
    ("ноябрь ноября ноябре ноя нояб", "november nov", "қараша"),
    ("декабрь декабря декабре дек", "december dec", "желтоқсан"),
)
MONTHS: dict[str, int] = {
    form: number
    for number, groups in enumerate(_MONTH_FORMS, start=1)
    for group in groups
    for form in group.split()
}
