"""Stance, target and proposal (GUIDELINES.md, "Stance and proposals"), one rule a test."""

from dataclasses import replace
from datetime import date

import pytest

from negotiations.extraction import Extractor, ProposalInfo
from tests.extraction import PUBLISHED, only


def one(extract, text):
    statements = extract(text)
    assert len(statements) == 1, statements
    return statements[0]


def stance_of(extract, text):
    s = one(extract, text)
    return s.stance, s.target, s.proposal


def brells_proposal(extract, text):
    """The proposal of Tomas Brell's one statement in `text`."""
    return only(extract(text), speaker="Tomas Brell").proposal


# -- the cue verb -----------------------------------------------------------------------------


def test_accuse_targets_the_blamed_party(extract):
    text = "Foreign Minister Ada Varga accused Sudmark of draining the reservoir."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")


def test_a_bad_verdict_on_what_a_party_did_accuses_it(extract):
    text = 'Foreign Minister Ada Varga called Sudmark\'s handling of the talks "disastrous" on Monday.'
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")
    text = "Foreign Minister Ada Varga said Sudmark's conduct in the talks was shameful."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")
    text = 'Foreign Minister Ada Varga called the committee\'s progress on the survey "terrible" on Monday.'
    assert stance_of(extract, text)[:2] == ("accuses", None)
    # its own side's conduct, or praise, blames no one
    text = 'Foreign Minister Ada Varga called Norland\'s handling of the talks "disastrous" on Monday.'
    assert stance_of(extract, text)[0] != "accuses"
    text = 'Foreign Minister Ada Varga called Sudmark\'s handling of the talks "excellent" on Monday.'
    assert stance_of(extract, text)[0] != "accuses"


def test_accusing_no_party_has_no_target(extract):
    text = "Foreign Minister Ada Varga accused foreign engineers of hiding the survey."
    assert stance_of(extract, text)[:2] == ("accuses", None)


def test_a_party_that_failed_to_act_is_blamed_and_a_failed_effort_blames_no_one(extract):
    text = "Foreign Minister Ada Varga said Sudmark had failed to carry out the checks the framework requires."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")
    text = "Foreign Minister Ada Varga said the mediators' efforts had failed to close the last gaps."
    assert stance_of(extract, text)[:2] == ("neutral", None)
    text = "Foreign Minister Ada Varga said Norland had failed to carry out the checks the framework requires."
    assert stance_of(extract, text)[0] != "accuses"


def test_rejecting_a_proposal_targets_it(extract):
    text = "President Tomas Brell rejected the Lakeside framework on Monday."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")


def test_rejecting_a_remark_has_no_target(extract):
    text = "President Tomas Brell rejected Varga's remarks about the river."
    assert stance_of(extract, text) == ("rejects", None, None)


def test_rejecting_what_a_side_offered_rejects_a_text(extract):
    text = "President Tomas Brell rejected the remedies the commission has offered since July."
    assert stance_of(extract, text)[0] == "rejects"


def test_what_a_side_offered_is_its_latest_text(extract):
    text = "President Tomas Brell rejected the remedies the commission has offered since July."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")
    # "it" in what the speaker says is the speaker's own side
    text = "Commissioner Lena Osei said the proposals it made in July were still on the table."
    assert stance_of(extract, text)[2] == "Lakeside framework"
    # a side with no text on the table offered none the setup knows
    text = "President Tomas Brell rejected the remedies Norland has offered since July."
    assert stance_of(extract, text)[2] is None


def test_rejecting_an_outcome_opposes_the_issue(extract):
    text = "President Tomas Brell rejected any higher dam on the river."
    assert stance_of(extract, text)[:2] == ("opposes", "Dam height")


def test_rejecting_an_outcome_that_names_no_issue_opposes_it(extract):
    text = "President Tomas Brell rejected any Norlandic patrols on the river."
    assert stance_of(extract, text)[:2] == ("opposes", None)


def test_welcoming_supports(extract):
    text = "Commissioner Lena Osei welcomed the framework on Monday."
    assert stance_of(extract, text) == ("supports", "Lakeside framework", "Lakeside framework")


def test_calling_for_an_outcome_demands_the_issue(extract):
    text = "President Tomas Brell called for a larger water allocation on Monday."
    assert stance_of(extract, text)[:2] == ("demands", "Water quota")


def test_calling_for_a_party_to_act_in_a_for_to_clause_demands(extract):
    text = "Commissioner Lena Osei had called a day earlier for Sudmark to lower the dam."
    assert stance_of(extract, text)[:2] == ("demands", "Dam height")


def test_urging_acceptance_of_a_proposal_demands_it(extract):
    text = "Commissioner Lena Osei urged Norland to accept the Lakeside framework."
    assert stance_of(extract, text) == ("demands", "Lakeside framework", "Lakeside framework")


def test_urging_others_to_reject_a_proposal_rejects_it(extract):
    text = "President Tomas Brell urged voters to reject the Lakeside framework."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")


def test_urging_others_to_oppose_an_outcome_opposes_it(extract):
    text = "President Tomas Brell urged Sudmarkian farmers to oppose any higher dam."
    assert stance_of(extract, text)[:2] == ("opposes", "Dam height")


# -- the content's predicate ------------------------------------------------------------------


def test_own_side_accepting_a_proposal_accepts(extract):
    text = "Foreign Minister Ada Varga said that Norland had accepted the Lakeside framework."
    assert stance_of(extract, text) == ("accepts", "Lakeside framework", "Lakeside framework")


def test_another_sides_answer_is_reported_not_the_speakers(extract):
    s = one(extract, "Commissioner Lena Osei said that Norland had accepted the Lakeside framework.")
    assert (s.stance, s.proposal) == ("neutral", "Lakeside framework")
    assert (s.reported_party, s.reported_stance, s.reported_target) == ("Norland", "accepts", "Lakeside framework")


def test_a_negated_acceptance_is_reported_as_rejection(extract):
    s = one(extract, "Commissioner Lena Osei said that Sudmark had not accepted the framework.")
    assert (s.reported_party, s.reported_stance) == ("Sudmark", "rejects")


def test_a_partys_demands_are_reported_with_their_issue(extract):
    s = one(extract, "Commissioner Lena Osei said that the talks stalled over new demands made by Brell on the dam.")
    assert (s.reported_party, s.reported_stance, s.reported_target) == ("Sudmark", "demands", "Dam height")


