from dataclasses import replace
from datetime import date
from itertools import count

import pytest

from negotiations.extraction import ExtractedStatement, FoundProposal
from negotiations.models import Alias, Negotiation, Party, Proposal, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import do_annotate_statement
from negotiations.services.ingest import reextract_articles
from negotiations.services.proposals import (
    DISPUTED,
    Cell,
    Matrix,
    ProposalError,
    do_add_proposal,
    do_merge_proposals,
    proposal_matrix,
)
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.services.test_ingest import FakeExtractor, found

FORMULA, DRAFT = "Commission flow formula", "Sudmarkian draft"
FLOW = "Dry-season flow"
_numbers = count()


def say(
    negotiation: Negotiation,
    party: str | None,
    stance: str,
    *,
    proposal: str | None = None,
    target: str | None = None,
    said_on: date | None = None,
    published: date | None = date(2025, 4, 2),
    cue: str = "said",
    reported: tuple[str, str, str] | None = None,
) -> Statement:
    """One statement in an article of its own. An answer's target defaults to its proposal, as
    the guidelines have it ("target and proposal both the proposal's name")."""
    n = next(_numbers)
    text = f"Statement {n} on the Arven talks."
    article = make_article(negotiation, title=f"Article {n}", text=text, published=published)
    if target is None:
        target = proposal if proposal and stance != Stance.NEUTRAL else ""
    return make_statement(
        article,
        text,
        party=party,
        said_on=said_on,
        stance=stance,
        target=target,
        proposal=proposal,
        cue=cue,
        reported=reported,
    )


def make_draft(negotiation: Negotiation, name: str = DRAFT, by: str | None = "Sudmark") -> Proposal:
    """A proposal found in an article."""
    party = Party.objects.get(negotiation=negotiation, name=by) if by else None
    return Proposal.objects.create(
        negotiation=negotiation, name=name, party=party, date=date(2025, 3, 20), origin=Proposal.Origin.ARTICLE
    )


def cell(matrix: Matrix, proposal: str, party: str) -> Cell:
    row = next(row for row in matrix.rows if row.proposal.name == proposal)
    return next(c for c in row.cells if c.party.name == party)


def answers(negotiation: Negotiation, proposal: str = FORMULA) -> dict[str, str]:
    """Party -> its answer to the proposal, for the parties that gave one."""
    matrix = proposal_matrix(negotiation)
    given = {party.name: cell(matrix, proposal, party.name).answer for party in matrix.parties}
    return {name: answer for name, answer in given.items() if answer}


# The matrix


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stance", "answer"),
    [
        (Stance.ACCEPTS, "accepted"),
        (Stance.SUPPORTS, "accepted"),
        (Stance.CONDITIONAL, "conditional"),
        (Stance.REJECTS, "rejected"),
        (Stance.OPPOSES, "rejected"),
    ],
)
def test_a_partys_own_stance_toward_a_proposal_is_its_answer(negotiation, stance, answer):
    statement = say(negotiation, "Sudmark", stance, proposal=FORMULA)

    claims = cell(proposal_matrix(negotiation), FORMULA, "Sudmark").claims

    assert answers(negotiation) == {"Sudmark": answer}
    assert [(c.statement, c.answer, c.evidence.reported) for c in claims] == [(statement, answer, False)]


@pytest.mark.django_db
@pytest.mark.parametrize("stance", [Stance.DEMANDS, Stance.ACCUSES, Stance.NEUTRAL])
def test_stances_that_are_no_answer_give_none(negotiation, stance):
    say(negotiation, "Sudmark", stance, proposal=FORMULA, target=FORMULA)

    assert answers(negotiation) == {}
    assert cell(proposal_matrix(negotiation), FORMULA, "Sudmark").claims == []


@pytest.mark.django_db
def test_the_target_names_the_proposal_answered_even_without_the_proposal_link(negotiation):
    say(negotiation, "Norland", Stance.ACCEPTS, target=FORMULA)

    assert answers(negotiation) == {"Norland": "accepted"}


