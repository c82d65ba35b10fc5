"""The JSON report's fast record writer must write what the general one writes.

`--format json` writes the records of plain unverified results from a
template (most sentences of an archive); a script reading the report must
not be able to tell: every record, whatever its text, path or judgement,
is byte for byte `compact_json(result_record(result))`.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from abduction_facts.formats import FormatOptions, get_formatter
from abduction_facts.formats.common import compact_json, dump_json_records
from abduction_facts.formats.json_format import _RecordEncoder
from abduction_facts.models import Judgement, Result, Span, Verdict
from abduction_facts.report import result_record
from conftest import build_sample_report

# Text with what JSON and terminals care about: quotes, backslashes, controls,
# C1 controls, line separators, bidi overrides, astral characters, surrogates.
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from('"\\\n\t\x00\x1b\x7f\x9b\u2028\u2029\u202e\u2066😀'),
    ),
    max_size=60,
)
_SPAN = st.builds(
    Span,
    st.integers(1, 10**7),
    st.integers(1, 10**4),
    st.integers(1, 10**7),
    st.integers(1, 10**4),
)
_JUDGEMENT = st.one_of(
    st.just(Judgement(Verdict.UNVERIFIED)),
    st.builds(
        Judgement,
        st.just(Verdict.UNVERIFIED),
        st.floats(0, 100, allow_nan=False),
    ),
    st.builds(
        Judgement,
        st.just(Verdict.UNVERIFIED),
        st.floats(0, 100, allow_nan=False),
        not_covered=st.lists(_TEXT, max_size=2).map(tuple),
        note=_TEXT,
    ),
)


@settings(max_examples=300)
@given(path=st.one_of(st.none(), _TEXT), span=_SPAN, text=_TEXT, judgement=_JUDGEMENT)
def test_fast_record_is_the_general_record(
    path: str | None, span: Span, text: str, judgement: Judgement
) -> None:
    result = Result(path=path, span=span, text=text, judgement=judgement)
    encoded = _RecordEncoder()(result)
    assert encoded == compact_json(result_record(result))
    if not any("\ud800" <= c <= "\udfff" for c in text):  # lone surrogates do not round-trip
        assert json.loads(encoded)["text"] == text


def test_sample_report_written_in_pieces_equals_the_whole_document() -> None:
    report = build_sample_report()
    formatter = get_formatter("json", FormatOptions())
    pieces = "".join(formatter.chunks(report))
    assert pieces == formatter.format(report)
    assert pieces == dump_json_records(report.as_document(), "results")
    assert len(json.loads(pieces)["results"]) == len(report.results)
