"""Tests of the tagger's word clusters (kg.tagger.clusters) and their features.

Every word here is invented or common; the vectors are learnt from invented sentences.
"""

from __future__ import annotations

import shutil

import numpy

from kg.tagger.clusters import cooccurrences, nested_clusters, ppmi_vectors, read, write
from kg.tagger.features import jieba_words, text_features
from kg.tagger.model import TaggerModel
from kg.tagger.train import Trainer, arrays, train
from kg.tagger.corpora import Example

CITIES = ["甲城", "乙城", "丙城", "丁城"]
FRUITS = ["苹果", "香蕉", "橘子", "葡萄"]


def _corpus(tmp_path):
    lines = []
    for k in range(40):
        city, fruit = CITIES[k % 4], FRUITS[(k * 3) % 4]
        lines += [f"我们 明天 去 {city} 开会 。", f"他们 昨天 吃 {fruit} 很 开心 。",
                  f"{city} 的 朋友 来 了", f"一 斤 {fruit} 多少 钱"]
    path = tmp_path / "words.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_words_in_the_same_contexts_share_nested_clusters(tmp_path):
    vocab, counts, matrix = cooccurrences(_corpus(tmp_path), min_count=2, contexts=50)
    assert set(CITIES + FRUITS) <= set(vocab) and matrix.shape == (len(vocab), 100)
    vectors = ppmi_vectors(matrix, dims=6)
    assert numpy.allclose(numpy.linalg.norm(vectors, axis=1), 1.0)
    ids = nested_clusters(vectors, counts, (2, 6))
    of = dict(zip(vocab, ids.tolist()))
    assert len({of[w][1] for w in CITIES}) == 1 and len({of[w][1] for w in FRUITS}) == 1
    assert of[CITIES[0]][1] != of[FRUITS[0]][1]
    # nested: one fine cluster lies in one coarse cluster
    for fine in set(ids[:, 1].tolist()):
        assert len(set(ids[ids[:, 1] == fine, 0].tolist())) == 1
    write(tmp_path / "c.tsv.gz", vocab, ids)
    assert read(tmp_path / "c.tsv.gz") == {w: tuple(r) for w, r in of.items()}


def test_cluster_features_come_after_the_others_and_read_a_words_cluster():
    clusters = {"星河": (3, 7, 11), "北辰": (3, 7, 11), "发布": (1, 2, 5)}
    a, b = "星河发布新品", "北辰发布新品"
    plain = text_features(a, [(0, 2), (2, 4), (4, 6)], 1 << 16)
    fa = text_features(a, [(0, 2), (2, 4), (4, 6)], 1 << 16, clusters)
    fb = text_features(b, [(0, 2), (2, 4), (4, 6)], 1 << 16, clusters)
    assert plain.shape == (6, 25) and fa.shape == (6, 31)
    assert (fa[:, :25] == plain).all()
    # the word after reads the same previous-word cluster whichever of the two names it follows
    k = 25 + 2  # [place, previous word's middle cluster]
    assert fa[2, k] == fb[2, k] and fa[2, 25 + 1] == fb[2, 25 + 1]
    # an unknown word reads differently from a known one
    fc = text_features("某某发布新品", [(0, 2), (2, 4), (4, 6)], 1 << 16, clusters)
    assert fc[0, 25] != fa[0, 25] and fc[2, 25] == fa[2, 25]


def test_weights_name_their_clusters_and_without_the_file_the_features_are_off(tmp_path):
    clusters = {"星河科技": (0, 1, 2), "北辰公司": (0, 1, 2)}
    write(tmp_path / "mine.tsv.gz", list(clusters), numpy.array(list(clusters.values())))
    examples = [Example(f"{c}发布了新品。", ((0, 4, frozenset({"ORG"})),), frozenset({"ORG"})) for c in clusters]
    data = arrays(examples, 1 << 12, read(tmp_path / "mine.tsv.gz"))
    assert data["feats"].shape[1] == 31
    model = train(data, 2, batch=2, trainer=Trainer(1 << 12, tmp_path / "mine.tsv.gz")).averaged()
    model.save(tmp_path / "t.npz")
    back = TaggerModel.load(tmp_path / "t.npz")
    assert back.clusters == clusters and back.clusters_name == "mine.tsv.gz"
    text = "北辰公司发布了新品。"
    assert back.spans([text], [jieba_words(text)]) == model.spans([text], [jieba_words(text)])
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    shutil.copyfile(tmp_path / "t.npz", elsewhere / "t.npz")
    alone = TaggerModel.load(elsewhere / "t.npz")
    assert alone.clusters is None and alone.clusters_name == ""
