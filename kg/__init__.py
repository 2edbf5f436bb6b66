"""kg: a knowledge-graph builder for Chinese news.

The package follows the data flow, one module per stage::

    read      an article file  -> Article (text, title, byline)
    segment   text             -> jieba words with part-of-speech flags (for nlp's tokenizer)
    nlp       Article          -> spaCy Doc with entity mentions, canonical entities
    extract   Doc              -> Relation records with evidence
    resolve   records          -> one entity per real-world thing across articles
    graph     records          -> rdflib Graph under the ontology in ``ontology/``
    export    Graph            -> graph.ttl, graph.html (atomic writes)
    query     graph.ttl        -> SPARQL answers

``build`` runs the whole path; ``cli`` is the ``kg`` command.
"""

import os

# One BLAS thread per process, set before numpy loads: numpy's matrix products (kg.tagger) then
# leave the other cores to ``--jobs`` workers, and a one-process build uses one core. Measured
# with the CLUENER NER since retired: two OpenBLAS threads gained 15% on its tok2vec but made
# jobs=2 slower than jobs=1 (0.90x). Set OPENBLAS_NUM_THREADS yourself to choose otherwise.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