@pytest.mark.django_db
def test_a_stance_toward_an_issue_in_a_statement_about_a_proposal_is_no_answer_to_it(negotiation):
    # "Norland backs a bigger minimum flow, which the formula describes": the attitude is
    # toward the issue (the guidelines put a stance toward the proposal first when there is one).
    say(negotiation, "Norland", Stance.SUPPORTS, proposal=FORMULA, target=FLOW)
    say(negotiation, "Sudmark", Stance.OPPOSES, proposal=FORMULA, target="Norland")

    assert answers(negotiation) == {}


@pytest.mark.django_db
def test_a_reported_answer_places_the_reported_party(negotiation):
    report = say(
        negotiation, "River Commission", Stance.NEUTRAL, proposal=FORMULA, reported=("Sudmark", Stance.ACCEPTS, FORMULA)
    )
    # Its own speaker's report of its answer is its own word.
    own = say(negotiation, "Norland", Stance.NEUTRAL, proposal=FORMULA, reported=("Norland", Stance.REJECTS, FORMULA))
    # A reported stance that is no answer, or toward an issue, places nobody.
    say(negotiation, "Sudmark", Stance.NEUTRAL, reported=("Norland", Stance.DEMANDS, FORMULA))
    say(negotiation, "Sudmark", Stance.NEUTRAL, reported=("Norland", Stance.ACCEPTS, FLOW))

    matrix = proposal_matrix(negotiation)

    assert answers(negotiation) == {"Sudmark": "accepted", "Norland": "rejected"}
    assert [(c.statement, c.evidence.reported) for c in cell(matrix, FORMULA, "Sudmark").claims] == [(report, True)]
    assert [(c.statement, c.evidence.reported) for c in cell(matrix, FORMULA, "Norland").claims] == [(own, False)]


@pytest.mark.django_db
def test_the_latest_answer_wins(negotiation):
    say(negotiation, "Sudmark", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 3, 12))
    say(
        negotiation,
        "River Commission",
        Stance.NEUTRAL,
        said_on=date(2025, 3, 28),
        reported=("Sudmark", Stance.CONDITIONAL, FORMULA),
    )
    # Reported late, said in between.
    say(
        negotiation,
        "Sudmark",
        Stance.ACCEPTS,
        proposal=FORMULA,
        said_on=date(2025, 3, 20),
        published=date(2025, 4, 20),
    )

    latest = cell(proposal_matrix(negotiation), FORMULA, "Sudmark").latest

    assert (latest.answer, latest.evidence.day) == ("conditional", date(2025, 3, 28))


@pytest.mark.django_db
@pytest.mark.parametrize("own_first", [True, False])
def test_on_one_day_the_partys_own_word_goes_before_a_report(negotiation, own_first):
    def own():
        say(negotiation, "Sudmark", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 4, 1))

    def report():
        say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 4, 1), reported=("Sudmark", "accepts", FORMULA))

    for make in (own, report) if own_first else (report, own):
        make()

    assert answers(negotiation) == {"Sudmark": "rejected"}


@pytest.mark.django_db
def test_a_report_on_a_later_day_wins_over_the_partys_own_word(negotiation):
    say(negotiation, "Sudmark", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 4, 1))
    say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 4, 2), reported=("Sudmark", "accepts", FORMULA))

    assert answers(negotiation) == {"Sudmark": "accepted"}


@pytest.mark.django_db
def test_of_two_own_answers_on_one_day_the_later_one_wins(negotiation):
    text = "Brell said Sudmark accepts the formula. Later Brell said Sudmark rejects the formula."
    article = make_article(negotiation, title="Brell twice", text=text)
    for words, stance in (("Sudmark accepts", Stance.ACCEPTS), ("Sudmark rejects", Stance.REJECTS)):
        make_statement(article, words, party="Sudmark", stance=stance, target=FORMULA, proposal=FORMULA)

    assert answers(negotiation) == {"Sudmark": "rejected"}


