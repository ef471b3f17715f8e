"""Month names in Russian, English and Kazakh (full, inflected, abbreviated) -> 1..12.

Kept apart from obzor.clean (which loads trafilatura and htmldate) so that the date finder,
and the read commands that import it, start without them.
"""

from __future__ import annotations

_MONTH_FORMS = (
    # Russian (nominative, genitive, prepositional, instrumental, abbreviations), English, Kazakh.
    ("январь января январе январем янв", "january jan", "қаңтар"),
    ("февраль февраля феврале февралем фев февр", "february feb", "ақпан"),
    ("март марта марте мартом мар", "march mar", "наурыз"),
    ("апрель апреля апреле апрелем апр", "april apr", "сәуір"),
    ("май мая мае маем", "may", "мамыр"),
    ("июнь июня июне июнем июн", "june jun", "маусым"),
    ("июль июля июле июлем июл", "july jul", "шілде"),
    ("август августа августе августом авг", "august aug", "тамыз"),
    ("сентябрь сентября сентябре сентябрем сен сент", "september sep sept", "қыркүйек"),
    ("октябрь октября октябре октябрем окт", "october oct", "қазан"),
    ("ноябрь ноября ноябре ноябрем ноя нояб", "november nov", "қараша"),
    ("декабрь декабря декабре декабрем дек", "december dec", "желтоқсан"),
)
MONTHS: dict[str, int] = {
    form: number
    for number, groups in enumerate(_MONTH_FORMS, start=1)
    for group in groups
    for form in group.split()
}
