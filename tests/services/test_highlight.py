"""highlight_runs: the article's text cut into runs, each knowing the statements that cover it."""

import pytest

from negotiations.services.highlight import Run, Span, highlight_runs, sentence_around

TEXT = "Varga said the dam must wait. Brell disagreed."


def view(runs: list[Run]) -> list[tuple[str, tuple[int, ...], list[int]]]:
    return [(run.text, tuple(span.statement_id for span in run.spans), run.starts) for run in runs]


def span(statement_id: int, words: str, css: str = "", text: str = TEXT) -> Span:
    start = text.index(words)
    return Span(statement_id, start, start + len(words), css)


def test_no_spans_is_one_plain_run():
    assert view(highlight_runs(TEXT, [])) == [(TEXT, (), [])]


def test_an_empty_text_has_no_runs():
    assert highlight_runs("", [Span(1, 0, 5)]) == []


def test_one_span_cuts_the_text_in_three():
    runs = highlight_runs(TEXT, [span(7, "the dam must wait", css="party-1")])

    assert view(runs) == [("Varga said ", (), []), ("the dam must wait", (7,), [7]), (". Brell disagreed.", (), [])]
    assert runs[1].css == "party-1" and runs[0].css == ""
    assert runs[1].statement_ids == "7"


def test_spans_at_the_edges_leave_no_empty_runs():
    runs = highlight_runs(TEXT, [span(1, "Varga said"), span(2, "Brell disagreed.")])

    assert view(runs) == [
        ("Varga said", (1,), [1]),
        (" the dam must wait. ", (), []),
        ("Brell disagreed.", (2,), [2]),
    ]


def test_a_nested_span_comes_first_and_gives_its_colour():
    outer = span(1, "Varga said the dam must wait.", css="party-0")
    inner = span(2, "the dam", css="party-1")

    runs = highlight_runs(TEXT, [outer, inner])

    assert view(runs) == [
        ("Varga said ", (1,), [1]),
        ("the dam", (2, 1), [2]),
        (" must wait.", (1,), []),
        (" Brell disagreed.", (), []),
    ]
    assert runs[1].css == "party-1" and runs[1].statement_ids == "2 1"


def test_overlapping_spans_share_the_overlap_only():
    runs = highlight_runs(TEXT, [span(1, "said the dam"), span(2, "the dam must wait")])

    assert view(runs)[1:4] == [("said ", (1,), [1]), ("the dam", (1, 2), [2]), (" must wait", (2,), [])]


def test_equal_lengths_go_by_statement_id_and_same_start_lists_every_start():
    runs = highlight_runs(TEXT, [span(9, "Varga"), span(3, "Varga"), span(5, "Varga said")])

    assert view(runs)[:2] == [("Varga", (3, 9, 5), [3, 5, 9]), (" said", (5,), [])]


def test_spans_outside_the_text_are_clipped_and_empty_ones_dropped():
    size = len(TEXT)
    runs = highlight_runs(
        TEXT, [Span(1, size - 10, size + 50), Span(2, 5, 5), Span(3, size + 1, size + 9), Span(4, 3, 1)]
    )

    assert view(runs) == [(TEXT[: size - 10], (), []), (TEXT[size - 10 :], (1,), [1])]


def test_a_span_starting_before_the_text_is_clipped_at_zero():
    runs = highlight_runs(TEXT, [Span(1, -4, 5)])

    assert view(runs)[0] == ("Varga", (1,), [1])


@pytest.mark.parametrize(
    "spans",
    [
        [],
        [Span(1, 0, len(TEXT))],
        [Span(1, 0, 10), Span(2, 5, 20), Span(3, 15, 40), Span(4, 0, 46), Span(5, 30, 31)],
        [Span(n, n, n + 7) for n in range(0, 50, 3)],
        [Span(1, 3, 3), Span(2, 100, 200)],
    ],
)
def test_runs_concatenate_back_to_the_text_exactly(spans):
    runs = highlight_runs(TEXT, spans)

    assert "".join(run.text for run in runs) == TEXT
    assert all(run.text for run in runs)
    # Each run is covered by exactly the spans that contain it.
    position = 0
    for run in runs:
        end = position + len(run.text)
        covering = {s.statement_id for s in spans if max(0, s.start) <= position and end <= min(s.end, len(TEXT))}
        assert {s.statement_id for s in run.spans} == covering
        position = end


def test_text_with_markup_and_unicode_is_cut_by_characters_not_bytes():
    text = "«Non» — said <b>Élise</b> 🙂 today"
    runs = highlight_runs(text, [span(1, "<b>Élise</b> 🙂", text=text)])

    assert view(runs) == [("«Non» — said ", (), []), ("<b>Élise</b> 🙂", (1,), [1]), (" today", (), [])]


# --- a statement's sentence ----------------------------------------------------------------------

SENTENCES = (
    "The talks resumed. Parts of the plan met new demands, according to officials, "
    "such as troops staying on the border. Nobody said more.\nA new paragraph."
)


def test_sentence_around_gives_the_whole_sentence_around_a_statement():
    start = SENTENCES.index("Parts of the plan")
    end = SENTENCES.index(", according")

    assert sentence_around(SENTENCES, start, end) == (
        "",
        "Parts of the plan met new demands",
        ", according to officials, such as troops staying on the border.",
    )


def test_sentence_around_stops_at_line_breaks_and_the_texts_ends():
    start = SENTENCES.index("new paragraph")

    assert sentence_around(SENTENCES, start, len(SENTENCES)) == ("A ", "new paragraph.", "")
    assert sentence_around(SENTENCES, 4, 9) == ("The ", "talks", " resumed.")


def test_sentence_around_keeps_a_closing_quote_with_its_sentence():
    text = 'He said: "We will sign." Then he left.'
    start = text.index("We will")

    assert sentence_around(text, start, start + len("We will sign")) == ('He said: "', "We will sign", '."')