def test_a_side_restating_its_own_conditions_demands(extract):
    text = "Foreign Minister Ada Varga said that Norland's conditions on the dam had not changed."
    assert stance_of(extract, text)[:2] == ("demands", "Dam height")


def test_a_text_meeting_the_speakers_own_demands_only_reports_them(extract):
    s = one(extract, "Foreign Minister Ada Varga said that the framework met Norland's conditions on the dam.")
    assert s.stance == "neutral"
    assert (s.reported_party, s.reported_stance, s.reported_target) == ("Norland", "demands", "Dam height")


def test_acceptance_with_a_condition_is_conditional(extract):
    text = "Foreign Minister Ada Varga said that Norland would honor the framework as long as Sudmark honored it too."
    assert stance_of(extract, text)[:2] == ("conditional", "Lakeside framework")


def test_a_refusal_until_something_happens_demands_it(extract):
    text = "Sudmarkian officials said their farmers will not leave the valley until the commission raises the quota."
    assert stance_of(extract, text)[:2] == ("demands", "Water quota")
    text = "Sudmarkian officials said their farmers will stay in the valley until the commission raises the quota."
    assert stance_of(extract, text)[0] == "neutral"


def test_a_condition_on_an_issue_is_a_demand(extract):
    text = "Foreign Minister Ada Varga said that the quota would rise only if Sudmark cleaned the river."
    assert stance_of(extract, text)[:2] == ("demands", "Water quota")


# -- modality and verdicts --------------------------------------------------------------------


def test_must_demands(extract):
    text = "President Tomas Brell said that the dam must be lowered before the winter."
    assert stance_of(extract, text)[:2] == ("demands", "Dam height")


def test_a_subjunctive_after_a_singular_subject_demands(extract):
    text = "President Tomas Brell insisted that any treaty give Sudmark a larger water allocation."
    assert stance_of(extract, text)[:2] == ("demands", "Water quota")


def test_an_indicative_after_insisting_only_asserts(extract):
    text = "President Tomas Brell insisted that the treaty gives Sudmark a larger water allocation."
    assert stance_of(extract, text)[0] == "neutral"


def test_necessity_of_an_outcome_demands_it(extract):
    text = "President Tomas Brell said that it was essential to lower the dam."
    assert stance_of(extract, text)[:2] == ("demands", "Dam height")


def test_necessity_said_of_a_text_is_praise(extract):
    text = "Commissioner Lena Osei said that the framework was vital for peace."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_a_must_of_knowing_only_asserts(extract):
    text = "President Tomas Brell said that the world must know that Sudmark keeps its word."
    assert stance_of(extract, text)[0] == "neutral"


def test_a_negative_verdict_on_a_text_rejects_it(extract):
    text = "President Tomas Brell said that the framework was a dangerous mistake."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_praise_of_a_text_supports_it(extract):
    text = "Commissioner Lena Osei called the framework a solid foundation for peace."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_describing_a_texts_terms_is_neutral(extract):
    text = "Commissioner Lena Osei said that under the framework Norland would release more water in May."
    assert stance_of(extract, text) == ("neutral", None, "Lakeside framework")


def test_a_bad_verdict_on_an_outcome_opposes_it(extract):
    text = "President Tomas Brell said that any talk of a higher dam was a nonstarter."
    assert stance_of(extract, text)[:2] == ("opposes", "Dam height")


@pytest.mark.parametrize(("said", "stance"), [("broke the river treaty", "rejects"), ("broke the deadlock", "neutral")])
def test_a_text_that_breaks_a_law_or_treaty_is_judged_and_one_that_breaks_a_deadlock_is_not(extract, said, stance):
    text = f"President Tomas Brell said the Lakeside framework {said}."
    assert stance_of(extract, text)[0] == stance


def test_a_good_verdict_on_an_outcome_supports_it(extract):
    text = "Commissioner Lena Osei said the progress on the water allocation was a positive step."
    assert stance_of(extract, text)[:2] == ("supports", "Water quota")


def test_a_bad_word_inside_the_outcome_is_no_verdict_on_it(extract):
    text = "President Tomas Brell said that the dangerous dam would be inspected in May."
    assert stance_of(extract, text)[0] == "neutral"


def test_blame_in_the_content_accuses_the_party_named(extract):
    text = "Foreign Minister Ada Varga said that Sudmark was trying to sabotage the talks."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")


def test_blame_in_a_hypothetical_accuses_no_one(extract):
    text = "Foreign Minister Ada Varga said that if Sudmark cheats, the commission will know."
    assert stance_of(extract, text)[0] != "accuses"


def test_a_proposal_outranks_an_accusation(extract):
    text = "President Tomas Brell said that the framework was a reversal and that Norland had sabotaged the talks."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


# -- proposals --------------------------------------------------------------------------------


def test_the_plan_points_back_to_the_proposal_named_before(extract):
    text = (
        "The commission presented the Lakeside framework on Monday. "
        "President Tomas Brell said that the plan ignored the fishermen."
    )
    assert brells_proposal(extract, text) == "Lakeside framework"


PRESENTED = "The commission presented the Lakeside framework on Monday. President Tomas Brell said that {}."


def test_what_both_sides_agreed_on_is_the_newest_text(extract):
    text = "Commissioner Lena Osei said that they had agreed on how the water would be shared."
    assert stance_of(extract, text) == ("accepts", "Sudmark reply", "Sudmark reply")
    # a side that agrees alone agrees to its own latest text
    text = "Commissioner Lena Osei said that the commission had agreed on how the water would be shared."
    assert stance_of(extract, text) == ("accepts", "Lakeside framework", "Lakeside framework")


def test_a_text_described_by_its_form_is_the_proposal_named_before(extract):
    assert (
        brells_proposal(extract, PRESENTED.format("his lawyers would read the full text before the vote"))
        == "Lakeside framework"
    )
    # an adjective of kind makes it another text
    assert brells_proposal(extract, PRESENTED.format("his lawyers would read the interim text before the vote")) is None


