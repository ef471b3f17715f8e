"""natasha's bare segment + NER in its own process, so that its peak memory is its own.

bench/pipeline.py starts this script and sends it one JSON line per chunk (a list of texts);
it answers one JSON line per chunk: CPU and wall-clock seconds spent on it and peak RSS (MB).
The models load before the first answer ("ready"), outside any clock.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter


def main() -> None:
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    warm = Doc("Лавров прибыл в Минск.")
    warm.segment(segmenter)
    warm.tag_ner(tagger)

    def answer(**data: float | str) -> None:
        data["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    answer(status="ready")
    for line in sys.stdin:
        texts = json.loads(line)
        cpu, wall = time.process_time(), time.perf_counter()
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
        answer(cpu=time.process_time() - cpu, wall=time.perf_counter() - wall)


if __name__ == "__main__":
    main()
