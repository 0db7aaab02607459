"""Reported speech: the constructions that make a statement, the text each one takes, and the
constructions that make none."""

import pytest

from tests.extraction import only


def one(extract, text):
    statements = extract(text)
    assert len(statements) == 1, statements
    s = statements[0]
    assert s.kind == "indirect"
    return s


# -- clauses --------------------------------------------------------------------------------


def test_said_that_drops_that(extract):
    s = one(extract, "Foreign Minister Ada Varga said that the quota was too low.")
    assert (s.text, s.cue, s.speaker) == ("the quota was too low", "said", "Ada Varga")


def test_told_reporters(extract):
    s = one(extract, "Foreign Minister Ada Varga told reporters that the quota was too low.")
    assert (s.text, s.cue, s.speaker) == ("the quota was too low", "told", "Ada Varga")


def test_according_to(extract):
    s = one(extract, "The dam would be lowered by four meters, according to a Norlandic official.")
    assert (s.text, s.cue) == ("The dam would be lowered by four meters", "according to")
    assert (s.speaker, s.party, s.anonymous) == ("a Norlandic official", "Norland", True)


def test_according_to_before_the_report(extract):
    s = one(extract, "According to Commissioner Lena Osei, the new survey showed lower river flows.")
    assert (s.text, s.speaker) == ("the new survey showed lower river flows", "Lena Osei")


def test_saying_that_after_a_main_clause_is_a_second_statement(extract):
    text = "Foreign Minister Ada Varga dismissed the new survey, saying that it ignored the spring floods."
    statements = extract(text)
    assert [(s.cue, s.text) for s in statements] == [
        ("dismissed", "the new survey"),
        ("saying", "it ignored the spring floods"),
    ]
    assert {s.speaker for s in statements} == {"Ada Varga"}


def test_inverted_attribution_after_the_report(extract):
    s = one(extract, "The talks will resume next month in Oskel, the Sudmarkian foreign ministry said.")
    assert s.text == "The talks will resume next month in Oskel"
    assert (s.speaker, s.party, s.anonymous) == ("the Sudmarkian foreign ministry", "Sudmark", False)


def test_parenthetical_attribution_inside_the_report(extract):
    text = (
        "Foreign Minister Ada Varga arrived in Oskel on Monday. "
        "The quota, she said, would have to rise before any deal."
    )
    s = one(extract, text)
    # the attribution stays inside the text, so that the text remains a slice of the article
    assert s.text == "The quota, she said, would have to rise before any deal"
    assert s.speaker == "Ada Varga"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The commission published a new framework, which Commissioner Lena Osei said would protect fishermen.",
            id="named",
        ),
        pytest.param(
            "Commissioner Lena Osei spoke in Oskel on Monday. "
            "The commission published a new framework, which she said would protect fishermen.",
            id="pronoun-previous-sentence",
        ),
        pytest.param(
            "Commissioner Lena Osei presented a new framework, which she said would protect fishermen.",
            id="pronoun-same-sentence",
        ),
    ],
)
def test_relative_clause_report(extract, text):
    s = one(extract, text)
    assert (s.text, s.cue, s.speaker) == ("would protect fishermen", "said", "Lena Osei")


SAID_BUT_CAUTIONED = (
    "Foreign Minister Ada Varga said the talks were useful but cautioned that Norland would not lower the dam."
)
SAID_THAT_BUT_WARNED = (
    "Foreign Minister Ada Varga said that the talks were useful but warned that Norland would not lower the dam."
)
SAID_BUT_WARNED = (
    "Foreign Minister Ada Varga said the talks were useful but warned that Norland would not lower the dam."
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SAID_BUT_CAUTIONED, id="cautioned"),
        pytest.param(
            SAID_THAT_BUT_WARNED,
            id="that-warned",
        ),
        pytest.param(
            SAID_BUT_WARNED,
            id="warned",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the parser makes 'warned' a second ccomp of 'said' (no subject, not a conj): the "
                "'warned' report gets no speaker and is dropped; the 'said' text ends in 'but'",
            ),
        ),
    ],
)
def test_said_a_but_warned_b_is_two_statements(extract, text):
    statements = extract(text)
    assert [s.text for s in statements] == ["the talks were useful", "Norland would not lower the dam"]
    assert {s.speaker for s in statements} == {"Ada Varga"}


