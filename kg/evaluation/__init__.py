"""Stage 7: score a built graph against gold annotations, counted as the shared scorer does.

The numbers are those of ``tools/score_graph.py`` (see ``CONTRACT.md``), so that a score seen
here is the score seen there:

* **entities** — a node typed with a core class is right when one of its labels (``rdfs:label``,
  ``skos:prefLabel``, ``skos:altLabel``, normalised) is an alias of a gold entity that no other
  node claimed first (nodes in IRI order); a second node for the same gold entity is a false
  positive (an unmerged duplicate). *typed* is the share of right nodes with the gold class.
* **relations** — an asserted triple whose predicate's local name is a core relation is right
  when both ends map to gold entities (the article node to ``@article``) and it is a gold
  relation (``partnerOf`` either way round); each gold relation is credited once. Triples that
  match an ``optional`` gold relation are neither rewarded nor penalised.
* **evidence** — with the article texts, the share of predicted triples with an ``rdf:Statement``
  whose evidence literal occurs verbatim in a text.

A gold file is JSON: ``{"article": "name.txt", "entities": [{"id", "name", "type",
"aliases"}], "relations": [{"subject", "predicate", "object"}], "optional": [...]}``, where a
subject or object is an entity id or ``"@article"``. Entities of several gold files are merged
when they share a class and an alias.
"""