def test_it_as_the_object_of_a_verb_of_stance_is_the_text_just_named(extract):
    tabled = "The commission tabled the Lakeside framework on Monday. "
    assert (
        brells_proposal(extract, tabled + "President Tomas Brell said Sudmark would oppose it.") == "Lakeside framework"
    )
    # named two sentences before: too far back to be what "it" is
    assert (
        brells_proposal(extract, tabled + "The rain kept falling. President Tomas Brell said Sudmark would oppose it.")
        is None
    )


def test_what_another_side_agreed_to_is_in_the_text_just_named(extract):
    tabled = "The commission tabled the Lakeside framework on Monday. "
    assert (
        brells_proposal(extract, tabled + "President Tomas Brell said Norland had agreed to share the water.")
        == "Lakeside framework"
    )
    assert (
        brells_proposal(
            extract, tabled + "The rain kept falling. President Tomas Brell said Norland had agreed to share the water."
        )
        is None
    )


def test_the_text_known_by_its_length_is_the_proposal_named_before(extract):
    assert (
        brells_proposal(extract, PRESENTED.format("few voters would read the 40 pages before the vote"))
        == "Lakeside framework"
    )
    assert brells_proposal(extract, PRESENTED.format("few voters would read a few pages before the vote")) is None


def test_what_is_carried_out_is_a_text_even_when_named_further_back(extract):
    tabled = "The commission tabled the Lakeside framework on Monday. The rain kept falling. "
    assert (
        brells_proposal(extract, tabled + "President Tomas Brell said Sudmark would implement it.")
        == "Lakeside framework"
    )
    # what is opposed may be anything: only a text named just before
    assert brells_proposal(extract, tabled + "President Tomas Brell said Sudmark would oppose it.") is None


def test_the_changes_are_the_changes_a_text_makes(extract):
    assert (
        brells_proposal(extract, PRESENTED.format("the changes were a modest set of adjustments"))
        == "Lakeside framework"
    )
    # bare "changes" are only asked for or refused, not a text's
    assert brells_proposal(extract, PRESENTED.format("Sudmark had refused changes on the quota")) is None


def test_a_bare_plural_of_a_texts_parts_is_the_proposal_in_the_news(extract):
    assert (
        brells_proposal(extract, PRESENTED.format("strict restrictions on fishing would last a decade"))
        == "Lakeside framework"
    )


def test_parts_of_another_kind_are_not_the_proposals(extract):
    assert brells_proposal(extract, PRESENTED.format("security measures on the river would be tightened")) is None


def test_a_bare_plural_of_a_texts_parts_needs_a_proposal_named_before(extract):
    text = "President Tomas Brell said that strict restrictions on fishing would last a decade."
    assert stance_of(extract, text)[2] is None


def test_an_indefinite_deal_is_no_proposal(extract):
    text = "President Tomas Brell said that a deal could be reached by spring."
    assert stance_of(extract, text)[2] is None


def test_it_after_a_proposal_in_the_same_sentence_is_that_proposal(extract):
    text = "Officials familiar with the Lakeside framework said it left the quota unresolved."
    assert stance_of(extract, text)[2] == "Lakeside framework"


def test_a_proposal_made_after_the_statement_is_not_its_proposal(extract):
    text = "President Tomas Brell said that the autumn accord would help farmers."
    assert stance_of(extract, text)[2] is None


def test_an_unknown_proposal_named_by_its_parties_is_found(extract):
    s = one(extract, "Foreign Minister Ada Varga rejected a Sudmarkian plan on Monday.")
    assert s.proposal is None
    assert (s.found_proposal.words, s.found_proposal.by) == ("Sudmarkian plan", ("Sudmark",))
    assert (s.stance, s.target) == ("rejects", "Sudmarkian plan")


def test_a_proposal_head_without_a_party_is_not_found(extract):
    s = one(extract, "Foreign Minister Ada Varga rejected a revised plan on Monday.")
    assert s.found_proposal is None


def test_a_document_setting_out_terms_speaks_of_the_proposal_under_discussion(extract):
    statements = extract(
        "The commission presented the Lakeside framework on Monday. "
        "According to the Norlandic fact sheet, Norland would release more water in May."
    )
    assert only(statements, speaker="the Norlandic fact sheet").proposal == "Lakeside framework"


def test_a_statement_about_no_text_has_no_proposal_without_a_document_speaker(extract):
    statements = extract(
        "The commission presented the Lakeside framework on Monday. "
        "According to Norlandic officials, Norland would release more water in May."
    )
    assert only(statements, speaker="Norlandic officials").proposal is None


SAME_OCCASION = "Commissioner Lena Osei said on Monday that the Lakeside framework was fair. “{}” she said."


def test_a_demonstrative_picks_up_the_proposal_of_the_speakers_preceding_sentence(extract):
    statements = extract(SAME_OCCASION.format("That balance took a year to find,"))
    assert [s.proposal for s in statements] == ["Lakeside framework", "Lakeside framework"]


def test_a_speaker_going_on_to_another_topic_leaves_the_proposal(extract):
    statements = extract(SAME_OCCASION.format("Our fishermen need rain,"))
    assert [s.proposal for s in statements] == ["Lakeside framework", None]


def test_a_demonstrative_of_time_picks_up_nothing(extract):
    statements = extract(SAME_OCCASION.format("The river is low this week,"))
    assert [s.proposal for s in statements] == ["Lakeside framework", None]


def test_a_demonstrative_does_not_reach_past_a_new_paragraph(extract):
    statements = extract(SAME_OCCASION.replace(" “", "\n“").format("That balance took a year to find,"))
    assert [s.proposal for s in statements] == ["Lakeside framework", None]


# -- verb classes (FrameNet Willingness, Taking_sides, Emotion_directed) and confidence ---------


def test_a_negated_willingness_to_act_rejects(extract):
    text = "President Tomas Brell said Sudmark was not prepared to sign the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_no_intention_to_act_refuses_the_act(extract):
    text = "President Tomas Brell said Sudmark had no intention of signing the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_not_giving_way_on_an_issue_insists_on_it(extract):
    text = "Foreign Minister Ada Varga said Norland would not budge, however, on the water quota."
    assert stance_of(extract, text)[:2] == ("demands", "Water quota")
    text = "Foreign Minister Ada Varga said Norland would not bend on three points: the dam, the quota and fishing."
    assert stance_of(extract, text)[0] == "neutral"
    text = "Foreign Minister Ada Varga said Norland would budge on the water quota."
    assert stance_of(extract, text)[0] == "neutral"


