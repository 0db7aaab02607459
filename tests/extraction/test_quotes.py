"""Quote spans (text.find_quotes) and direct quotations as statements."""

from datetime import date

import pytest

from negotiations.extraction.text import find_quotes
from tests.extraction import extract_parsed


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text)]


# -- find_quotes ----------------------------------------------------------------------------


def test_curly_quotes_pair_by_direction():
    text = "The envoy called it “a fair share” and later “a start.”"
    assert quoted(text) == ["a fair share", "a start."]


def test_straight_quotes_pair_in_order():
    text = 'Farmers said "enough" and the mayor replied "not yet" before leaving.'
    assert quoted(text) == ["enough", "not yet"]


def test_quote_left_open_runs_to_the_end_of_its_paragraph_only():
    text = "“The river belongs to no one,” she said. “We will keep talking\nThe next round is in May."
    assert quoted(text) == ["The river belongs to no one,", "We will keep talking"]
    assert find_quotes(text)[1][1] == text.index("\n")


def test_straight_quote_left_open_does_not_pair_across_paragraphs():
    text = '"The survey is late\nOfficials said "soon" again.'
    assert quoted(text) == ["The survey is late", "soon"]


def test_typewriter_quotes_of_two_apostrophes_or_backticks_pair_too():
    text = "''It is only a start,'' the envoy said, and ``not a deal'' either. It's late."
    assert quoted(text) == ["It is only a start,", "not a deal"]


def test_typewriter_quote_with_trailing_attribution_is_direct(extract):
    text = "''The commission has done its job,'' President Tomas Brell said."
    [s] = extract(text)
    assert (s.kind, s.text, s.speaker) == ("direct", "The commission has done its job,", "Tomas Brell")


# -- direct quotations ----------------------------------------------------------------------


def test_quote_with_trailing_attribution_is_direct(extract):
    text = "“We will not give up a single cubic meter,” Foreign Minister Ada Varga said on Monday."
    [s] = extract(text)
    assert s.kind == "direct"
    assert s.text == "We will not give up a single cubic meter,"
    assert s.speaker == "Ada Varga"
    assert s.cue == "said"
    assert s.said_on == date(2025, 8, 18)


def test_straight_quote_with_trailing_attribution_is_direct(extract):
    text = '"The commission has done its job," President Tomas Brell said.'
    [s] = extract(text)
    assert (s.kind, s.text, s.speaker) == ("direct", "The commission has done its job,", "Tomas Brell")


def test_quote_interrupted_by_its_attribution_is_one_statement(extract):
    text = "“The dam is safe,” President Tomas Brell said, “and it will stay as it is.”"
    [s] = extract(text)
    assert s.kind == "direct"
    assert s.text == "The dam is safe,” President Tomas Brell said, “and it will stay as it is."
    assert s.speaker == "Tomas Brell"


def test_consecutive_quoted_sentences_of_one_speaker_are_one_statement(extract):
    text = "“The dam is safe,” President Tomas Brell said on Monday. “Our engineers have checked it twice.”"
    [s] = extract(text)
    assert s.kind == "direct"
    assert s.text == "The dam is safe,” President Tomas Brell said on Monday. “Our engineers have checked it twice."
    assert s.speaker == "Tomas Brell"
    assert s.said_on == date(2025, 8, 18)


def test_quote_introduced_by_told_reporters_colon(extract):
    text = "Commissioner Lena Osei told reporters: “The survey will be finished by October.”"
    [s] = extract(text)
    assert s.kind == "direct"
    assert s.text == "The survey will be finished by October."
    assert s.speaker == "Lena Osei"
    assert s.party == "River Commission"
    assert s.cue == "told"


def test_partial_quote_inside_reported_speech_stays_indirect(extract):
    text = "Foreign Minister Ada Varga said that Norland would defend its “historic share” of the river."
    [s] = extract(text)
    assert s.kind == "indirect"
    assert s.text == "Norland would defend its “historic share” of the river"
    assert s.speaker == "Ada Varga"


