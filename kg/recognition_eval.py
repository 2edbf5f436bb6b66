"""What ``kg build`` recognises in a sentence, scored against NER corpora.

``kg eval recognition FILE`` runs the shipped pipeline as a whole (lexicon, rules, naming
grammar, the pretrained recogniser, the canonicaliser) on each sentence of a CLUENER JSON-lines
file (``*.json``) or a BIO character file (MSRA, one ``char<TAB>tag`` a line), and compares the
named mentions (not anaphora) with the corpus's by exact span and class, on the classes both
sides have: CLUENER's labels through :data:`kg.cluener.LABEL_MAP`; BIO's PER = Person, LOC = Place,
ORG = any organisation class (Company, GovernmentBody, Organization). A class the corpus does not
annotate (Event, Policy …) is neither right nor wrong. In CLUENER files a span is compared without
the title marks around it (《》), and a prediction on a span the file labels with a class the
ontology lacks (book, movie, position) is not scored either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .ontology import ORGANIZATION_CLASSES

#: a BIO file's labels -> the class compared
BIO_CLASSES = {"PER": "Person", "LOC": "Place", "ORG": "ORG"}


def recognise(sentences: list[str], ner: bool = True) -> list[set[tuple[int, int, str]]]:
    """The named mentions ``kg build`` finds in each sentence: ``{(start, end, class)}``.

    >>> recognise(["记者王小明在北京报道。"], ner=False)[0] >= {(6, 8, "Place")}
    True
    """
    from .pipeline import analyse_many, get_pipeline
    from .read import parse_article

    nlp = get_pipeline(None if ner else False)
    articles = (parse_article(text, "sentence.txt") for text in sentences)
    return [{(m.start, m.end, m.label) for m in doc._.kg_mentions if m.source != "anaphor"}
            for _, doc in analyse_many(articles, nlp)]


def unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the title marks around it (CLUENER writes 《某游戏》 where the builder
    names 某游戏): the two sides are compared on the name inside.

    >>> unquoted("玩《星海》吧", 1, 5), unquoted("玩《星海》吧", 2, 4)
    ((2, 4), (2, 4))
    """
    if end - start > 2 and text[start] == "\u300a" and text[end - 1] == "\u300b":
        return start + 1, end - 1
    return start, end


def evaluate_recognition(path: Path, ner: bool = True) -> dict[str, Any]:
    """Per-class and overall P / R / F1 of the shipped recognition on a corpus file
    (the layout of :func:`kg.cluener.format_report`)."""
    from .cluener import LABEL_MAP, _score, read_bio, read_cluener

    unscored: list[set[tuple[int, int]]] | None = None
    if path.suffix == ".json":
        # job titles (CLUENER position) are no entity class of the ontology
        classes = {c for c in LABEL_MAP.values() if c != "TITLE"}
        read = [(text, [(*unquoted(text, s, e), lab) for s, e, lab in spans])
                for text, spans in read_cluener(path)]
        records = [(text, {(s, e, LABEL_MAP[lab]) for s, e, lab in spans if LABEL_MAP.get(lab) in classes})
                   for text, spans in read]
        # a name the file marks with a label the ontology has no class for (a book, a film, a
        # post) is neither right nor wrong: a prediction on exactly that span is not scored
        unscored = [{(s, e) for s, e, lab in spans if LABEL_MAP.get(lab) not in classes}
                    for _, spans in read]

        def of(label: str) -> str:
            return label
    else:
        records = [(text, {(s, e, BIO_CLASSES[lab]) for s, e, lab in spans if lab in BIO_CLASSES})
                   for text, spans in read_bio(path)]
        classes = set(BIO_CLASSES.values())

        def of(label: str) -> str:
            return "ORG" if label in ORGANIZATION_CLASSES else label
    found = recognise([text for text, _ in records], ner)
    if unscored is not None:
        found = [{(*unquoted(text, s, e), label) for s, e, label in spans}
                 for (text, _), spans in zip(records, found)]
    preds = [{(s, e, of(label)) for s, e, label in spans if of(label) in classes} for spans in found]
    if unscored is not None:
        preds = [{p for p in pred if p[:2] not in skip} for pred, skip in zip(preds, unscored)]
    scores = _score([gold for _, gold in records], preds)
    scores["docs"] = len(records)
    return scores