def test_refusing_to_do_a_text_over_stands_by_it(extract):
    text = "President Tomas Brell said Sudmark was not prepared to reopen the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("accepts", "Lakeside framework")
    text = (
        "The commission presented the Lakeside framework on Monday. President Tomas Brell said Sudmark "
        "had no intention of renegotiating a text that had taken a year to draft."
    )
    assert stance_of(extract, text) == ("accepts", "Lakeside framework", "Lakeside framework")


def test_willingness_without_negation_is_no_refusal(extract):
    text = "President Tomas Brell said Sudmark was prepared to reopen the Lakeside framework."
    assert stance_of(extract, text)[0] != "rejects"


def test_being_opposed_to_an_outcome_opposes_the_issue(extract):
    text = "President Tomas Brell said he was totally opposed to a higher dam."
    assert stance_of(extract, text)[:2] == ("opposes", "Dam height")


def test_voting_against_a_text_rejects_it(extract):
    text = "President Tomas Brell said Sudmark would vote against the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_disappointment_at_what_another_party_did_accuses_it(extract):
    text = "President Tomas Brell said he was disappointed that Norland had closed the sluices."
    assert stance_of(extract, text)[:2] == ("accuses", "Norland")


def test_disappointment_at_ones_own_side_accuses_no_one(extract):
    text = "President Tomas Brell said he was disappointed that Sudmark had closed the sluices."
    assert stance_of(extract, text)[0] != "accuses"


def test_confidence_is_the_rule_familys_measured_precision(extract):
    from negotiations.extraction.stance import confidence_of

    accused = one(extract, "Foreign Minister Ada Varga accused Sudmark of draining the reservoir.")
    neutral = one(extract, "Foreign Minister Ada Varga said the talks would resume in May.")

    assert accused.stance_confidence == confidence_of("cue-accuse")
    assert neutral.stance == "neutral" and neutral.stance_confidence == confidence_of("none")
    assert confidence_of("cue-accuse") != confidence_of("none")
    assert confidence_of("no such rule") == confidence_of("*")


def test_the_reading_lists_its_features_for_a_statistical_layer(extractor, monkeypatch):
    from negotiations.extraction.stance import ArticleStance

    seen = []
    read = ArticleStance.read

    def recording(self, *args):
        stance = read(self, *args)
        seen.append(stance)
        return stance

    monkeypatch.setattr(ArticleStance, "read", recording)
    extractor.extract("President Tomas Brell said Sudmark would never accept the Lakeside framework.", None)

    (stance,) = seen
    assert {"rule=predicate", "said=rejects", "cue=say", "negation", "names-text", "w=accept"} <= set(stance.features)


# -- verdicts from the general evaluative lexicon (VADER) -------------------------------------


def test_a_verdict_in_words_of_the_general_lexicon_rejects_a_text(extract):
    text = "President Tomas Brell said the Lakeside framework was shameful."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_a_verdict_in_words_of_the_general_lexicon_supports_a_text(extract):
    text = "Commissioner Lena Osei said the Lakeside framework was admirable."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_valenced_words_outside_the_verdict_judge_nothing(extract):
    # "war" is -2.9 in the lexicon, but it is what the text prevents, not a verdict on it
    text = "Commissioner Lena Osei said the Lakeside framework described the war of 1998."
    assert stance_of(extract, text)[0] == "neutral"


def test_a_demonstrative_judged_stands_for_the_text_on_the_table(extract):
    text = "Sudmark studied the Lakeside framework on Monday. President Tomas Brell said this was shameful."
    (brell,) = [s for s in extract(text) if s.speaker == "Tomas Brell"]
    assert (brell.stance, brell.target, brell.proposal) == ("rejects", "Lakeside framework", "Lakeside framework")


def test_it_judged_is_not_taken_for_the_text(extract):
    # in reported speech "it" is mostly the speaker's own side: "the group said it was hopeful"
    text = "Sudmark studied the Lakeside framework on Monday. President Tomas Brell said it was shameful."
    (brell,) = [s for s in extract(text) if s.speaker == "Tomas Brell"]
    assert brell.stance != "rejects" or brell.target != "Lakeside framework"


@pytest.mark.parametrize("said", ["it would breach the river treaty", "it would not work", "he called it a betrayal"])
def test_it_as_what_a_verdict_is_passed_on_is_the_text(extract, said):
    text = f"Sudmark studied the Lakeside framework on Monday. President Tomas Brell said {said}."
    (brell,) = [s for s in extract(text) if s.speaker == "Tomas Brell"]
    assert (brell.stance, brell.target) == ("rejects", "Lakeside framework")


def test_calling_it_a_better_text_supports_the_text(extract):
    text = "Sudmark studied the Lakeside framework on Monday. President Tomas Brell called it a better accord."
    (brell,) = [s for s in extract(text) if s.speaker == "Tomas Brell"]
    assert (brell.stance, brell.target) == ("supports", "Lakeside framework")


# -- blame needs someone it is said of ----------------------------------------------------------


def test_a_blame_word_said_of_another_party_accuses_it(extract):
    # the verb's own subject is who it is said of, not the speaker who says it
    text = "Foreign Minister Ada Varga said Sudmark was stalling the talks."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")


def test_a_blame_word_on_a_noun_that_names_the_party_accuses_it(extract):
    text = "Foreign Minister Ada Varga said the arrogant Sudmark government would not change."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")


def test_a_blame_word_said_of_no_one_accuses_no_one(extract):
    # what is bad, not who did it: people responsible for the floods are no party
    text = "Foreign Minister Ada Varga said people responsible for the floods should face trial in Sudmark."
    assert stance_of(extract, text)[0] != "accuses"


# -- modality: what is no demand ----------------------------------------------------------------


def test_a_bare_infinitive_after_let_is_no_subjunctive_demand(extract):
    text = "Commissioner Lena Osei said the Lakeside framework would let Sudmark raise the dam."
    assert stance_of(extract, text)[0] != "demands"


def test_no_necessity_is_no_demand_but_a_prohibition_is(extract):
    text = "Commissioner Lena Osei said the dam would never have to be raised."
    assert stance_of(extract, text)[0] != "demands"
    text = "Commissioner Lena Osei said the dam must not be raised."
    assert stance_of(extract, text)[0] == "demands"