# -- speech acts with an object -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "President Tomas Brell accused Norland of hoarding water upstream.",
            "accused",
            "Norland of hoarding water upstream",
        ),
        (
            "Commissioner Lena Osei called for an independent survey of the river.",
            "called for",
            "an independent survey of the river",
        ),
        ("President Tomas Brell pressed for a larger water allocation.", "pressed for", "a larger water allocation"),
        (
            "Foreign Minister Ada Varga called on Sudmark to release the survey data.",
            "called on",
            "Sudmark to release the survey data",
        ),
        (
            "Commissioner Lena Osei urged both governments to return to the table.",
            "urged",
            "both governments to return to the table",
        ),
        ("President Tomas Brell threatened to walk out of the talks.", "threatened", "to walk out of the talks"),
        ("Foreign Minister Ada Varga rejected the Sudmarkian proposal.", "rejected", "the Sudmarkian proposal"),
        ("President Tomas Brell welcomed the commission's decision.", "welcomed", "the commission's decision"),
        (
            "President Tomas Brell described the offer as a trap for Sudmark.",
            "described",
            "the offer as a trap for Sudmark",
        ),
    ],
    ids=[
        "accused",
        "called-for",
        "pressed-for",
        "called-on",
        "urged",
        "threatened",
        "rejected",
        "welcomed",
        "described",
    ],
)
def test_speech_act_with_an_object(extract, text, cue, content):
    s = one(extract, text)
    assert (s.cue, s.text) == (cue, content)


def test_rejected_on_a_day_keeps_the_day_out_of_the_object(extract):
    s = one(extract, "Foreign Minister Ada Varga rejected the Sudmarkian proposal on Monday.")
    assert s.text == "the Sudmarkian proposal"
    assert s.said_on_text == "Monday"


def test_called_the_plan_a_quoted_name(extract):
    s = one(extract, "Foreign Minister Ada Varga called the plan “a betrayal” on Monday.")
    assert (s.cue, s.text) == ("called", "the plan “a betrayal”")


# -- not statements -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The Norlandic plan is said to include a lower dam.", id="agentless-said-to"),
        pytest.param(
            "Foreign Minister Ada Varga declined to say whether Norland would accept the quota.",
            id="declined-to-say",
        ),
        pytest.param("President Tomas Brell asked whether the dam would be lowered.", id="asked-whether"),
        pytest.param(
            "The talks broke down over what Foreign Minister Ada Varga called “a theft of water.”",
            id="what-x-called",
        ),
        pytest.param("“No dam, no deal,” the crowd chanted outside the commission building.", id="chant-after"),
        pytest.param("Protesters in Oskel chanted “Our river, our water!” as the delegations arrived.", id="chant"),
        pytest.param(
            "Foreign Minister Ada Varga traveled to Sudmark to push for a deal on the reservoir.",
            id="purpose-infinitive",
        ),
        pytest.param(
            "Foreign Minister Ada Varga will resign if the commission confirms that the dam is unsafe.",
            id="conditional",
        ),
        pytest.param(
            "If the commission confirms that the river has dropped, talks will resume.", id="conditional-first"
        ),
    ],
)
def test_not_a_statement(extract, text):
    assert extract(text) == []


def test_reporters_question_is_not_the_answer(extract):
    text = "Asked whether Sudmark would accept the quota, President Tomas Brell said that no decision had been made."
    s = one(extract, text)
    assert (s.speaker, s.text) == ("Tomas Brell", "no decision had been made")


def test_what_x_called_is_not_attributed_to_a_later_verb(extract):
    text = (
        "The talks broke down on Monday over what Foreign Minister Ada Varga called “a theft of water,” "
        "and Sudmark recalled its ambassador."
    )
    assert extract(text) == []


def test_declined_to_say_next_to_a_real_report(extract):
    text = (
        "Foreign Minister Ada Varga declined to say whether Norland would accept the quota. "
        "She said that the talks would go on."
    )
    s = one(extract, text)
    assert (s.speaker, s.text) == ("Ada Varga", "the talks would go on")


def test_relative_report_after_an_object_act_is_a_second_statement(extract):
    # the relative report and the main clause's act are both kept, each with its own text
    text = "President Tomas Brell praised the new framework, which he said would protect fishermen."
    statements = extract(text)
    assert only(statements, cue="praised").text == "the new framework"
    assert only(statements, cue="said").text == "would protect fishermen"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("After saying that the dam was safe, President Tomas Brell left the talks.", "the dam was safe"),
        ("Despite admitting that the dam was weak, President Tomas Brell left the talks.", "the dam was weak"),
        # a preposition of two words, which the parser splits into an adverb and a preposition
        (
            "President Tomas Brell said little about the dam, aside from noting that the talks go on.",
            "the talks go on",
        ),
    ],
)
def test_a_participle_after_a_preposition_is_said_by_the_subject_of_its_clause(extract, text, content):
    [s] = [s for s in extract(text) if s.text == content]
    assert s.speaker == "Tomas Brell"