@pytest.mark.django_db
@pytest.mark.parametrize("cue", ["downplayed", "denied", "dismissed", "played down"])
def test_a_partys_denial_about_a_proposal_disputes_and_never_answers(negotiation, cue):
    report = say(
        negotiation,
        "River Commission",
        Stance.NEUTRAL,
        said_on=date(2025, 4, 1),
        reported=("Sudmark", Stance.ACCEPTS, FORMULA),
    )
    denial = say(negotiation, "Sudmark", Stance.NEUTRAL, proposal=FORMULA, said_on=date(2025, 4, 3), cue=cue)

    sudmark = cell(proposal_matrix(negotiation), FORMULA, "Sudmark")

    assert [(c.statement, c.answer) for c in sudmark.claims] == [(report, "accepted"), (denial, DISPUTED)]
    # Later, but a dispute is no answer: the report's stands, contradicted.
    assert sudmark.answer == "accepted"
    assert [(a.statement, b.statement) for a, b in sudmark.contradictions] == [(report, denial)]


@pytest.mark.django_db
def test_a_dispute_alone_gives_no_answer(negotiation):
    say(negotiation, "Sudmark", Stance.NEUTRAL, proposal=FORMULA, cue="denied")

    sudmark = cell(proposal_matrix(negotiation), FORMULA, "Sudmark")

    assert [c.answer for c in sudmark.claims] == [DISPUTED]
    assert (sudmark.answer, sudmark.latest) == ("", None)


@pytest.mark.django_db
def test_a_neutral_statement_without_a_denial_cue_is_no_claim(negotiation):
    say(negotiation, "Sudmark", Stance.NEUTRAL, proposal=FORMULA, cue="said")
    # A denial about nothing in particular is no claim about the formula either.
    say(negotiation, "Sudmark", Stance.NEUTRAL, cue="denied")

    assert cell(proposal_matrix(negotiation), FORMULA, "Sudmark").claims == []


@pytest.mark.django_db
def test_differing_claims_within_a_week_with_a_report_among_them_contradict(negotiation):
    report = say(
        negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 4, 1), reported=("Sudmark", "accepts", FORMULA)
    )
    own = say(negotiation, "Sudmark", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 4, 8))
    # The same answer again contradicts nobody.
    say(
        negotiation,
        "River Commission",
        Stance.NEUTRAL,
        said_on=date(2025, 4, 2),
        reported=("Sudmark", "accepts", FORMULA),
    )

    pairs = cell(proposal_matrix(negotiation), FORMULA, "Sudmark").contradictions

    assert [(a.statement, b.statement) for a, b in pairs][:1] == [(report, own)]
    assert len(pairs) == 2
    assert all({a.answer, b.answer} == {"accepted", "rejected"} for a, b in pairs)


@pytest.mark.django_db
def test_two_reports_that_differ_contradict(negotiation):
    say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 4, 1), reported=("Sudmark", "accepts", FORMULA))
    say(
        negotiation,
        "River Commission",
        Stance.NEUTRAL,
        said_on=date(2025, 4, 3),
        reported=("Sudmark", "rejects", FORMULA),
    )

    assert len(cell(proposal_matrix(negotiation), FORMULA, "Sudmark").contradictions) == 1


@pytest.mark.django_db
def test_claims_more_than_a_week_apart_are_a_change_of_mind(negotiation):
    say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 4, 1), reported=("Sudmark", "accepts", FORMULA))
    say(negotiation, "Sudmark", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 4, 9))

    assert cell(proposal_matrix(negotiation), FORMULA, "Sudmark").contradictions == []