def test_a_fault_conceded_before_but_gives_way_to_praise_after_it(extract):
    text = (
        "Sudmark studied the Lakeside framework on Monday.\n"
        '"This is not a perfect text, but I am convinced it is the best text possible," President Tomas Brell said.'
    )
    (brell,) = [s for s in extract(text) if s.speaker == "Tomas Brell"]
    assert (brell.stance, brell.target) == ("supports", "Lakeside framework")


def test_praise_turned_by_but_is_a_mixed_verdict(extract):
    text = "Commissioner Lena Osei said the Lakeside framework represented real progress but did not settle the quota."
    assert stance_of(extract, text)[:2] == ("conditional", "Lakeside framework")


def test_opposing_an_outcome_opposes_and_opposing_a_text_rejects(extract):
    text = "President Tomas Brell said Sudmark opposed any arrangement that kept the sluices closed."
    assert stance_of(extract, text)[0] == "opposes"
    text = "President Tomas Brell said Sudmark opposed the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_a_text_that_breaks_the_law_is_rejected_and_a_lawful_one_supported(extract):
    text = "President Tomas Brell said the Lakeside framework violated international law."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")
    text = "Foreign Minister Ada Varga said the Lakeside framework was lawful."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_a_passive_necessity_demands_and_no_longer_needed_does_not(extract):
    text = "Commissioner Lena Osei said more water would be needed to fill the reservoir."
    assert stance_of(extract, text)[0] == "demands"
    text = "Commissioner Lena Osei said more water was no longer needed to fill the reservoir."
    assert stance_of(extract, text)[0] != "demands"


def test_a_bare_definite_alias_stands_for_the_newest_proposal_of_its_kind_named_before(extractor):
    """ "the accord" is the setup's alias of the first accord; once the article has named the
    revised one, "the accord" is that one. Before, or without it, the alias keeps its owner."""
    setup = replace(
        extractor.setup,
        proposals=(
            ProposalInfo("Lakeside accord", "River Commission", date(2025, 7, 1), ("the accord",)),
            ProposalInfo("Revised accord", "River Commission", date(2025, 8, 1), ("revised accord",)),
        ),
    )
    ex = Extractor(setup, nlp=extractor.nlp)
    revised = "The commission published the revised accord on Monday.\nBrell said he rejected the accord."
    [s] = ex.extract(revised, PUBLISHED)
    assert s.proposal == "Revised accord"
    [s] = ex.extract("Brell said he rejected the accord.", PUBLISHED)
    assert s.proposal == "Lakeside accord"


def test_a_text_a_proposal_creates_is_what_the_statement_is_about(extractor):
    setup = replace(
        extractor.setup,
        proposals=(
            *extractor.setup.proposals,
            ProposalInfo("Drought fund", "River Commission", date(2025, 7, 1), ("drought fund",)),
        ),
    )
    ex = Extractor(setup, nlp=extractor.nlp)
    [s] = ex.extract("Osei said the Lakeside framework also established a drought fund for farmers.", PUBLISHED)
    assert s.proposal == "Drought fund"
    # a text that only mentions another is still about itself
    [s] = ex.extract("Osei said the Lakeside framework replaced the drought fund of last year.", PUBLISHED)
    assert s.proposal == "Lakeside framework"


def test_it_judged_is_the_text_just_named_before_the_one_talked_of_most(extractor):
    setup = replace(
        extractor.setup,
        proposals=(
            ProposalInfo("Lakeside accord", "River Commission", date(2025, 7, 1), ("Lakeside accord",)),
            ProposalInfo("Revised accord", "River Commission", date(2025, 8, 1), ("revised accord",)),
        ),
    )
    ex = Extractor(setup, nlp=extractor.nlp)
    earlier = "The Lakeside accord divided the valley. Farmers marched against the Lakeside accord in July.\n"
    [s] = ex.extract(
        earlier + "The commission published a revised accord on Monday. Brell called it excellent.", PUBLISHED
    )
    assert (s.stance, s.proposal) == ("supports", "Revised accord")
    # with nothing named just before, the one the article talked of most
    later = "The commission published a revised accord. The rain kept falling all week. Brell called it excellent."
    [s] = ex.extract(earlier + later, PUBLISHED)
    assert (s.stance, s.proposal) == ("supports", "Lakeside accord")


def test_a_text_no_longer_needed_is_rejected(extract):
    text = "President Tomas Brell said the Lakeside framework was no longer needed."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")
    # a need denied of an outcome passes no verdict on a text
    text = "President Tomas Brell said a larger water allocation was no longer needed."
    assert stance_of(extract, text)[0] != "rejects"


def test_helping_to_carry_out_a_text_supports_it(extract):
    text = "Commissioner Lena Osei said the commission would help implement the framework."
    assert stance_of(extract, text) == ("supports", "Lakeside framework", "Lakeside framework")
    # "the organization" said by its own officer is the speaker's side
    text = "Commissioner Lena Osei said the organization would help carry out the framework."
    assert stance_of(extract, text) == ("supports", "Lakeside framework", "Lakeside framework")
    text = "Commissioner Lena Osei said the commission would not help implement the framework."
    assert stance_of(extract, text)[0] != "supports"


def test_what_a_side_is_pleased_to_announce_is_what_it_says(extract):
    text = "President Tomas Brell said he was pleased to announce that Sudmark had reached an agreement."
    assert stance_of(extract, text)[0] == "accepts"


def test_making_a_breakthrough_accepts_the_text_the_content_names(extract):
    text = "President Tomas Brell said Sudmark had made a breakthrough in the talks."
    assert stance_of(extract, text)[0] == "accepts"
    text = "President Tomas Brell said Sudmark had made a breakthrough, days after the Lakeside framework was tabled."
    assert stance_of(extract, text) == ("accepts", "Lakeside framework", "Lakeside framework")


def test_not_yet_ready_is_a_matter_of_when_not_a_refusal(extract):
    text = "President Tomas Brell said Sudmark was not ready to sign the framework."
    assert stance_of(extract, text)[0] == "rejects"
    text = "President Tomas Brell said Sudmark was not yet ready to sign the framework."
    assert stance_of(extract, text)[0] == "neutral"


def test_a_text_said_to_remain_binding_is_accepted(extract):
    text = "President Tomas Brell said the Lakeside framework remains binding on both sides."
    assert stance_of(extract, text) == ("accepts", "Lakeside framework", "Lakeside framework")
    text = "President Tomas Brell said the Lakeside framework was no longer binding."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")


