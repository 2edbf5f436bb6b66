"""A character tagger learned from public corpora (issue 11 item 3).

* :mod:`kg.tagger.features` hashed character / word features;
* :mod:`kg.tagger.model` the BIOES tagger (structured perceptron weights, batched Viterbi);
* :mod:`kg.tagger.corpora` the training corpora and missing-label masking;
* :mod:`kg.tagger.train` training (``python -m kg.tagger.train --data DIR --out DIR``);
* :mod:`kg.tagger.component` the spaCy component ``kg_tagger``.

The weights and their model card are in ``kg/models/tagger/``.
"""

from .component import enabled, make_tagger  # noqa: F401  (registers kg_tagger)
