"""Issues a statement concerns: the setup's issue names and aliases, matched on words and lemmas."""


def issues_of(extract, text):
    statements = extract(text)
    assert len(statements) == 1, statements
    return statements[0].issues


def test_alias_matches_its_issue(extract):
    assert issues_of(extract, "Foreign Minister Ada Varga said that the reservoir was half empty.") == ["Dam height"]


def test_multiword_alias_matches_its_issue(extract):
    text = "Foreign Minister Ada Varga said that the water allocation was unfair to Norlandic farmers."
    assert issues_of(extract, text) == ["Water quota"]


def test_plural_matches_its_singular_alias_by_lemma(extract):
    text = "President Tomas Brell said that both dams upstream would be inspected."
    assert issues_of(extract, text) == ["Dam height"]


def test_issues_in_order_of_first_mention(extract):
    text = "Commissioner Lena Osei said that fishing would be discussed before the quota."
    assert issues_of(extract, text) == ["Fishing rights", "Water quota"]


def test_no_issue_when_nothing_matches(extract):
    text = "Commissioner Lena Osei said that the next round would take place in Oskel."
    assert issues_of(extract, text) == []


def test_a_bare_definite_head_noun_names_the_issue_named_before_it(extract):
    text = (
        "The water allocation was the first point on the agenda.\n"
        "President Tomas Brell said that the allocation had been fixed in 1990."
    )
    assert issues_of(extract, text) == ["Water quota"]


def test_a_definite_head_noun_with_nothing_named_before_or_a_modifier_names_no_issue(extract):
    assert issues_of(extract, "President Tomas Brell said that the allocation had been fixed in 1990.") == []
    text = (
        "The water allocation was the first point on the agenda.\n"
        "President Tomas Brell said that the budget allocation had been fixed in 1990."
    )
    assert issues_of(extract, text) == []