def test_a_sides_own_text_still_on_the_table_is_supported(extract):
    text = "President Tomas Brell said the Sudmark reply was still on the table."
    assert stance_of(extract, text) == ("supports", "Sudmark reply", "Sudmark reply")
    # another side's text on the table, or one merely on it, is described
    text = "Commissioner Lena Osei said the Sudmark reply was still on the table."
    assert stance_of(extract, text)[0] == "neutral"
    text = "President Tomas Brell said the Sudmark reply was on the table."
    assert stance_of(extract, text)[0] == "neutral"


def test_a_sides_decision_to_act_is_its_act(extract):
    text = "President Tomas Brell said Sudmark had decided to reject the framework."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")
    text = "President Tomas Brell said Sudmark had not decided to reject the framework."
    assert stance_of(extract, text)[0] == "neutral"


def test_members_of_a_side_named_by_its_kind_are_the_speakers_side(extract):
    text = "President Tomas Brell said the government's negotiators would reject the framework."
    assert stance_of(extract, text) == ("rejects", "Lakeside framework", "Lakeside framework")


def test_a_fault_in_the_clause_after_but_does_not_cancel_the_praise_before_it(extract):
    # the clause after "but" is a verdict of its own: read together, "progress" and "unfair" would
    # cancel out and leave only the second clause's fault
    text = "Commissioner Lena Osei said the Lakeside framework was real progress but kept an unfair quota."
    assert stance_of(extract, text)[:2] == ("conditional", "Lakeside framework")


@pytest.mark.parametrize(
    "text",
    [
        # "goods" is merchandise, though the small model lemmatizes it "good"
        "Commissioner Lena Osei said the Lakeside framework set new rules for goods crossing the river.",
        # a wish of the speaker (FrameNet Desiring), not the noun "hope" of a verdict
        "Commissioner Lena Osei described the Lakeside framework as a fallback that she hoped would stay unused.",
    ],
)
def test_words_that_only_look_like_verdict_words_judge_nothing(extract, text):
    assert stance_of(extract, text)[0] == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Commissioner Lena Osei said the commission was prepared to lower the quota if the gauges proved reliable.",
            ("demands", "Water quota"),
        ),
        (
            "President Tomas Brell said Sudmark was ready to sign the Lakeside framework"
            " if Norland opened the sluices.",
            ("conditional", "Lakeside framework"),
        ),
        # the refusal after "but" hangs on "said" in the parse, with no subject of its own
        (
            "Foreign Minister Ada Varga said Norland had been willing to lower the dam,"
            " but would not move until Sudmark paid.",
            ("demands", "Dam height"),
        ),
    ],
)
def test_willingness_on_terms_is_conditional_toward_a_text_and_demands_an_outcome(extract, text, expected):
    assert stance_of(extract, text)[:2] == expected


def test_willingness_without_terms_supports(extract):
    text = "President Tomas Brell said Sudmark was ready to sign the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("President Tomas Brell said the Lakeside framework was pointless.", "rejects"),
        ("Foreign Minister Ada Varga said the Lakeside framework was a useful one.", "supports"),
        # what cannot be done, after "but", turns the praise before it into a mixed verdict
        (
            "Commissioner Lena Osei said the Lakeside framework was fair but that its timetable was impossible.",
            "conditional",
        ),
    ],
)
def test_usefulness_and_possibility_are_verdicts_on_a_text(extract, text, expected):
    assert stance_of(extract, text)[:2] == (expected, "Lakeside framework")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("President Tomas Brell said his advisers had concluded that the Lakeside framework was flawed.", "rejects"),
        (
            "Commissioner Lena Osei said the commission remained confident the Lakeside framework was the best path.",
            "supports",
        ),
    ],
)
def test_a_verdict_held_true_by_the_speakers_side_is_its_verdict(extract, text, expected):
    assert stance_of(extract, text)[:2] == (expected, "Lakeside framework")


def test_another_sides_belief_is_not_the_speakers_verdict(extract):
    text = "President Tomas Brell said Norland believed the Lakeside framework was flawed."
    assert stance_of(extract, text)[0] != "rejects"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Foreign Minister Ada Varga said there was no basis for Sudmark to raise the dam.", ("opposes", "Dam height")),
        (
            "President Tomas Brell said there was no justification for the Lakeside framework.",
            ("rejects", "Lakeside framework"),
        ),
    ],
)
def test_denying_the_grounds_for_a_course_opposes_it(extract, text, expected):
    assert stance_of(extract, text)[:2] == expected


def test_a_course_with_no_justification_is_opposed_and_an_act_on_a_text_rejected(extract):
    text = "Foreign Minister Ada Varga said that raising the dam had no justification."
    assert stance_of(extract, text)[:2] == ("opposes", "Dam height")
    text = "Foreign Minister Ada Varga said that unilaterally rewriting a signed agreement had no legal justification."
    assert stance_of(extract, text)[:2] == ("rejects", None)
    # no grounds to act against a text is no attitude against it
    text = "Foreign Minister Ada Varga said that rejecting the Lakeside framework had no justification."
    assert stance_of(extract, text)[0] != "rejects"
    text = "Foreign Minister Ada Varga said there was no justification for rejecting the Lakeside framework."
    assert stance_of(extract, text)[0] != "rejects"


def test_no_reason_to_doubt_is_no_opposition(extract):
    text = "Foreign Minister Ada Varga said there was no reason to doubt the gauges."
    assert stance_of(extract, text)[0] == "neutral"


def test_keeping_to_commitments_on_terms_is_a_conditional_acceptance(extract):
    text = (
        "Norland studied the Lakeside framework on Monday. President Tomas Brell said Sudmark would keep"
        " every commitment it had signed as long as Norland kept its own."
    )
    (brell,) = [s for s in extract(text) if s.speaker == "Tomas Brell"]
    assert (brell.stance, brell.target) == ("conditional", "Lakeside framework")


def test_keeping_what_is_no_norm_is_no_compliance(extract):
    text = "Foreign Minister Ada Varga said Norland would keep the pressure on Sudmark."
    assert stance_of(extract, text)[0] == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "President Tomas Brell proposed a joint patrol on the river.",
        "Foreign Minister Ada Varga recommended that the quota be raised by a third.",
    ],
)
def test_putting_a_course_forward_demands_it(extract, text):
    assert stance_of(extract, text)[0] == "demands"