def test_a_quote_said_by_someone_described_at_length_then_continued_is_one_statement(extract):
    text = (
        "“The river is not for sale,” said Lena Osei, who led the River Commission from 2015 to 2019, "
        "during the first treaty. “I think the plan should be ready by Friday.”"
    )
    [s] = extract(text)
    assert (s.kind, s.speaker) == ("direct", "Lena Osei")
    assert s.text.startswith("The river is not for sale") and s.text.endswith("ready by Friday.")


def test_typewriter_quotes_continue_like_curly_ones(extract):
    text = (
        "''This is no reform,'' said Tomas Brell, an economist who advised the commission. "
        "''It is more of the same. The code only grows.''"
    )
    [s] = extract(text)
    assert (s.kind, s.speaker) == ("direct", "Tomas Brell")
    assert s.text.endswith("The code only grows.")


def test_a_partial_quote_before_its_attribution_stays_in_the_paraphrase(extract):
    text = 'The dam represented "real progress," Tomas Brell said, but it did not settle the quota.'
    statements = extract(text)
    assert statements and statements[0].text.startswith("The dam represented")


def test_an_abbreviated_title_in_the_attribution_does_not_split_the_quote(extract):
    text = '"What we owe the farmers is honesty," Mr. Tomas Brell said, "and to say the quota will stay."'
    [s] = extract(text)
    assert s.kind == "direct" and s.text.endswith("the quota will stay.")


def test_a_party_label_in_the_attribution_is_part_of_it(extract):
    text = (
        "“It is a signal to all of Norland,” Rep. Ada Varga (N-Osk.) said Friday. “If the quota is unfair, nothing is.”"
    )
    [s] = extract(text)
    assert s.kind == "direct" and s.text.startswith("It is a signal") and s.text.endswith("nothing is.")


def test_a_quote_of_several_sentences_attributed_after_is_one_statement(extract):
    """The parser's last sentence starts inside the quote; the attribution after the quote is
    the whole quote's, and the quote's last sentence is not a second statement."""
    text = '"I thought he was very effective on the quota. But I really think the dam will hold," Tomas Brell said.'
    [s] = extract(text)
    assert (s.kind, s.speaker) == ("direct", "Tomas Brell")
    assert s.text == "I thought he was very effective on the quota. But I really think the dam will hold,"


@pytest.mark.parametrize(
    "text",
    [
        'In an interview on the network\'s "River Talk," Tomas Brell said the talks had stalled.',
        'Ada Varga backed a version of the "Oskel rule" after Tomas Brell complained about it.',
        'In her memoir, "Far Fields," Ada Varga argued that the quota was unfair.',
    ],
)
def test_a_quoted_title_or_term_is_not_a_quote(extract, text):
    """After an article, a possessive or a preposition the quote fills a noun's place; after a
    noun that names a work and a comma it is the work's title."""
    assert all(s.kind != "direct" for s in extract(text))


def test_a_quote_after_a_verb_or_a_comma_is_still_a_quote(extract):
    [s] = extract('Ada Varga said, "No." Then she left.')
    assert (s.kind, s.text) == ("direct", "No.")


@pytest.mark.parametrize(
    ("text", "continued"),
    [
        (
            'The commission may be slow to act while the talks go on, Ada Varga said. "The other factor '
            'is the weather. I do not think it should decide."',
            "I do not think it should decide.",
        ),
        ('Tomas Brell said on Friday that the quota was fair. "Nobody loses water."', "Nobody loses water."),
        # A partial quote ends the report: its closing mark comes before the attribution.
        ('The summit did "too little," Ada Varga wrote on Friday. "The river needs more."', "The river needs more."),
    ],
)
def test_quoted_sentences_after_a_report_go_on_with_it(extract, text, continued):
    """Quoted sentences of the same paragraph with no attribution of their own are the same
    speaker's, and one statement with the report they follow (GUIDELINES: quote, attribution,
    quote by one speaker is one statement)."""
    [s] = extract(text)
    assert s.kind == "indirect" and s.text.endswith(continued)


