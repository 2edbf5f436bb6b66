"""Train the statistical NER model on CLUENER2020 (run outside CI).

    python -m kg.train DATA_DIR [--output kg/models/ner] [--max-steps N] [--finetune-steps N]
                       [--config STAGE1.cfg] [--finetune-config STAGE2.cfg]
    python -m kg.train DATA_DIR --ensemble NAME=DIR [--ensemble NAME=DIR ...] [--output DIR]

``DATA_DIR`` holds CLUENER's ``train.json`` and ``dev.json``. The data are converted to spaCy
DocBin files in a scratch folder (never inside the repository: CLUENER has no licence, research
use only), spaCy trains with ``kg/training/ner.cfg`` and the best model on dev is copied to the
output folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy
import spacy
from spacy.tokens import DocBin

from kg.errors import KgError
from kg.ner import MODEL_DIR, evaluate_ner, format_report, read_cluener

CONFIG_PATH = Path(__file__).parent / "training" / "ner.cfg"
#: stage 2: continue from stage 1's best model with parameter averaging and a lower rate
FINETUNE_CONFIG_PATH = Path(__file__).parent / "training" / "ner_finetune.cfg"

#: segmenters for ``convert_cluener``: "char" is what the model uses, "jieba" (word tokens)
#: is kept to measure how many entities word tokens cannot represent.
SEGMENTERS = ("char", "jieba")


def _blank(segmenter: str):
    if segmenter == "char":
        import kg.ner  # noqa: F401  (registers kg.CharJiebaTokenizer.v1)

        return spacy.blank("zh", config={"nlp": {"tokenizer": {
            "@tokenizers": "kg.CharJiebaTokenizer.v1"}}})
    if segmenter == "jieba":
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    raise KgError(f"segmenter {segmenter!r}: not one of {', '.join(SEGMENTERS)}")


def replace_mentions(records: list[tuple[str, list[tuple[int, int, str]]]], copies: int = 1,
                     seed: int = 0) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Make ``copies`` new versions of each record with every mention swapped for another.

    Each mention is replaced by a mention of the same label drawn from the whole set, so the
    model sees each context with names it did not come with ("mention replacement", Dai and
    Adel, COLING 2020). Records without mentions are not copied.

    Args:
        records: ``(text, [(start, end_exclusive, label), ...])`` as ``read_cluener`` gives.
        copies: new versions per record.
        seed: random seed (the result depends on nothing else).

    Returns:
        The new records only, spans re-computed.

    >>> recs = [("李明在上海", [(0, 2, "name"), (3, 5, "address")]),
    ...         ("王小红去北京", [(0, 3, "name"), (4, 6, "address")])]
    >>> out = replace_mentions(recs, seed=1)
    >>> len(out), all(t[s:e] in {"李明", "王小红", "上海", "北京"} for t, sp in out for s, e, _ in sp)
    (2, True)
    """
    import random

    rng = random.Random(seed)
    pool: dict[str, list[str]] = {}
    for text, spans in records:
        for start, end, label in spans:
            pool.setdefault(label, []).append(text[start:end])
    out = []
    for _ in range(copies):
        for text, spans in records:
            if not spans:
                continue
            parts, new_spans, pos, length = [], [], 0, 0
            for start, end, label in sorted(spans):
                if start < pos:  # overlapping span (CLUENER has none): keep the first
                    continue
                mention = rng.choice(pool[label])
                parts += [text[pos:start], mention]
                length += start - pos
                new_spans.append((length, length + len(mention), label))
                length += len(mention)
                pos = end
            parts.append(text[pos:])
            out.append(("".join(parts), new_spans))
    return out


