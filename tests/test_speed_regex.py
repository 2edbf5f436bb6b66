"""The pipeline gives re room for the patterns of a build: one-off name patterns no longer push
the fixed ones out of its cache (no timing asserted: which patterns stay compiled)."""

from __future__ import annotations

import re


def test_fixed_patterns_stay_compiled_past_hundreds_of_one_off_patterns():
    from kg.pipeline import REGEX_CACHE, make_pipeline

    make_pipeline(with_ner=False)
    assert re._MAXCACHE >= REGEX_CACHE
    fixed = r"[A-Z]{0,3}\d(?:林一帆)?"
    re.search(fixed, "X9")
    for k in range(1000):  # names looked up by their escaped text, as the recognisers do
        re.search(re.escape(f"北辰{k}号"), "北辰7号")
    assert any(key[1] == fixed for key in re._cache)