@pytest.mark.parametrize(
    "text",
    [
        'Ada Varga said the talks would resume, and the commission published its figures. "We will check them."',
        'Ada Varga said the talks would resume. "We are ready," Tomas Brell said.',
    ],
)
def test_a_quote_after_other_words_or_with_its_own_attribution_does_not_go_on_with_a_report(extract, text):
    varga = [s for s in extract(text) if s.speaker == "Ada Varga"]
    assert [s.text for s in varga] == ["the talks would resume"]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('"How many dry summers must we see?" Ada Varga said.', "How many dry summers must we see?"),
        ('"Enough!" Tomas Brell told the commission.', "Enough!"),
    ],
)
def test_a_quoted_question_or_exclamation_keeps_the_attribution_after_it(extract, text, quote):
    [s] = extract(text)
    assert (s.kind, s.text) == ("direct", quote)


def test_a_quote_ending_in_a_period_ends_its_sentence(extract):
    statements = extract('The dam is full. "We will see." Ada Varga left the talks on Monday.')
    assert statements == []


def test_an_attribution_with_an_apposition_claims_the_whole_quote(extract):
    """The parser's sentence may begin at the quote's second sentence; the attribution after the
    quote, apposition and all, is still the whole quote's, and gives one statement."""
    [s] = extract('"We are ready. The gap is wide," Tomas Brell, a senior envoy, said on Monday.')
    assert (s.kind, s.text) == ("direct", "We are ready. The gap is wide,")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # A title quoted in the attribution is not the next quote.
        (
            '"We are ready," Tomas Brell said on the network\'s "Morning Show." "The gap is wide."',
            "We are ready",
            "The gap is wide.",
        ),
        # "but" between the attribution and the rest of the quote.
        ('"I respect the mayor," Ada Varga said, but "on water, he has sided with the farms."', "I respect", "farms."),
    ],
)
def test_quote_attribution_quote_is_one_statement(extract, text, first, last):
    [s] = extract(text)
    assert s.kind == "direct" and s.text.startswith(first) and s.text.endswith(last)


def test_a_second_speech_act_between_two_quotes_makes_two_statements(extract):
    """GUIDELINES: two speech acts in one sentence are two statements; "adding" attributes the
    second quote on its own."""
    text = '"We cannot pay for this," Tomas Brell said, adding later, "The dam costs us a fortune."'
    assert [s.text for s in extract(text)] == ["We cannot pay for this,", "The dam costs us a fortune."]


@pytest.mark.parametrize("mark", ["''", '"'])
def test_a_cue_and_a_comma_before_a_quote_of_either_mark_attribute_it(extract, mark):
    """Typewriter quotes open with two characters; the comma before them is found all the same."""
    text = f"Among the guests was Tomas Brell, who joked of the dam, {mark}I have not seen it yet.{mark}"
    assert [(s.speaker, s.text) for s in extract(text)] == [("Tomas Brell", "I have not seen it yet.")]


def test_a_colon_ending_the_paragraph_before_a_quote_attributes_it(extract):
    text = 'Tomas Brell replied:\n"We have not seen the figures yet."'
    assert [(s.speaker, s.text) for s in extract(text)] == [("Tomas Brell", "We have not seen the figures yet.")]


TRANSCRIPT = (
    "On the show, the host pressed him.\n"
    '"HOST: Do you see the two as equal?\n'
    '"BRELL: Well, look, Varga has been saying tough things about the treaty.\n'
    '"But the truth is that the treaty holds.'
)


def test_a_quoted_transcript_line_starts_after_its_speaker_s_colon(extract):
    texts = [s.text for s in extract(TRANSCRIPT)]
    assert texts[0] == "Do you see the two as equal?"
    assert texts[1].startswith("Well, look")


def test_a_quote_left_open_goes_on_in_a_paragraph_that_opens_with_a_quote(extract):
    """The printer's convention for a quotation of several paragraphs; a paragraph that names
    its own speaker ("BRELL:") starts another statement."""
    statements = extract(TRANSCRIPT)
    assert [s.speaker for s in statements] == ["HOST", "BRELL"]
    assert statements[1].text.endswith("the treaty holds.")


def test_a_paragraph_with_its_own_attribution_does_not_go_on_with_an_open_quote(extract):
    text = 'Brell spoke first. "We will not sign this text.\n"We want the quota back," Varga said.'
    assert [s.text for s in extract(text)] == ["We want the quota back,"]


