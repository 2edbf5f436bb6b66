"""Stage 3: relations the text states, each with its verbatim evidence.

The work lives in :mod:`kg.relations` (pattern families, candidates, features, scorer; see
:mod:`kg.relations.component`); this module keeps the names other modules import and registers
the spaCy factory ``kg_relations``.
"""

from __future__ import annotations

from .relations.byline import ARTICLE
from .relations.component import RelationExtractor, make_relation_extractor
from .relations.context import Mention

__all__ = ["ARTICLE", "Mention", "RelationExtractor", "make_relation_extractor"]
