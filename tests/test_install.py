"""A normal install: the wheel carries everything a build reads, runs outside the checkout, and
Dask is an optional extra that fails with one line when it is missing."""

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kg.errors import KgError
from kg.ontology import ontology_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "input" / "dingtalk-xiaxiang.txt"


def _options() -> configparser.SectionProxy:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config["options"]


def test_setup_cfg_lists_every_package_and_maps_the_ontology_in():
    options = _options()
    listed = set(options["packages"].split())
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    assert on_disk - listed == set(), "a subpackage of kg/ is missing from setup.cfg's packages"
    mapping = dict(line.split("=") for line in options["package_dir"].split("\n") if line.strip())
    mapping = {key.strip(): value.strip() for key, value in mapping.items()}
    assert "kg.ontology_data" in listed
    assert (ROOT / mapping["kg.ontology_data"] / "kg.ttl").is_file()


def test_kg_ontology_names_a_folder_without_kg_ttl(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_ONTOLOGY", str(tmp_path))
    with pytest.raises(KgError, match=f"{tmp_path / 'kg.ttl'}: ontology file not found"):
        ontology_dir()


@pytest.mark.parametrize("option", [["--dask-local", "2"], ["--scheduler", "tcp://127.0.0.1:1"]])
def test_dask_options_without_dask_fail_with_one_line(tmp_path, option):
    # Dask not installed: an import of it fails, as it does without the kg[dask] extra
    code = ("import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
            "from kg.cli import main; main()")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-c", code, "build", str(SAMPLE), "-o", str(out), *option],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: --scheduler and --dask-local need Dask")
    assert "kg[dask]" in lines[0] and "pip install '.[dask]'" in lines[0]
    assert not out.exists()


def _can_build_wheels_offline() -> bool:
    # setuptools >= 70.1 has bdist_wheel itself; older ones need the wheel package
    return bool(importlib.util.find_spec("setuptools.command.bdist_wheel") or importlib.util.find_spec("wheel"))


@pytest.mark.slow
@pytest.mark.skipif(not _can_build_wheels_offline(),
                    reason="this Python's setuptools cannot build a wheel without the network: "
                           "pip install 'setuptools>=70.1' (the Makefile's venv has it)")
def test_the_wheel_installs_and_builds_the_sample_outside_the_checkout(tmp_path, built):
    # a copy of the sources, so that the build's build/ and kg.egg-info stay out of the checkout
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("kg", "ontology"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k != "KG_ONTOLOGY"}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", str(source), "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(tmp_path / "wheels")], check=True, capture_output=True, env=env, timeout=600)
    [wheel] = (tmp_path / "wheels").glob("kg-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"kg/ontology_data/{p.relative_to(ROOT / 'ontology').as_posix()}"
              for p in (ROOT / "ontology").rglob("*") if p.is_file()}
    # every file of the package: code, models, the page's assets, data files (bench templates …)
    wanted |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "kg").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert wanted - names == set()

    target = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, env=env, timeout=600)
    env["PYTHONPATH"] = str(target)  # not the checkout; the venv's other packages serve the dependencies
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([sys.executable, "-c", "import kg.ontology as o; print(o.__file__); print(o.ontology_dir())"],
                           capture_output=True, text=True, check=True, cwd=work, env=env, timeout=120)
    module, ontology = where.stdout.splitlines()
    assert Path(module).is_relative_to(target)
    assert Path(ontology) == target / "kg" / "ontology_data"

    run = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SAMPLE), "-o", "out"],
                         capture_output=True, text=True, cwd=work, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    graph = Graph().parse(work / "out" / "graph.ttl")
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert {"钉钉", "阿里云", "阿里巴巴集团", "张勇", "内江市"} <= labels
    assert isomorphic(graph, Graph().parse(built))  # the same graph as a build from the checkout
    assert (work / "out" / "graph.html").is_file()