def test_a_report_that_starts_inside_a_quote_ends_at_its_closing_mark(extractor):
    """'"It is late. The dam is safe," Brell, a senior aide, said.' parsed as the parser does after
    some names: its sentence starts at the quote's second sentence, and the apposition hangs on
    the quoted verb, so the clause ran on past the closing mark into the attribution."""
    rows = [
        ("“", "PUNCT", "``", "punct", 2),
        ("It", "PRON", "PRP", "nsubj", 2),
        ("is", "AUX", "VBZ", "ROOT", 2),
        ("late", "ADJ", "JJ", "acomp", 2),
        (".", "PUNCT", ".", "punct", 2),
        ("The", "DET", "DT", "det", 6),
        ("dam", "NOUN", "NN", "nsubj", 7),
        ("is", "AUX", "VBZ", "ccomp", 17),
        ("safe", "ADJ", "JJ", "acomp", 7),
        (",", "PUNCT", ",", "punct", 7),
        ("”", "PUNCT", "''", "punct", 7),
        ("Brell", "PROPN", "NNP", "nsubj", 17),
        (",", "PUNCT", ",", "punct", 11),
        ("a", "DET", "DT", "det", 15),
        ("senior", "ADJ", "JJ", "amod", 15),
        ("aide", "NOUN", "NN", "npadvmod", 7),
        (",", "PUNCT", ",", "punct", 17),
        ("said", "VERB", "VBD", "ROOT", 17),
        (".", "PUNCT", ".", "punct", 17),
    ]
    [s] = extract_parsed(extractor, rows, persons=[(11, 12)])
    assert s.kind == "direct"
    assert s.text.strip() == "It is late. The dam is safe,"


def test_a_report_that_ends_on_an_opening_mark_runs_on_over_the_quotation(extract):
    """The parser hung the quoted sentence on "said", away from "thinking"; the report ended on
    the opening mark. A quotation with no attribution of its own is what the report opens."""
    text = (
        'Ada Varga said she recalled thinking, "This is what engineers have warned about for decades: you build'
        ' the wall and nobody checks it."'
    )
    [s] = extract(text)
    assert s.text == text[text.index("she recalled") : -1]


@pytest.mark.parametrize(
    "text",
    [
        # The parser's sentence, and so the report, ended at the first question mark.
        'Varga said, suggesting a few questions, including, "Mr. Brell, do you really believe that the farmers'
        ' need a new canal? Mr. Brell, do you really think the river will wait?"',
        # ... or at the comma before a clause of its own.
        'Brell said the valley has waited "forty winters for the canal, to reopen that quarrel now, young farmers'
        ' will not stand for it. They have moved on."',
    ],
)
def test_a_report_that_opens_a_quotation_runs_on_to_its_closing_mark(extract, text):
    [s] = extract(text)
    assert s.text.endswith(text[-20:-1])


def test_a_cue_inside_a_quotation_reports_nothing_outside_it(extract):
    """ "I think" inside the quotation is the quoted speaker's; its parenthetical report took in
    the whole sentence, attribution and all, and hid the attribution's own cue."""
    text = '"What troubles us is not the treaty," Varga told the council, "but the delay, I believe, in signing it."'
    [s] = extract(text)
    assert (s.kind, s.speaker) == ("direct", "Ada Varga")
    assert s.text == text[1:-1]


def test_a_report_that_runs_on_over_a_quote_after_a_colon_is_one_statement(extract):
    """The report goes on over the quotation its own cue introduced; the quotation is not a
    second statement of the same act."""
    text = (
        'Tomas Brell said he has the key trait for the role of arbiter: "Patience -- real patience, and mixed'
        ' with nerve."'
    )
    [s] = extract(text)
    assert s.text.startswith("he has") and s.text.endswith("nerve.")


def test_a_passive_participle_after_a_quoted_term_attributes_nothing(extract):
    text = 'In the spring of 2011, valley "water boards" supported by the mining brothers began to buy farms.'
    assert [s for s in extract(text) if s.kind == "direct"] == []


def test_a_heading_that_quotes_in_single_marks_after_a_colon_gives_the_named_person_s_words(extract):
    text = "Three rules from Tomas Brell: ‘Never sign on a Friday.’\nBrell has led the union since 2009."
    [s] = extract(text)
    assert (s.kind, s.speaker, s.text) == ("direct", "Tomas Brell", "Never sign on a Friday.")