@pytest.mark.parametrize(
    "text",
    [
        "Commissioner Lena Osei said the commission would stand with Sudmark as it carried out the Lakeside framework.",
        "Foreign Minister Ada Varga said Norland would vote for the Lakeside framework.",
    ],
)
def test_taking_the_side_of_a_text_supports_it(extract, text):
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_voting_on_a_text_takes_no_side(extract):
    text = "Foreign Minister Ada Varga said Norland would vote on the Lakeside framework."
    assert stance_of(extract, text)[0] == "neutral"


def test_a_demonstrative_judged_before_any_text_is_named_is_the_newest_on_the_table(extract):
    # the article describes Sudmark's answer without its name; the newest proposal by then is it
    text = (
        "Sudmark's negotiators sent their answer to the commission on Monday."
        " Foreign Minister Ada Varga said this was shameful."
    )
    (varga,) = [s for s in extract(text) if s.speaker == "Ada Varga"]
    assert (varga.stance, varga.target, varga.proposal) == ("rejects", "Sudmark reply", "Sudmark reply")


def test_the_speakers_side_troubled_by_an_outcome_opposes_it(extract):
    text = "Foreign Minister Ada Varga said Norland remained troubled by the height of the new dam."
    assert stance_of(extract, text)[:2] == ("opposes", "Dam height")


def test_another_sides_worry_is_not_the_speakers_opposition(extract):
    text = "Foreign Minister Ada Varga said Sudmark was worried about the dam."
    assert stance_of(extract, text)[0] != "opposes"


def test_a_text_that_removes_something_works_and_is_supported(extract):
    text = "Commissioner Lena Osei said the Lakeside framework had removed the last checkpoints on the river."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_a_bad_verdict_on_a_claim_rejects_the_remark(extract):
    # not an outcome opposed: what is judged is what someone said (GUIDELINES: rejects a remark)
    text = "President Tomas Brell said the claim that Sudmark had drained the reservoir was an illusion."
    assert stance_of(extract, text)[:2] == ("rejects", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Foreign Minister Ada Varga warned that further steps would follow if Sudmark pressed ahead"
            " with the Lakeside framework.",
            "rejects",
        ),
        (
            "Foreign Minister Ada Varga warned that if Sudmark rejected the Lakeside framework,"
            " the river would run dry.",
            "supports",
        ),
    ],
)
def test_a_warning_against_another_sides_act_on_a_text_takes_the_other_side_of_it(extract, text, expected):
    assert stance_of(extract, text)[:2] == (expected, "Lakeside framework")


def test_asking_a_side_to_act_demands_and_a_personal_plea_does_not(extract):
    text = "Foreign Minister Ada Varga asked Sudmark to open the sluices before the summer."
    assert stance_of(extract, text)[0] == "demands"
    text = "Foreign Minister Ada Varga asked the families of the drowned fishermen to forgive her."
    assert stance_of(extract, text)[0] == "neutral"


def test_people_the_speakers_possessive_claims_are_its_side(extract):
    text = "The Sudmark government said delegates at its party congress had approved the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("accepts", "Lakeside framework")
    text = "The Sudmark government said delegates at Norland's party congress had approved the Lakeside framework."
    assert stance_of(extract, text)[0] == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Foreign Minister Ada Varga said Norland would rather have a smaller dam than no dam at all.",
            ("supports", "Dam height"),
        ),
        (
            "Foreign Minister Ada Varga said Norland preferred the Lakeside framework to any new talks.",
            ("supports", "Lakeside framework"),
        ),
    ],
)
def test_a_sides_preference_supports_what_it_prefers(extract, text, expected):
    assert stance_of(extract, text)[:2] == expected


def test_regret_at_what_people_outside_the_talks_did_accuses_no_party(extract):
    text = (
        "Foreign Minister Ada Varga said Norland deeply regretted that those who profit from the drought"
        " had swayed the vote."
    )
    assert stance_of(extract, text)[:2] == ("accuses", None)
    text = "Foreign Minister Ada Varga said Norland deeply regretted that the talks had failed."
    assert stance_of(extract, text)[0] == "neutral"


def test_be_going_to_is_a_future_whose_verb_is_the_predicate(extract):
    text = "Foreign Minister Ada Varga said Norland was going to sign the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("accepts", "Lakeside framework")


@pytest.mark.parametrize(
    "text",
    [
        '"We are going to comply with the Lakeside framework, and we hope Sudmark will comply too,"'
        " Foreign Minister Ada Varga said.",
        '"We will honour the Lakeside framework, and we urge Sudmark to honour it," Foreign Minister Ada Varga said.',
    ],
)
def test_acceptance_with_a_call_on_the_other_side_to_do_the_same_is_reciprocity(extract, text):
    assert stance_of(extract, text)[:2] == ("conditional", "Lakeside framework")


def test_turning_against_what_blocks_a_text_supports_the_text(extract):
    text = "President Tomas Brell said Sudmark would veto any bill that blocked the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")
    text = "President Tomas Brell said Sudmark would veto the Lakeside framework."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")


def test_what_a_text_includes_describes_its_terms(extract):
    # "fair" is a term's word here, not a verdict on the text
    text = "Commissioner Lena Osei said the Lakeside framework included a fair quota for the farms."
    assert stance_of(extract, text)[0] == "neutral"


def test_rejecting_what_one_calls_a_claim_rejects_the_remark(extract):
    """A free relative names what is rejected by its predicate: accusations are remarks."""
    text = "Foreign Minister Ada Varga rejected what she called baseless accusations by Sudmark."
    assert stance_of(extract, text)[:2] == ("rejects", None)


