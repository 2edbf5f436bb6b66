"""Measure the speed of the kg_statistical_ner component (run by hand, outside CI).

    python kg/training/bench_ner.py DEV.json [N_CHARS]

Joins CLUENER lines into articles of ~1000 characters, one paragraph per line, and times the
component on a jieba-segmented ``zh`` pipeline (after a warm-up that loads the model).
"""

import sys
import time

import spacy

from kg.ner import read_cluener


def main() -> None:
    path = sys.argv[1]
    n_chars = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    texts, article, total = [], [], 0
    for text, _ in read_cluener(path):
        article.append(text)
        total += len(text)
        if sum(map(len, article)) >= 1000:
            texts.append("\n".join(article))
            article = []
        if total >= n_chars:
            break
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("kg_statistical_ner")
    nlp(texts[0][:20] if texts else "warm-up")  # loads jieba and the model
    docs = [nlp.make_doc(t) for t in texts]
    ner = nlp.get_pipe("kg_statistical_ner")
    started = time.perf_counter()
    n_spans = sum(len(d.spans["kg_ner"]) for d in ner.pipe(docs))
    seconds = time.perf_counter() - started
    chars = sum(map(len, texts))
    print(f"{chars} chars in {len(texts)} docs, {n_spans} spans, {seconds:.2f} s: "
          f"{chars / seconds:,.0f} chars/s (component only, one thread)")


if __name__ == "__main__":
    main()