def convert_cluener(path: str | os.PathLike, out_path: str | os.PathLike,
                    segmenter: str = "char", limit: int = 0, augment: int = 0,
                    reverse: bool = False) -> dict[str, int]:
    """Convert a CLUENER JSON-lines file to a spaCy DocBin with entities set.

    Args:
        path: CLUENER file (``train.json`` or ``dev.json``).
        out_path: the ``.spacy`` file to write.
        segmenter: ``"char"`` (one token per character, the model's tokens) or ``"jieba"``.
        limit: convert only the first ``limit`` records (0 = all).
        augment: add this many mention-replaced copies of the records (``replace_mentions``).
        reverse: write each text reversed, spans mapped onto it (for a right-to-left model).

    Returns:
        Counts: ``docs``, ``entities`` kept, ``dropped`` (entities whose boundaries cut a
        token, so they cannot be represented on these tokens).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with open(os.path.join(d, "a.json"), "w", encoding="utf-8") as f:
    ...     _ = f.write('{"text": "李明在上海", "label": {"name": {"李明": [[0, 1]]}}}\\n')
    >>> convert_cluener(os.path.join(d, "a.json"), os.path.join(d, "a.spacy"))
    {'docs': 1, 'entities': 1, 'dropped': 0}
    """
    nlp = _blank(segmenter)
    records = read_cluener(path)
    if limit:
        records = records[:limit]
    if augment:
        records = records + replace_mentions(records, augment)
    if reverse:
        records = [(text[::-1], [(len(text) - e, len(text) - s, lab) for s, e, lab in spans])
                   for text, spans in records]
    db = DocBin(store_user_data=False)
    kept = dropped = 0
    for text, spans in records:
        doc = nlp.make_doc(text)
        ents = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:
                dropped += 1
            else:
                ents.append(span)
        try:
            doc.set_ents(spacy.util.filter_spans(ents))
        except ValueError as err:  # pragma: no cover - CLUENER has no overlapping spans
            raise KgError(f"{path}: cannot set entities of {text[:20]!r} ({err})") from err
        kept += len(doc.ents)
        dropped += len(ents) - len(doc.ents)
        db.add(doc)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out_path)
    return {"docs": len(records), "entities": kept, "dropped": dropped}


