"""Word lists the rules read. Lemmas, lower case."""

# Verbs that report speech or thought when they take a clause: "said that ...", "warned Congress that ...".
CLAUSE_CUES = frozenset(
    """
    say tell add state insist argue warn claim announce declare confirm note explain acknowledge
    admit assert contend predict suggest write report repeat reiterate stress emphasize emphasise
    caution vow promise pledge threaten urge demand deny reply respond answer complain concede
    maintain observe recall remark reveal signal indicate protest proclaim propose recommend
    counter allege assure disclose estimate conclude believe hope fear expect tweet
    """.split()
)

# Verbs whose direct object is what was said: "rejected the proposal", "welcomed the resolution".
OBJECT_CUES = frozenset(
    """
    reject welcome confirm deny downplay dismiss criticize criticise condemn denounce praise hail
    applaud demand decry
    """.split()
)

# "threatened to bring down the government", "vowed not to give in".
INFINITIVE_CUES = frozenset("threaten vow promise pledge".split())

# "urged Hamas to accept", "asked the families to forgive him".
OBJECT_INFINITIVE_CUES = frozenset("urge ask press encourage implore call warn tell".split())

# "called for talks", "pressed for a cease-fire", "insisted on guarantees".
PREPOSITION_CUES = {
    "call": {"for", "on"},
    "press": {"for"},
    "push": {"for"},
    "appeal": {"for"},
    "ask": {"for"},
    "argue": {"for", "against"},
    "insist": {"on"},
}

# "called the proposal a victory", "described it as ...", "accused X of ...".
SECONDARY_PREDICATE_CUES = {
    "call": None,  # call X Y
    "describe": {"as"},
    "denounce": {"as"},
    "dismiss": {"as"},
    "characterize": {"as"},
    "characterise": {"as"},
    "brand": {"as"},
    "accuse": {"of"},
    "blame": {"for"},
    "hold": {"responsible", "accountable"},
    "credit": {"with", "for"},
}

# A reported act is not the speaker's own when its head says so: "declined to say".
NOT_SPEECH_HEADS = frozenset("decline refuse fail".split())

# Nouns for unnamed people: "two Israeli officials", "a spokesman".
ANONYMOUS_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson diplomat source aide lawmaker legislator person people
    adviser advisor analyst member minister envoy representative insider negotiator officer
    """.split()
)

# Nouns that stand for a person, named or not (for pronoun antecedents).
PERSON_NOUNS = ANONYMOUS_NOUNS | frozenset(
    """
    president minister secretary leader chief ambassador director spokesman chancellor king emir
    sheikh premier mediator
    """.split()
)

# Documents and bodies that "say" things: not people, but fine speakers.
DOCUMENT_NOUNS = frozenset("statement document text letter report sheet communique declaration".split())

# Honorifics and titles dropped from the front of names (GUIDELINES: "Sheikh", "Ayatollah").
HONORIFICS = frozenset(
    """
    president prime minister secretary foreign defense defence sheikh sheik emir ayatollah king queen
    prince mr mr. mrs mrs. ms ms. dr dr. gen gen. general sen sen. senator rep rep. representative
    chancellor vice deputy ambassador supreme leader chief of state the
    """.split()
)

# Occasions a later sentence can point back to: "at the news conference", "at the same session".
OCCASION_NOUNS = frozenset(
    "conference address speech interview session briefing meeting statement remarks vote hotel event summit".split()
)

THIRD_PERSON = {
    "he": "person",
    "him": "person",
    "his": "person",
    "she": "person",
    "her": "person",
    "it": "thing",
    "its": "thing",
    "they": "plural",
    "them": "plural",
    "their": "plural",
}