# Readings whose whole test is the stance of one statement.
STANCE_ALONE = [
    # "blast", "savage": to criticize harshly (WordNet), as "slam" does
    pytest.param("Tomas Brell blasted the Lakeside framework for its weak quotas.", "rejects", id="blasted"),
    # FrameNet Request: a request's that-clause, in the mandative subjunctive, is what is asked for
    pytest.param(
        "Ada Varga asked that fishermen facing fines from the drought be given emergency relief.",
        "demands",
        id="request-that",
    ),
    pytest.param("Ada Varga requested that the water quota be raised before the summer.", "demands", id="requested"),
    # a need with no cleft head, or the speaker's own, demands nothing of anyone
    pytest.param("Tomas Brell said what we need is more time.", "neutral", id="own-need"),
    pytest.param("Tomas Brell said the time Norland would need is a year.", "neutral", id="need-no-cleft"),
    # FrameNet Attempt_suasion said in the content: a call on the object to act
    pytest.param(
        "Tomas Brell said the deadline was meant to push all sides to settle their differences quickly.",
        "demands",
        id="suasion",
    ),
    pytest.param("Tomas Brell said Sudmark would press Norland to open the sluices.", "demands", id="suasion-own-side"),
    # ... but not a past event told, nor another side doing the urging
    pytest.param("Tomas Brell said the drought pushed Norland to open the sluices.", "neutral", id="suasion-past"),
    pytest.param(
        "Tomas Brell said Norland would press Sudmark to open the sluices.", "neutral", id="suasion-other-side"
    ),
    # an aspectual verb (VerbNet begin-55.1, continue-55.3) passes on a verb of taking sides
    pytest.param(
        "Ada Varga said she was disappointed by the result but that Norland would go on supporting the process.",
        "supports",
        id="go-on-supporting",
    ),
    pytest.param("Ada Varga said Norland would continue to back the talks.", "supports", id="continue-to-back"),
    # an if-clause sets a condition on a commissive (an offer or a threat), not on a wish
    pytest.param(
        'Tomas Brell said: "If the gauges prove reliable, we will lower the quota."', "demands", id="offer-on-condition"
    ),
    pytest.param(
        'Tomas Brell said: "We do not want to leave fishermen without work if they obey the rules."',
        "neutral",
        id="wish-with-if",
    ),
]


@pytest.mark.parametrize(("text", "stance"), STANCE_ALONE)
def test_a_reading_of_one_stance(extract, text, stance):
    assert stance_of(extract, text)[0] == stance


def test_asking_whether_is_a_question_not_a_request(extract):
    text = "Ada Varga asked whether the water quota would be raised before the summer."
    assert all(s.stance == "neutral" for s in extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Brell said that the only thing the framework still needed was to be put into effect.",
        "Tomas Brell said that what the framework needs is to be carried out.",
        "Tomas Brell said all the framework needs now is a signature.",
    ],
)
def test_a_pseudo_cleft_of_necessity_demands_what_is_needed(extract, text):
    assert stance_of(extract, text) == ("demands", "Lakeside framework", "Lakeside framework")


def test_an_aspectual_verb_passes_on_no_wish(extract):
    text = "Ada Varga said Norland would keep seeking a fair water quota."
    assert stance_of(extract, text)[0] != "demands"


def test_willingness_on_terms_toward_a_text_the_setup_does_not_name_is_conditional(extract):
    text = "Tomas Brell said Sudmark was willing to hear proposals for changes but would not start the talks over."
    assert stance_of(extract, text)[:2] == ("conditional", None)
    text = "Tomas Brell said Sudmark was willing to hear the fishermen but would not start the talks over."
    assert stance_of(extract, text)[0] == "demands"


@pytest.mark.parametrize(
    ("text", "grounds", "expected"),
    [
        (
            "President Tomas Brell dismissed the Lakeside framework, saying it would leave the farms dry.",
            "it would leave the farms dry",
            ("rejects", "Lakeside framework"),
        ),
        (
            "Foreign Minister Ada Varga urged lawmakers to back the Lakeside framework, saying that without it"
            " the farms downstream would run dry every summer.",
            "without it the farms downstream would run dry every summer",
            ("supports", "Lakeside framework"),
        ),
    ],
)
def test_a_participle_of_saying_gives_the_grounds_of_the_act_on_a_text(extract, text, grounds, expected):
    """ "dismissed X, saying ...": what is said is why the speaker acts on the text."""
    said = only(extract(text), text=grounds)
    assert (said.stance, said.target) == expected


def test_a_warning_of_what_a_text_does_rejects_it(extract):
    """FrameNet Warning: the message is a danger, here one the text brings about."""
    text = "President Tomas Brell warned that the Lakeside framework still gave Norland a veto over the quota."
    assert stance_of(extract, text)[:2] == ("rejects", "Lakeside framework")
    # a text that may collapse is feared for, not warned against
    text = "Foreign Minister Ada Varga warned that the Lakeside framework could collapse within weeks."
    assert stance_of(extract, text)[0] == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Ada Varga said Norland was determined to honour the Lakeside framework.",
        "Foreign Minister Ada Varga said Norland would be resolute in meeting its obligations under the Lakeside"
        " framework.",
    ],
)
def test_the_act_a_side_is_resolved_on_is_its_act(extract, text):
    """WordNet resolute.a.01: being set on keeping to a text keeps to it; "meet" an obligation
    is to fulfil it."""
    assert stance_of(extract, text)[:2] == ("accepts", "Lakeside framework")


def test_a_side_not_resolved_on_an_act_does_not_do_it(extract):
    text = "Foreign Minister Ada Varga said Norland was not determined to honour the Lakeside framework."
    assert stance_of(extract, text)[0] == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "Mira Holt, a professor of hydrology at Eastbridge, said the Lakeside framework was a great success.",
        "A water analyst in the capital said the Lakeside framework was a great success.",
    ],
)
def test_a_scholar_or_analyst_of_no_side_comments_without_a_stance(extract, text):
    assert stance_of(extract, text) == ("neutral", None, "Lakeside framework")


def test_a_speaker_of_no_side_who_is_no_commentator_keeps_the_stance(extract):
    text = "Mira Holt, a farmer from the delta, said the Lakeside framework was a great success."
    assert stance_of(extract, text)[:2] == ("supports", "Lakeside framework")


def test_a_blame_word_after_its_noun_describes_people_and_accuses_no_one(extract):
    """ "the officials responsible for the delays" picks out people by what they did; the
    statement asserts something else about them."""
    text = "Commissioner Lena Osei said that the Norlandic officials responsible for the delays would keep their posts."
    assert stance_of(extract, text)[0] == "neutral"
    text = "Commissioner Lena Osei said Sudmark was responsible for the flooding."
    assert stance_of(extract, text)[:2] == ("accuses", "Sudmark")
