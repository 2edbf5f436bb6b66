"""A character tagger learned from public corpora (issue 11 item 3).

* :mod:`kg.tagger.features` hashed character / word features;
* :mod:`kg.tagger.stack` the stacked inputs: the pipeline's words with their jieba flags and
  LAC's tag of each character (the shipped weights read both: MSRA test alone 0.826 → 0.831,
  DuEE held exact recall 0.356 → 0.364; the model card has the figures);
* :mod:`kg.tagger.model` the BIOES tagger (structured perceptron weights, batched Viterbi);
* :mod:`kg.tagger.corpora` the training corpora and missing-label masking;
* :mod:`kg.tagger.train` training (``python -m kg.tagger.train --data DIR --out DIR``);
* :mod:`kg.tagger.component` the spaCy component ``kg_tagger``.

The weights and their model card are in ``kg/models/tagger/``. The tagger is **on by
default** (``KG_TAGGER=0`` turns it off) in the ``direct`` mode (products it is sure of,
:mod:`kg.tagger.component`): DuEE 1.0 dev held half, Product exact F1 0.181 → 0.253
(``kg eval duee --half held``, measured on the merged main); 23 dev articles a wash, entities
F1 0.860 → 0.857, relations 0.746 → 0.747 (the model card has the decision and its figures).
Before that mode: on the 23 dev articles (``kg eval dev --jobs 1``, entities tp/fp/fn) the pipeline
without it gives 509/45/134 (F1 0.850), with it at best 520/61/123 (0.850; ``KG_TAGGER=
PER,LOC,ORG,PRO KG_TAGGER_MODE=lac``, 2 articles better, 5 worse), with all its labels handed
to ``kg_ner_candidates`` 519/163/124 (0.783). Alone it scores MSRA test F1 0.826 and CLUENER
dev 0.659 (``python -m kg.tagger.score FILE``); ``kg eval recognition`` gives on MSRA test
0.692 without it, 0.708 with ``KG_TAGGER=1``, 0.697 in the ``lac`` setting above; on CLUENER
dev 0.413, 0.424 and 0.442. Speed of the component's tagging
(``tagger_spans`` over the dev articles' 43,201 characters with the pipeline's words, best
of 3, one core): 49,851 characters/s on a quiet machine, 12,119 with load 6 on two cores.
"""

from .component import enabled, make_tagger  # noqa: F401  (registers kg_tagger)