def train_ner(data_dir: str | os.PathLike, output_dir: str | os.PathLike = MODEL_DIR,
              config_path: str | os.PathLike = CONFIG_PATH, work_dir: str | None = None,
              overrides: dict | None = None, limit: int = 0, augment: int = 0,
              finetune_config_path: str | os.PathLike | None = FINETUNE_CONFIG_PATH,
              finetune_overrides: dict | None = None, augment_stage2: int = 0) -> dict:
    """Train the NER model (two stages) and copy the best model on dev to ``output_dir``.

    Args:
        data_dir: folder with CLUENER ``train.json`` and ``dev.json``.
        output_dir: where the trained pipeline goes (replaced).
        config_path: the stage-1 spaCy config.
        work_dir: scratch folder for DocBins and checkpoints (a temporary folder if None).
        overrides: stage-1 config overrides, e.g. ``{"training.max_steps": 2000}``.
        limit: train on the first ``limit`` training records only (0 = all).
        augment: mention-replaced copies of the training records to add (0 = none).
        finetune_config_path: the stage-2 config (sources stage 1's best model); None to
            skip stage 2.
        finetune_overrides: stage-2 config overrides.
        augment_stage2: mention-replaced copies added for stage 2 only (0 = stage 2 trains
            on stage 1's data).

    Returns:
        ``{"minutes": ..., "scores": evaluate_ner(dev)}`` for the copied model.
    """
    from spacy.cli.train import train

    data_dir = Path(data_dir)
    for name in ("train.json", "dev.json"):
        if not (data_dir / name).is_file():
            raise KgError(f"{data_dir / name}: no such file (DATA_DIR must hold CLUENER "
                          "train.json and dev.json)")
    work = Path(work_dir or tempfile.mkdtemp(prefix="kg-ner-"))
    corpus = work / "corpus"
    # a right-to-left model (tokenizer option reverse) learns from reversed texts
    config = spacy.util.load_config(config_path, overrides=dict(overrides or {}))
    reverse = bool(config["nlp"]["tokenizer"].get("reverse", False))
    for name in ("train", "dev"):
        stats = convert_cluener(data_dir / f"{name}.json", corpus / f"{name}.spacy",
                                limit=limit if name == "train" else 0,
                                augment=augment if name == "train" else 0, reverse=reverse)
        print(f"{name}: {stats}", file=sys.stderr)
    all_overrides = {"paths.train": str(corpus / "train.spacy"),
                     "paths.dev": str(corpus / "dev.spacy")}
    all_overrides.update(overrides or {})
    started = time.time()
    train(Path(config_path), work / "output", overrides=all_overrides)
    best = work / "output" / "model-best"
    if finetune_config_path is not None:
        stage2_train = all_overrides["paths.train"]
        if augment_stage2:
            stage2_train = str(corpus / "train_stage2.spacy")
            stats = convert_cluener(data_dir / "train.json", stage2_train, limit=limit,
                                    augment=augment_stage2, reverse=reverse)
            print(f"train (stage 2): {stats}", file=sys.stderr)
        stage2 = {"paths.train": stage2_train,
                  "paths.dev": all_overrides["paths.dev"], "paths.base_model": str(best)}
        stage2.update(finetune_overrides or {})
        train(Path(finetune_config_path), work / "finetune", overrides=stage2)
        best = work / "finetune" / "model-best"
    minutes = (time.time() - started) / 60
    install_model(best, output_dir)
    scores = evaluate_ner(data_dir / "dev.json", output_dir)
    print(format_report(scores), file=sys.stderr)
    print(f"training minutes: {minutes:.1f}", file=sys.stderr)
    result = {"minutes": minutes, "scores": scores}
    (work / "result.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def install_model(best_dir: str | os.PathLike, output_dir: str | os.PathLike = MODEL_DIR) -> None:
    """Copy a trained pipeline to ``output_dir``, keeping its ``MODEL_CARD.md``.

    Args:
        best_dir: a pipeline saved by spaCy training (``model-best``).
        output_dir: the destination folder (replaced).
    """
    best_dir, output_dir = Path(best_dir), Path(output_dir)
    if not (best_dir / "config.cfg").is_file():
        raise KgError(f"{best_dir}: not a trained pipeline (config.cfg missing)")
    card = output_dir / "MODEL_CARD.md"
    saved_card = card.read_text(encoding="utf-8") if card.is_file() else None
    if output_dir.exists():
        shutil.rmtree(output_dir)
    shutil.copytree(best_dir, output_dir)
    _prune_strings(output_dir)
    _clean_config_and_meta(output_dir)
    compact_model(output_dir)
    if saved_card is not None:
        card.write_text(saved_card, encoding="utf-8")


def compact_model(model_dir: str | os.PathLike) -> int:
    """Store a pipeline's float32 weights as float16 (half the size on disk).

    ``kg.ner`` widens them back to float32 when it loads the model; on CLUENER dev the
    predictions are the same (model card). Returns the number of arrays converted.
    """
    import srsly

    converted = 0
    for model_file in sorted(Path(model_dir).glob("*/model")):
        msg = srsly.msgpack_loads(model_file.read_bytes())
        for params in msg.get("params", []):
            for name, value in params.items():
                if isinstance(value, numpy.ndarray) and value.dtype == numpy.float32:
                    params[name] = value.astype(numpy.float16)
                    converted += 1
        model_file.write_bytes(srsly.msgpack_dumps(msg))
    return converted


def build_ensemble(data_dir: str | os.PathLike, members: dict[str, str | os.PathLike],
                   output_dir: str | os.PathLike = MODEL_DIR, min_votes: int = 2,
                   threshold: float = 0.95, epochs: int = 2) -> dict:
    """Make an ensemble model folder from trained pipelines and train its span relabeler.

    Args:
        data_dir: folder with CLUENER ``train.json`` (the relabeler's data) and ``dev.json``.
        members: name -> trained pipeline folder (``kg.train`` output or ``model-best``); the
            first breaks ties in the vote.
        output_dir: the ensemble folder to write (replaced; its ``MODEL_CARD.md`` is kept).
        min_votes: members that must find a span.
        threshold: the relabeler's probability needed to change a label.
        epochs: relabeler training passes.

    Returns:
        ``{"relabeler_losses": [...], "scores": evaluate_ner(dev)}``.
    """
    from kg.ner import ENSEMBLE_FILE, load_model
    from kg.relabel import SpanRelabeler

    data_dir, output_dir = Path(data_dir), Path(output_dir)
    if not 1 <= min_votes <= len(members):
        raise KgError(f"min_votes {min_votes} with {len(members)} members")
    labels: set[str] = set()
    for path in members.values():
        labels |= load_model(path).labels
    relabeler = SpanRelabeler(sorted(labels))
    losses = relabeler.train(read_cluener(data_dir / "train.json"), epochs=epochs)
    card = output_dir / "MODEL_CARD.md"
    saved_card = card.read_text(encoding="utf-8") if card.is_file() else None
    staging = output_dir.with_name(output_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name, path in members.items():
        install_model(path, staging / name)
        (staging / name / "MODEL_CARD.md").unlink(missing_ok=True)  # the ensemble's card says it
    relabeler.to_disk(staging / "relabel.npz")
    spec = {"members": list(members), "min_votes": min_votes, "relabeler": "relabel.npz",
            "threshold": threshold}
    (staging / ENSEMBLE_FILE).write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    if saved_card is not None:
        (staging / "MODEL_CARD.md").write_text(saved_card, encoding="utf-8")
    if output_dir.exists():
        shutil.rmtree(output_dir)
    staging.rename(output_dir)
    scores = evaluate_ner(data_dir / "dev.json", output_dir)
    print(format_report(scores), file=sys.stderr)
    return {"relabeler_losses": losses, "scores": scores}


def _clean_config_and_meta(model_dir: Path) -> None:
    """Drop the scratch corpus paths from the saved config and describe the model in meta."""
    from spacy.util import load_config

    config = load_config(model_dir / "config.cfg", interpolate=False)
    for key in ("train", "dev", "base_model"):
        if key in config["paths"]:
            config["paths"][key] = None
    config.to_disk(model_dir / "config.cfg")
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(name="kg_ner", version="0.1.0",
                description="kg statistical NER: character tokens + jieba features, trained "
                            "on CLUENER2020 train (see MODEL_CARD.md)",
                license="research use only (CLUENER2020 has no licence; THUCNews-derived)")
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


def _prune_strings(model_dir: Path) -> None:
    """Keep only label strings in the saved StringStore.

    The hash embeddings use string hashes, not the strings, so the characters, bigrams and
    words of the training text need not ship (smaller, and no CLUENER vocabulary in the repo).
    """
    strings_path = model_dir / "vocab" / "strings.json"
    if not strings_path.is_file():
        return
    nlp = spacy.load(model_dir)
    keep = set(nlp.get_pipe("ner").labels)
    strings = json.loads(strings_path.read_text(encoding="utf-8"))
    kept = [s for s in strings if s in keep]
    strings_path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kg.train DATA_DIR [--output DIR] [--max-steps N]``."""
    parser = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", help="folder with CLUENER train.json and dev.json")
    parser.add_argument("--output", default=str(MODEL_DIR), help="model folder to write")
    parser.add_argument("--config", default=str(CONFIG_PATH), help="spaCy config of stage 1")
    parser.add_argument("--finetune-config", default=str(FINETUNE_CONFIG_PATH),
                        help="spaCy config of stage 2 (same tokenizer as stage 1)")
    parser.add_argument("--work-dir", default=None, help="scratch folder (default: temporary)")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="override training.max_steps of stage 1")
    parser.add_argument("--finetune-steps", type=int, default=None,
                        help="override training.max_steps of stage 2 (0: skip stage 2)")
    parser.add_argument("--limit", type=int, default=0, help="use the first N training records")
    parser.add_argument("--augment", type=int, default=0,
                        help="add N mention-replaced copies of the training records")
    parser.add_argument("--augment-stage2", type=int, default=0,
                        help="add N mention-replaced copies for stage 2 only")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="other spaCy config overrides, e.g. training.dropout=0.3")
    parser.add_argument("--ensemble", action="append", default=[], metavar="NAME=DIR",
                        help="do not train: make an ensemble of these trained pipelines "
                             "(repeat; the first breaks ties) and train its span relabeler")
    parser.add_argument("--min-votes", type=int, default=2,
                        help="ensemble: members that must find a span (default 2)")
    parser.add_argument("--threshold", type=float, default=0.95,
                        help="ensemble: relabeler probability needed to change a label")
    args = parser.parse_args(argv)
    if args.ensemble:
        members = {}
        for item in args.ensemble:
            name, sep, path = item.partition("=")
            if not sep or not name or name in members:
                parser.error(f"--ensemble {item!r}: expected NAME=DIR with a new NAME")
            members[name] = path
        try:
            build_ensemble(args.data_dir, members, args.output, args.min_votes, args.threshold)
        except KgError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        return 0
    overrides: dict = {}
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set {item!r}: expected KEY=VALUE")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    finetune = None if args.finetune_steps == 0 else args.finetune_config
    finetune_overrides = ({"training.max_steps": args.finetune_steps}
                          if args.finetune_steps else {})
    try:
        train_ner(args.data_dir, args.output, args.config, args.work_dir, overrides, args.limit,
                  args.augment, finetune, finetune_overrides, args.augment_stage2)
    except KgError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
