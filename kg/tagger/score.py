"""The tagger alone on a test corpus: ``python -m kg.tagger.score FILE [--model PATH]``.

A BIO character file (MSRA: PER / LOC / ORG) or a CLUENER JSON-lines file (name → PER, address
and scene → LOC, company / government / organization → ORG, game → PRO); exact spans, per label
and overall, in the layout of ``kg eval recognition`` (last line ``F1=0.xxx``), then the speed. Words are
those the weights were trained on: ``jieba.cut``'s, or for weights with stacked inputs the pipeline's
with their flags and LAC's tags (:mod:`kg.tagger.stack`; the speed is then the tagger's alone,
without LAC).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .model import TaggerModel

CLUENER = {"name": "PER", "address": "LOC", "scene": "LOC", "company": "ORG", "government": "ORG",
           "organization": "ORG", "game": "PRO"}


def read(path: Path) -> tuple[list[str], list[set[tuple[int, int, str]]]]:
    """Sentences and their gold spans in the tagger's labels."""
    from ..cluener import read_bio
    from ..cluener import read_cluener

    if path.suffix == ".json":
        records = [(t, {(s, e, CLUENER[lab]) for s, e, lab in spans if lab in CLUENER}) for t, spans in read_cluener(path)]
    else:
        records = [(t, {s for s in spans if s[2] in ("PER", "LOC", "ORG")}) for t, spans in read_bio(path)]
    return [t for t, _ in records], [g for _, g in records]


def score(model: TaggerModel, path: Path) -> dict:
    """Per-label and overall P / R / F1 of the model on a file, with ``chars_per_s``."""
    from ..cluener import _score
    from .features import jieba_words
    from .stack import lac_chars_many, lac_columns, pipeline_words

    texts, golds = read(path)
    labels = {lab for gold in golds for _, _, lab in gold}
    flags = lac = None
    if model.stack:  # weights trained on the pipeline's words read them, with their inputs
        read_words = [pipeline_words(t) for t in texts]
        words, flags = [w for w, _ in read_words], [f for _, f in read_words]
        lac = [lac_columns(ids) for ids in lac_chars_many(texts)] if "lac" in model.stack else None
    else:
        words = [jieba_words(t) for t in texts]
    began = time.perf_counter()
    found = model.spans(texts, words, flags=flags, lac=lac)
    seconds = time.perf_counter() - began
    result = _score(golds, [{s for s in spans if s[2] in labels} for spans in found])
    result["docs"] = len(texts)
    result["chars_per_s"] = sum(map(len, texts)) / seconds
    return result


def main(argv: list[str] | None = None) -> None:
    from ..cluener import format_report
    from .component import MODEL_PATH

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    result = score(TaggerModel.load(args.model), args.file)
    print(f"{result['docs']} sentences; the tagger alone (jieba words given): {result['chars_per_s']:,.0f} characters/s")
    print(format_report(result))


if __name__ == "__main__":
    main()
