"""The names the scorer counts by (fixed by ``CONTRACT.md``) and how labels are compared."""

from __future__ import annotations

import re

from rdflib import RDFS
from rdflib.namespace import SKOS

from ..records import normalize

#: Local names fixed by ``CONTRACT.md``: any namespace will do.
CORE_CLASSES = frozenset({
    "Person", "Organization", "Company", "GovernmentBody", "Product", "Place", "Event",
    "Strategy", "Policy",
})
ARTICLE_CLASSES = frozenset({"Article", "NewsArticle", "Document", "CreativeWork", "Report"})
CORE_RELATIONS = frozenset({
    "partOf", "leads", "memberOf", "worksFor", "founded", "hasStrategy", "acquired",
    "investedIn", "partnerOf", "develops", "customerOf", "locatedIn", "attended", "organized",
    "issued", "basedOn", "authorOf", "publisherOf",
})
SYMMETRIC_RELATIONS = frozenset({"partnerOf"})

#: Gold name of the article node; a gold relation's end is ``@article:<file>``.
ARTICLE = "@article"
#: Edges of the confidence bands: [0, 0.5), [0.5, 0.6), … [0.9, 1.01).
DEFAULT_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)

# Outcomes of one predicted relation triple.
RIGHT = "right"        # a gold relation, credited to this triple
REPEAT = "repeat"      # a gold relation already credited to another triple: not counted
OPTIONAL = "optional"  # an optional gold relation: not counted
WRONG = "wrong"        # a false positive
SKIPPED = "skipped"    # an end outside the gold, with lenient=True: not counted

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_NAME_SEPARATOR = re.compile(r"[#/:]")

Triple = tuple[str, str, str]
"""A gold relation: (subject, predicate, object) as canonical names or ``@article:<file>``."""


def normalise(text: object) -> str:
    """Fold a label or alias for comparison (:func:`kg.records.normalize` of its text).

    Args:
        text: a string or an RDF literal.

    Returns:
        The folded text.

    >>> normalise(" 《钉钉》 DingTalk ")
    '钉钉dingtalk'
    """
    return normalize(str(text))


def local_name(term: object) -> str:
    """The last part of an IRI, after its final ``#``, ``/`` or ``:``.

    >>> local_name("https://w3id.org/kg-zh/ontology#partOf")
    'partOf'
    """
    return _NAME_SEPARATOR.split(str(term))[-1]