@pytest.mark.django_db
def test_two_own_claims_a_month_apart_or_not_are_a_change_of_mind(negotiation):
    say(negotiation, "Sudmark", Stance.ACCEPTS, proposal=FORMULA, said_on=date(2025, 3, 1))
    say(negotiation, "Sudmark", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 4, 1))
    # Its own word, a day apart: not somebody else's account against it either.
    say(negotiation, "Norland", Stance.ACCEPTS, proposal=FORMULA, said_on=date(2025, 4, 1))
    say(negotiation, "Norland", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 4, 2))

    matrix = proposal_matrix(negotiation)

    assert cell(matrix, FORMULA, "Sudmark").contradictions == []
    assert cell(matrix, FORMULA, "Norland").contradictions == []
    assert answers(negotiation) == {"Sudmark": "rejected", "Norland": "rejected"}


@pytest.mark.django_db
def test_the_proposer_is_flagged(negotiation):
    make_draft(negotiation)

    matrix = proposal_matrix(negotiation)

    assert [row.proposal.name for row in matrix.rows] == [FORMULA, DRAFT]
    assert [party.name for party in matrix.parties] == ["Norland", "Sudmark", "River Commission"]
    assert [c.proposer for c in matrix.rows[0].cells] == [False, False, True]
    assert [c.proposer for c in matrix.rows[1].cells] == [False, True, False]


@pytest.mark.django_db
def test_the_statement_count_leaves_out_rejected_statements(negotiation):
    make_draft(negotiation)
    say(negotiation, "Sudmark", Stance.ACCEPTS, proposal=FORMULA)
    say(negotiation, "Norland", Stance.NEUTRAL, proposal=FORMULA)
    confirmed = say(negotiation, "Norland", Stance.NEUTRAL, proposal=FORMULA)
    rejected = say(negotiation, "Norland", Stance.REJECTS, proposal=FORMULA)
    say(negotiation, "Norland", Stance.REJECTS)
    annotate(confirmed, status=StatementAnnotation.Status.CONFIRMED)
    annotate(rejected, status=StatementAnnotation.Status.REJECTED)

    matrix = proposal_matrix(negotiation)

    assert [(row.proposal.name, row.statement_count) for row in matrix.rows] == [(FORMULA, 3), (DRAFT, 0)]
    # Nor does a rejected statement answer.
    assert answers(negotiation) == {"Sudmark": "accepted"}


@pytest.mark.django_db
def test_the_statement_count_follows_a_persons_choice_of_proposal(negotiation):
    draft = make_draft(negotiation)
    moved = say(negotiation, "Norland", Stance.NEUTRAL, proposal=FORMULA)
    unlinked = say(negotiation, "Norland", Stance.NEUTRAL, proposal=FORMULA)
    do_annotate_statement(moved, user=None, changes={"proposal": draft}, expected_version=0)
    do_annotate_statement(unlinked, user=None, changes={"proposal": None}, expected_version=0)

    matrix = proposal_matrix(negotiation)

    assert [(row.proposal.name, row.statement_count) for row in matrix.rows] == [(FORMULA, 0), (DRAFT, 1)]


@pytest.mark.django_db
def test_a_persons_correction_changes_the_answer_at_once(negotiation):
    draft = make_draft(negotiation)
    statement = say(negotiation, "Sudmark", Stance.ACCEPTS, proposal=FORMULA)

    do_annotate_statement(statement, user=None, changes={"stance": Stance.REJECTS}, expected_version=0)
    assert answers(negotiation) == {"Sudmark": "rejected"}

    do_annotate_statement(statement, user=None, changes={"target": DRAFT, "proposal": draft}, expected_version=1)
    assert (answers(negotiation), answers(negotiation, DRAFT)) == ({}, {"Sudmark": "rejected"})

    norland = Party.objects.get(negotiation=negotiation, name="Norland")
    do_annotate_statement(statement, user=None, changes={"party": norland}, expected_version=2)
    assert answers(negotiation, DRAFT) == {"Norland": "rejected"}


