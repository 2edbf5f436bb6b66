"""All outputs of a build appear together: a new generation folder and one atomic switch.

A build writes its files (``graph.ttl``, ``graph.trig``, ``graph.html``, ``entities.json``) into
a fresh folder ``OUT/.kg-gen/<id>/``, then points the link ``OUT/.kg-current`` at it with one
``rename``. ``OUT/graph.ttl`` and the others are links through ``.kg-current``
(``graph.ttl -> .kg-current/graph.ttl``), made once; so a reader opening any of them sees the
files of one build, and a build killed at any moment leaves the previous generation whole (a
half-written generation is never pointed to, and the next build deletes it). The links are
relative, so a copy of the whole folder still works.

Where links cannot be made (a file system or platform without symlinks) the files are written
in place, each atomically (:func:`kg.export.write_files`), as before.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from .errors import Errors, KgError

GENERATIONS = ".kg-gen"
CURRENT = ".kg-current"


def write_generation(out_dir: Path, write: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """Write a build's outputs into a new generation and switch ``out_dir`` to it.

    Args:
        out_dir: the output folder (exists; the build's lock is held).
        write: writes the outputs into the folder it is given and returns them by kind.

    Returns:
        The outputs by kind, as paths in ``out_dir`` (``out_dir/graph.ttl`` …).
    """
    if not _links_work(out_dir):
        return write(out_dir)
    generation = out_dir / GENERATIONS / uuid.uuid4().hex[:12]
    try:
        generation.mkdir(parents=True)
    except OSError as err:
        raise KgError(Errors.E030.format(path=generation, reason=err.strerror or err)) from err
    written = write(generation)
    previous = current_generation(out_dir)
    try:
        _relink(out_dir / CURRENT, Path(GENERATIONS) / generation.name)  # the switch: one rename
        for path in written.values():
            link = out_dir / path.name
            if not (link.is_symlink() and os.readlink(link) == str(Path(CURRENT) / path.name)):
                _relink(link, Path(CURRENT) / path.name)
    except OSError as err:
        raise KgError(Errors.E030.format(path=out_dir, reason=err.strerror or err)) from err
    # readers that opened a file of the previous generation keep reading it; newer ones see this one
    remove_generations(out_dir, keep={generation.name, previous} - {None})
    return {kind: out_dir / path.name for kind, path in written.items()}


def current_generation(out_dir: Path) -> str | None:
    """The name of the generation ``out_dir`` shows, or None."""
    try:
        return Path(os.readlink(out_dir / CURRENT)).name
    except OSError:
        return None


def remove_generations(out_dir: Path, keep: set[str] | None = None) -> int:
    """Delete generations other than ``keep`` (default: the current one): what a killed build left."""
    keep = keep if keep is not None else {current_generation(out_dir)} - {None}
    gone = 0
    folder = out_dir / GENERATIONS
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            gone += 1
    return gone


def _relink(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` atomically: a new link beside it, renamed over it."""
    temp = link.with_name(f".{link.name.lstrip('.')}.{uuid.uuid4().hex[:8]}.tmp")
    os.symlink(target, temp)
    try:
        os.replace(temp, link)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


def _links_work(out_dir: Path) -> bool:
    probe = out_dir / f".kg-link-probe.{uuid.uuid4().hex[:8]}.tmp"
    try:
        os.symlink(".", probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True
