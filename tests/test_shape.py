"""The shape of the package (issue 15): rooms of a readable size, no import cycle, knowledge in
data rather than in code. Each check reads the source with ``ast`` and prints what it counted,
so a failure names the module, the cycle or the constants."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
MAX_LINES = 600
MAX_CJK_CONSTANTS = 20
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package (``kg.a.b``; a package is its
    ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (never run)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, at module level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from pkg import sub`` imports the submodule; ``from mod import name`` the module
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]  # kg.x.y where y is a name in kg.x
            if target and target != name and target != "kg":
                found.add(target)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def cjk_constants(path: Path) -> list[tuple[int, str]]:
    """String constants holding a Chinese character, docstrings left out: ``(line, value)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and _CJK.search(node.value)]


def test_the_checks_see_what_they_count(tmp_path):
    """The helpers find a cycle through a function-level import and a constant outside a docstring."""
    graph = {"kg.a": {"kg.b"}, "kg.b": {"kg.c"}, "kg.c": {"kg.a"}, "kg.d": {"kg.a"}}
    assert _cycle(graph) == ["kg.a", "kg.b", "kg.c", "kg.a"]
    assert _cycle({"kg.a": {"kg.b"}, "kg.b": set()}) is None
    source = tmp_path / "m.py"
    source.write_text('"""星河科技"""\n\ndef f():\n    """北辰公司"""\n    return "林一帆" + "x"\n',
                      encoding="utf-8")
    assert cjk_constants(source) == [(5, "林一帆")]
    modules = {"kg": PACKAGE / "__init__.py", "kg.nlp": PACKAGE / "nlp.py", "kg.pipeline": PACKAGE / "pipeline.py"}
    late = tmp_path / "late.py"
    late.write_text("def f():\n    from .nlp import analyse\n    from . import pipeline\n", encoding="utf-8")
    assert _imports("kg.late", late, modules) == {"kg.nlp", "kg.pipeline"}


def test_no_module_over_600_lines():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules().items()}
    large = {name: n for name, n in sorted(sizes.items()) if n > MAX_LINES}
    print("largest modules:", sorted(sizes.items(), key=lambda kv: -kv[1])[:8])
    assert not large, f"modules over {MAX_LINES} lines: {large}"


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    print(f"{len(graph)} modules, {sum(map(len, graph.values()))} imports among them")
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_recognisers_import_no_later_stage():
    """The recognisers (and the thin ``kg.nlp``) import neither the relation stage nor the graph."""
    modules = _modules()
    later = ("kg.extract", "kg.relations", "kg.graph", "kg.build", "kg.pipeline")
    for name in [n for n in modules if n.startswith("kg.recognise")]:
        bad = {m for m in _imports(name, modules[name], modules) if m.startswith(later)}
        assert not bad, f"{name} imports a later stage: {sorted(bad)}"


@pytest.mark.parametrize("limit", [MAX_CJK_CONSTANTS])
def test_chinese_constants_live_in_data(limit):
    counts = {}
    for name, path in _modules().items():
        if found := cjk_constants(path):
            counts[name] = len(found)
    total = sum(counts.values())
    print(f"Chinese string constants outside docstrings in kg/: {total}",
          sorted(counts.items(), key=lambda kv: -kv[1]))
    assert total <= limit, f"{total} Chinese string constants in code (at most {limit}): {counts}"


def test_tokens_and_bylines_are_typed_records():
    """The token table and the byline fields are NamedTuples: read by name in the recognisers,
    still by index in code that has not moved to the names."""
    from kg.pipeline import make_pipeline
    from kg.read import parse_article
    from kg.recognise.doc import _token_table
    from kg.records import Byline, Token

    text = "星河科技发布新品\n作者：林一帆 来源：北辰日报\n星河科技创始人林一帆说，青藤大学也参与了。"
    article = parse_article(text, "invented.txt")
    assert [type(b) for b in article.authors + article.publishers] == [Byline, Byline]
    author = article.authors[0]
    assert (author.name, text[author.start:author.end]) == ("林一帆", "林一帆")
    assert text[author.evidence_start:author.evidence_end].startswith("作者")
    assert author[4] == author.evidence_end
    doc = make_pipeline(with_ner=False).make_doc(article.text)
    table = _token_table(doc)
    assert table and all(type(t) is Token for t in table)
    assert "".join(t.text for t in table) == text
    assert all(text[t.start:t.end] == t.text == t[2] for t in table)
    # a record made of plain tuples (as the cache reads them back) holds Bylines too
    rebuilt = type(article)(**{**article.__dict__, "authors": tuple(map(tuple, article.authors))})
    assert type(rebuilt.authors[0]) is Byline and rebuilt == article


def test_word_lists_of_the_recognisers_agree_with_the_ontology():
    """recognise.json's lists are parts of the ontology's, not copies that drift: its place
    suffixes are kg:Place name suffixes of kg.ttl, its conjunctions coordinators of words.json."""
    from kg.ontology import load_schema, load_words
    from kg.recognise.words import list_patterns, name_conjunctions, recognise_words

    data = recognise_words()
    place_suffixes = {s for s, c in load_schema().suffixes.items() if c == "Place"}
    assert set(data["place_suffixes"]["words"]) <= place_suffixes
    assert set(data["place_suffixes"]["province_suffixes"]) <= set(data["place_suffixes"]["words"])
    assert set(name_conjunctions()) <= set(load_words()["coordinators"])
    assert data["list_mark"] in load_words()["coordinators"]
    # the patterns with a list filled in read what they say
    gap, tail = list_patterns().in_list_gap, list_patterns().item_tail
    assert gap.fullmatch("、") and gap.fullmatch(" 与 ") and not gap.fullmatch("的")
    assert tail.search("林一帆(2016年)等").group(1) == "(2016年)"