def _some_statements(negotiation: Negotiation, n: int) -> None:
    """n statements of every kind that is read: own, reported, disputing, annotated, rejected."""
    for i in range(n):
        day = date(2025, 3, 1 + i)
        say(negotiation, "Norland", Stance.ACCEPTS if i % 2 else Stance.REJECTS, proposal=FORMULA, said_on=day)
        say(negotiation, "River Commission", Stance.NEUTRAL, said_on=day, reported=("Sudmark", "accepts", FORMULA))
        say(negotiation, "Sudmark", Stance.NEUTRAL, proposal=FORMULA, said_on=day, cue="denied")
        corrected = say(negotiation, "Sudmark", Stance.NEUTRAL, said_on=day)
        annotate(corrected, party="Norland", stance=Stance.CONDITIONAL, target=DRAFT)
        rejected = say(negotiation, "Sudmark", Stance.ACCEPTS, proposal=FORMULA, said_on=day)
        annotate(rejected, status=StatementAnnotation.Status.REJECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_matrix_takes_the_same_number_of_queries_however_many_statements(negotiation, n, django_assert_num_queries):
    make_draft(negotiation)
    _some_statements(negotiation, n)
    negotiation = Negotiation.objects.get(pk=negotiation.pk)

    with django_assert_num_queries(QUERIES):
        matrix = proposal_matrix(negotiation)
        # Reading what the page shows costs nothing more.
        for row in matrix.rows:
            shown = [alias.text for alias in row.proposal.aliases.all()]
            shown += [row.proposal.party, row.statement_count]
            for c in row.cells:
                if c.latest:
                    latest = c.latest
                    shown += [latest.statement.text, latest.statement.article_id, c.speaker, latest.answer]
                    shown += [
                        latest.evidence.day,
                        latest.evidence.dated,
                        latest.evidence.reported,
                        latest.evidence.clear,
                    ]
                shown += [c.answer, c.claim_count, c.contradiction_count, c.unclear, c.proposer]

    assert cell(matrix, DRAFT, "Norland").answer == "conditional"
    assert cell(matrix, FORMULA, "Sudmark").answer == "accepted"


# Parties, proposals and their aliases, the stored heads and answers, their statements (the text
# and the speaker readers see), and the statement count per proposal.
QUERIES = 6


# Merging


@pytest.mark.django_db
def test_merging_moves_statements_annotations_targets_and_reported_targets(negotiation):
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    draft = make_draft(negotiation)
    linked = say(negotiation, "Sudmark", Stance.ACCEPTS, proposal=DRAFT, said_on=date(2025, 3, 21))
    reported = say(
        negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 3, 22), reported=("Sudmark", Stance.REJECTS, DRAFT)
    )
    untouched = say(negotiation, "Norland", Stance.REJECTS, proposal=FORMULA, said_on=date(2025, 3, 21))
    corrected = say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 3, 22))
    annotate(corrected, stance=Stance.CONDITIONAL, target=DRAFT, proposal=draft, proposal_set=True)

    kept = do_merge_proposals(draft, formula)

    assert kept == formula
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    linked, reported, corrected, untouched = (
        Statement.objects.get(pk=s.pk) for s in (linked, reported, corrected, untouched)
    )
    assert (linked.proposal, linked.target) == (formula, FORMULA)
    assert reported.reported_target == FORMULA
    assert (corrected.annotation.proposal, corrected.annotation.target) == (formula, FORMULA)
    assert corrected.annotation.proposal_set
    assert (untouched.proposal, untouched.target) == (formula, FORMULA)
    # The matrix now reads them all as answers to the kept proposal.
    assert answers(negotiation) == {"Sudmark": "rejected", "Norland": "conditional"}


