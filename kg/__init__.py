"""kg: a knowledge-graph builder for Chinese news.

The package follows the data flow, one module per stage::

    read      an article file  -> Article (text, title, byline)
    nlp       Article          -> spaCy Doc with entity mentions, canonical entities
    extract   Doc              -> Relation records with evidence
    graph     records          -> rdflib Graph under the ontology in ``ontology/``
    export    Graph            -> graph.ttl, graph.html (atomic writes)
    query     graph.ttl        -> SPARQL answers

``build`` runs the whole path; ``cli`` is the ``kg`` command.
"""

__version__ = "0.1.0"