def test_what_one_stops_short_of_saying_is_not_said(extract):
    text = "President Tomas Brell left the talks but stopped short of calling the levy a fraud."
    assert [s for s in extract(text) if s.text == "the levy a fraud"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Brell was quick to say that the dam was safe.",
        "Tomas Brell will be unable to deny that the dam was safe.",
    ],
)
def test_the_infinitive_of_an_adjective_is_said_by_the_subject_of_its_copula(extract, text):
    assert [(s.speaker, s.text) for s in extract(text)] == [("Tomas Brell", "the dam was safe")]


@pytest.mark.parametrize(
    "text", ["It is worth noting that the dam was safe.", "It is hard to say whether the dam was safe."]
)
def test_the_infinitive_of_an_adjective_after_an_expletive_it_says_nothing(extract, text):
    assert extract(text) == []


def test_a_statement_a_clause_opens_with_is_its_subjects(extract):
    text = "In a statement welcoming the vote, the Marsh union called Varga a champion of the workers."
    assert [(s.speaker, s.text) for s in extract(text)] == [
        ("the Marsh union", "the vote"),
        ("the Marsh union", "Varga a champion of the workers"),
    ]


def test_a_clause_subject_taken_for_the_cues_object_stays_in_the_report(extract):
    text = "Lena Osei said the hardest part, carrying out the treaty in the valley, still lay ahead."
    [s] = extract(text)
    assert s.text.startswith("the hardest part")


def test_an_addressee_object_is_not_part_of_the_report(extract):
    [s] = extract("Tomas Brell told reporters that the dam was safe.")
    assert s.text == "the dam was safe"


def test_a_verb_the_parser_left_unlabelled_shares_the_subject_before_it(extract):
    text = "Moments later, as jets roared over the ceremony, Tomas Brell flinched, then joked that the war was over."
    assert [(s.speaker, s.text) for s in extract(text)] == [("Tomas Brell", "the war was over")]


def test_a_that_clause_found_after_a_participle_still_belongs_to_the_cue(extract):
    text = "Ada Varga said on Friday morning, before flying to Oskel for the day, that progress had been real."
    [s] = extract(text)
    assert (s.speaker, s.text) == ("Ada Varga", "progress had been real")


def test_called_for_someone_to_act_is_a_demand_of_the_whole_clause(extract):
    text = "Lena Osei, who chairs the commission, had called a day earlier for Sudmark to end its boycott."
    [s] = extract(text)
    assert (s.speaker, s.rule, s.text) == ("Lena Osei", "preposition", "Sudmark to end its boycott")


def test_a_report_never_runs_into_the_next_paragraph(extract):
    text = (
        'The dam represented "real progress," Tomas Brell said, but it did not settle "the quota"\n'
        "Ada Varga said on Monday that there would be no changes to the treaty."
    )
    statements = extract(text)
    assert all("\n" not in s.text for s in statements)
    assert ("Ada Varga", "there would be no changes to the treaty") in [(s.speaker, s.text) for s in statements]


def test_call_a_thing_a_quoted_epithet_the_parser_hung_inside_the_object(extract):
    text = 'Ada Varga called the commission\'s progress on the quota "pathetic" on Monday.'
    [s] = extract(text)
    assert (s.rule, s.text) == ("predicate", 'the commission\'s progress on the quota "pathetic"')


def test_hoped_that_is_a_report(extract):
    [s] = extract("The Norland government hoped that the talks would resume in May.")
    assert (s.speaker, s.cue, s.text) == ("The Norland government", "hoped", "the talks would resume in May")
    assert s.stance == "demands"  # FrameNet Desiring: a side wants what it hopes for


def test_a_hope_in_the_speakers_own_relative_clause_goes_on_with_the_report(extract):
    text = "Lena Osei described the sluice as an emergency valve that she hoped would never have to be opened."
    [s] = extract(text)
    assert s.text == "the sluice as an emergency valve that she hoped would never have to be opened"


def test_a_second_speech_act_in_a_relative_clause_is_a_statement_of_its_own(extract):
    text = (
        "Tomas Brell announced that the truce would end on Friday, a decision he said was meant to "
        "push both sides to settle quickly."
    )
    assert [s.cue for s in extract(text)] == ["announced", "said"]