@pytest.mark.django_db
def test_merging_logs_a_revision_for_each_annotation_it_changes(negotiation, django_user_model):
    # Before: the merge rewrote people's proposal and target without a trace, and an editor
    # holding the old version saved over it without a conflict.
    merger = django_user_model.objects.create_user("mira")
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    draft = make_draft(negotiation)
    corrected = say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 3, 22))
    before = annotate(corrected, stance=Stance.CONDITIONAL, target=DRAFT, proposal=draft, proposal_set=True)
    untouched = say(negotiation, "Sudmark", Stance.NEUTRAL, said_on=date(2025, 3, 22))
    annotate(untouched, note="not about the draft")

    do_merge_proposals(draft, formula, user=merger)

    annotation = StatementAnnotation.objects.get(statement=corrected)
    assert annotation.version == before.version + 1
    assert annotation.updated_by == merger
    assert sorted(corrected.revisions.values_list("field", "old_value", "new_value", "user__username", "version")) == [
        ("proposal", DRAFT, FORMULA, "mira", annotation.version),
        ("target", DRAFT, FORMULA, "mira", annotation.version),
    ]
    assert not untouched.revisions.exists()
    assert StatementAnnotation.objects.get(statement=untouched).version == 0


@pytest.mark.django_db
def test_merging_makes_the_merged_name_and_aliases_aliases_of_the_kept_proposal_once(negotiation):
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    draft = make_draft(negotiation)
    for text in ("Brava draft", "Flow Formula", "Commission Flow Formula", "sudmarkian DRAFT"):
        Alias.objects.create(negotiation=negotiation, text=text, proposal=draft)

    do_merge_proposals(draft, formula)

    # "flow formula" was the kept one's already, and its name is no alias of itself.
    assert sorted(formula.aliases.values_list("text", flat=True)) == ["Brava draft", "flow formula", "sudmarkian DRAFT"]
    assert Alias.objects.filter(negotiation=negotiation, proposal__isnull=False).count() == 3


@pytest.mark.django_db
def test_merging_adds_the_merged_name_as_an_alias(negotiation):
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    draft = make_draft(negotiation)

    do_merge_proposals(draft, formula)

    assert sorted(formula.aliases.values_list("text", flat=True)) == [DRAFT, "flow formula"]


@pytest.mark.django_db
def test_the_kept_proposal_takes_the_merged_ones_party_only_if_it_has_none(negotiation):
    by_nobody = make_draft(negotiation, "Unsigned text", by=None)
    draft = make_draft(negotiation)
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    other = make_draft(negotiation, "Norlandic paper", by="Norland")

    do_merge_proposals(draft, by_nobody)
    do_merge_proposals(other, formula)

    assert Proposal.objects.get(pk=by_nobody.pk).party.name == "Sudmark"
    assert Proposal.objects.get(pk=formula.pk).party.name == "River Commission"


@pytest.mark.django_db
def test_a_setup_proposal_cannot_be_merged_away(negotiation):
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    draft = make_draft(negotiation)
    statement = say(negotiation, "Sudmark", Stance.ACCEPTS, proposal=FORMULA)

    with pytest.raises(ProposalError, match="setup file"):
        do_merge_proposals(formula, draft)

    assert Proposal.objects.filter(pk=formula.pk).exists()
    assert Statement.objects.get(pk=statement.pk).proposal == formula
    assert not draft.aliases.exists()


@pytest.mark.django_db
def test_a_proposal_cannot_be_merged_into_itself(negotiation):
    draft = make_draft(negotiation)

    with pytest.raises(ProposalError, match="itself"):
        do_merge_proposals(draft, Proposal.objects.get(pk=draft.pk))

    assert Proposal.objects.filter(pk=draft.pk).exists()
    assert not draft.aliases.exists()


@pytest.mark.django_db
def test_a_proposal_cannot_be_merged_into_another_negotiations(negotiation):
    other = make_negotiation(slug="other-river", title="Another river")
    draft = make_draft(negotiation)
    theirs = Proposal.objects.get(negotiation=other, name=FORMULA)

    with pytest.raises(ProposalError, match="another negotiation"):
        do_merge_proposals(draft, theirs)

    assert Proposal.objects.filter(pk=draft.pk).exists()
    assert list(theirs.aliases.values_list("text", flat=True)) == ["flow formula"]


TEXT = "Brell said the Sudmarkian draft was final. Varga said the sudmarkian DRAFT would not do."


