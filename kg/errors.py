"""Every error message of kg, in one place.

Each message names the input, the place and what would be valid, so that the CLI can print it
as one line.
"""


class KgError(Exception):
    """An error caused by the user's input, reported as one line by the CLI."""


class Errors:
    """Message templates, formatted with ``str.format``."""

    E001 = "{path}: no such file or folder"
    E002 = "{path}: cannot read ({reason})"
    E003 = "{path}: file is empty"
    E003b = "{path}: file has only white space, no text"
    E004 = "{path}: not valid UTF-8 text (byte {offset}: {reason})"
    E005 = "{path}: no article files (*.txt, *.html, *.htm) in this folder"
    E006 = "{path}: not a regular file or folder"
    E008 = "unknown encoding {encoding!r}; give a Python codec name such as gb18030, big5, utf-16"
    E009 = "{path}: not valid {encoding} text (byte {offset}: {reason})"
    E010 = "{path}: cannot parse the graph ({reason})"
    E011 = "query: SPARQL syntax error ({reason})"
    E012 = "{path}: no such query file"
    E013 = "give either a QUERY or -f FILE.rq, not both and not neither"
    E014 = ("query: SERVICE is not allowed (kg sends no requests to other endpoints); "
            "load their data into the graph instead, or give --allow-service")
    E015 = "query: cannot evaluate the query ({reason})"
    E016 = "query: only SELECT/ASK/CONSTRUCT/DESCRIBE queries are supported; kg never changes a graph file"
    E017 = "{path}: is a folder; give a graph file (.ttl, .trig, .nt, .nq), such as {path}/graph.ttl"
    E018 = "query: a {kind} result cannot be written as {fmt}; use --format table or one of {formats}"
    E020 = "{path}: ontology file not found; set KG_ONTOLOGY to the folder holding kg.ttl"
    E021 = "{path}: lexicon line {line}: {reason}"
    E022 = "ontology has no term {name!r}; valid terms: {valid}"
    E023 = "{path}: no node is named {name!r} (give a label or a surface form)"
    E030 = "{path}: cannot write output ({reason})"
    E031 = "{path}: is a file, not a folder; give -o a folder (it is created if missing)"
    E032 = ("{path}: another kg build (pid {pid}) is writing into this folder; wait for it to finish "
            "or give another -o")
    E040 = "{path}: gold file is not valid ({reason})"
    E041 = "{path}: no gold file for this article (expected {gold})"
    E042 = "{path}: not a folder"
    E043 = "{path}: line {line}: not a valid {corpus} record ({reason})"
    E044 = "{path}: no article files (*.txt) in this folder"
    E045 = "{name!r} is no class or relation of the ontology ({path})"
    E046 = "{path}: no such relation model (KG_RELATION_MODEL names a file written by python -m kg.relations.train --output, or none)"
    E050 = ("--scheduler and --dask-local need Dask, which is not installed: install the extra kg[dask] "
            "(pip install '.[dask]' in kg's checkout) ({reason})")
    E070 = "{path}: line {line}: not an article record ({reason}); fix the line or give --skip-bad to leave it out"
    E071 = ("{path}: no article records; give one article a line, as JSON Lines ({{\"text\": …, \"title\": …}}) "
            "or CSV with a header row naming a text column")
    E072 = "{path}: line 1: the CSV header names no text column (it has: {columns}); columns: text, title, date, url, id"
    E073 = "{path}: no saved page for this article (expected {page}); kg eval dev --html builds html/<article>.html"