def _finds(text: str) -> list[ExtractedStatement]:
    """What the extractor finds in TEXT: two statements naming a proposal it does not know."""
    return [
        replace(
            found(text, "the Sudmarkian draft was final", speaker="Tomas Brell", actor="Tomas Brell", party="Sudmark"),
            stance=Stance.SUPPORTS,
            target=None,
            found_proposal=FoundProposal(DRAFT, ("Sudmark",)),
        ),
        replace(
            found(text, "the sudmarkian DRAFT would not do"),
            stance=Stance.REJECTS,
            found_proposal=FoundProposal("sudmarkian DRAFT", ("Sudmark",)),
        ),
    ]


@pytest.mark.django_db
def test_after_merging_reextraction_finds_the_kept_proposal_under_the_old_words(negotiation):
    article = make_article(negotiation, title="Drafts", text=TEXT)
    extractor = FakeExtractor(_finds)
    reextract_articles(negotiation, extractor=extractor)
    draft = Proposal.objects.get(negotiation=negotiation, origin=Proposal.Origin.ARTICLE)
    assert (draft.name, article.statements.filter(proposal=draft).count()) == (DRAFT, 2)
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)

    do_merge_proposals(draft, formula)
    reextract_articles(negotiation, extractor=extractor)

    assert list(Proposal.objects.filter(negotiation=negotiation).values_list("name", flat=True)) == [FORMULA]
    assert [s.proposal for s in article.statements.all()] == [formula, formula]


# --- adding a proposal by hand ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_proposal_added_by_hand_is_stored_with_its_words(negotiation):
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")

    proposal = do_add_proposal(
        negotiation,
        name="  Sudmarkian   quota plan ",
        party=sudmark,
        day=date(2025, 3, 20),
        aliases=["quota plan", "", "quota plan", "the Sudmark offer"],
    )

    assert (proposal.name, proposal.party, proposal.date, proposal.origin) == (
        "Sudmarkian quota plan",
        sudmark,
        date(2025, 3, 20),
        Proposal.Origin.MANUAL,
    )
    assert sorted(proposal.aliases.values_list("text", flat=True)) == ["quota plan", "the Sudmark offer"]


@pytest.mark.django_db
@pytest.mark.parametrize("words", ["commission FLOW formula", "Flow Formula"])
def test_a_proposal_cannot_take_words_that_already_name_one(negotiation, words):
    # The setup's proposal is named "Commission flow formula", with the alias "flow formula".
    with pytest.raises(ProposalError, match="already names a proposal"):
        do_add_proposal(negotiation, name="A new formula", aliases=[words])
    with pytest.raises(ProposalError, match="already names a proposal"):
        do_add_proposal(negotiation, name=words)

    assert Proposal.objects.filter(negotiation=negotiation).count() == 1


@pytest.mark.django_db
def test_a_proposal_needs_a_name_and_a_party_of_its_negotiation(negotiation):
    elsewhere = make_negotiation(slug="elsewhere")
    stranger = Party.objects.create(negotiation=elsewhere, name="Stranger")

    with pytest.raises(ProposalError, match="needs a name"):
        do_add_proposal(negotiation, name="   ")
    with pytest.raises(ProposalError, match="another negotiation"):
        do_add_proposal(negotiation, name="Stranger's plan", party=stranger)


@pytest.mark.django_db
def test_reextraction_links_statements_to_a_proposal_added_by_hand(negotiation):
    article = make_article(negotiation, title="Drafts", text=TEXT)
    extractor = FakeExtractor(_finds)
    reextract_articles(negotiation, extractor=extractor)
    found_one = Proposal.objects.get(negotiation=negotiation, origin=Proposal.Origin.ARTICLE)
    # A person merges the found one into a proposal they add, named properly.
    added = do_add_proposal(negotiation, name="Sudmark's draft of March", aliases=["Sudmarkian plan"])
    do_merge_proposals(found_one, added)

    reextract_articles(negotiation, extractor=extractor)

    assert [s.proposal for s in article.statements.all()] == [added, added]
