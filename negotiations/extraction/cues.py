"""Word lists the rules read. Lemmas, lower case."""

from .verbclasses import (
    ASPECTUAL_CLASSES,
    CLAUSE_CLASSES,
    NOT_CLAUSE_CUES,
    NOT_OBJECT_CUES,
    NOT_TOPIC_OBJECTS,
    OBJECT_CLASSES,
    TOPIC_OBJECT_CLASSES,
    VERBNET_CLASSES,
    members,
)

# Verbs that report speech or thought when they take a clause: "said that ...", "warned Congress that ...".
CLAUSE_CUES = frozenset(
    """
    say tell add state insist argue warn claim announce declare confirm note explain acknowledge
    admit assert contend predict suggest write report repeat reiterate stress emphasize emphasise
    caution vow promise pledge threaten urge demand deny reply respond answer complain concede
    maintain observe recall remark reveal signal indicate protest proclaim propose recommend
    counter allege assure disclose estimate conclude believe hope fear expect tweet
    agree disagree concur question echo worry
    """.split()
) | members(CLAUSE_CLASSES, NOT_CLAUSE_CUES)

# Verbs whose direct object is what was said: "rejected the proposal", "welcomed the resolution".
OBJECT_CUES = (
    frozenset(
        """
    reject welcome confirm deny downplay dismiss criticize criticise condemn denounce praise hail
    applaud demand decry question
    echo
    """.split()
    )
    # FrameNet 1.7, Expressing_publicly ("voiced concerns in Parliament", "aired their
    # grievances") and Justifying ("defended the accord"): the object is what was said.
    | frozenset("express voice air articulate vent defend justify".split())
    # FrameNet Emphasizing: "stressed its support for the treaty" ("underline" and "underscore"
    # left out: their subject is as often a fact as a person, "the debate underscored a weakness")
    | frozenset("stress emphasize emphasise".split())
    # WordNet 3.0 verb.communication, "criticize harshly, usually via public media" (blast, knock)
    # and "attack in speech or writing" (savage, slam): "blasted the media for its coverage".
    # ("knock" is left out: its first senses are physical.)
    | frozenset("blast savage slam".split())
    | members(OBJECT_CLASSES, NOT_OBJECT_CUES)
    | members(TOPIC_OBJECT_CLASSES, NOT_TOPIC_OBJECTS)
)

# Verbs whose passive subject is what the agent said: "the proposal was rejected by the council",
# "the leak was first reported by the Valley Gazette", "another version was being told by the
# farmers' radio", "Brell has been called a fraud by his own engineers". Not the verbs of
# talk about a topic ("the plan was discussed by the cabinet" says nothing of what was said),
# nor "add" ("a clause was added by the negotiators" is drafting), nor "explain" ("the win is
# explained by the rules" gives a cause).
PASSIVE_AGENT_CUES = (
    OBJECT_CUES - frozenset("discuss debate confer converse chitchat mention recount relate add explain".split())
) | frozenset("tell write call describe characterize characterise brand label dub accuse".split())

# Verbs of reporting whose "as" clause attributes the clause it hangs on: "As the Gazette reported,
# ...", "..., as the envoy noted", "as one engineer told the radio". Not the verbs of manner of
# speaking nor of talk ("as the crowd roared", "as the minister spoke": a time, not a source).
AS_REPORT_CUES = frozenset(
    """
    say report note write observe explain argue predict suggest state announce claim mention reveal
    confirm acknowledge tell indicate recall warn add insist point
    """.split()
)

# "questioned the wisdom of the plan" doubts a claim; "questioned Brell for an hour" interrogates
# a person (VerbNet interrogate-37.1.3), and says nothing of what Brell said.
ASKING_VERBS = frozenset("question".split())

# Verbs of doubting whose indirect question is a claim of doubt: "questioned whether the plan
# was ready", "doubted that ...", "questioned how the council could go back on its pledge"
# (VerbNet interrogate-37.1.3 "question", conjecture-29.5 "doubt"). A question put by someone
# else ("asked whether") is no claim (GUIDELINES: questions put by reporters).
DOUBT_CUES = frozenset("question doubt".split())

# Nouns of speech acts and beliefs that report what their possessor said or holds when they
# take a that-clause: "Brell's claim that ...", "the ministry's insistence that ...".
CLAIM_NOUNS = frozenset(
    """
    claim assertion allegation insistence argument contention warning promise pledge vow assurance
    admission denial suggestion statement announcement belief view
    """.split()
)

# Verbs of thinking and wanting rather than saying (VerbNet conjecture-29.5, long-32.2, wish-62):
# in the speaker's own relative clause they go on with the report ("a mechanism that she hoped
# would never be used").
ATTITUDE_CUES = members(("conjecture-29.5", "long-32.2", "wish-62"), NOT_CLAUSE_CUES) | frozenset(
    "hope fear worry".split()
)

# "threatened to bring down the government", "vowed not to give in", and the hope that GUIDELINES
# counts as a cognition act ("Varga hopes to sign before the floods", as "hopes that").
INFINITIVE_CUES = frozenset("threaten vow promise pledge agree hope".split())

# The speaker's own first person: "we", "I", "us".
FIRST_PERSON = frozenset("we i us".split())

# The words that open a free relative, which stands where an object would: "condemned what he
# called a brazen breach".
FREE_RELATIVES = frozenset("what whatever".split())

# "urged restraint", "vowed consequences": what is urged or vowed, when the object names no one
# (an object that names a party or a person is the one urged: "urged Norland on Monday").
URGE_OBJECT_CUES = frozenset("urge vow".split())
# Nouns for groups of people and bodies (FrameNet People, Organization, Political_locales): as
# the object of "urge" they are the ones urged ("urged the council", "urged both sides").
GROUP_NOUNS = frozenset(
    """
    government council committee commission side party country nation state group leadership
    authority administration cabinet parliament congress senate union alliance bloc coalition
    community public citizen voter supporter ally partner rival opponent family
    """.split()
)

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
    # "warned against a second dam", "warned of floods ahead"
    "warn": {"against", "of"},
    # "agreed to the proposal": assent is said (FrameNet Respond_to_proposal)
    "agree": {"to"},
}

# "called the proposal a victory", "described it as ...", "accused X of ...".
SECONDARY_PREDICATE_CUES = {
    "call": None,  # call X Y
    "describe": {"as"},
    "denounce": {"as"},
    "dismiss": {"as"},
    "characterize": {"as"},
    "characterise": {"as"},
    # VerbNet dub-29.3.2, its verbs of naming that judge: "branded North Korea an outlaw nation",
    # "labeled the plan a trap", "dubbed it a sellout", and their "as" ("branded it as a trap")
    "brand": None,
    "label": None,
    "dub": None,
    "term": None,
    "accuse": {"of"},
    "blame": {"for"},
    "hold": {"responsible", "accountable"},
    "credit": {"with", "for"},
}

# "Farmers continued to call for more information": an infinitive cue under an aspectual verb
# is said, not meant (VerbNet begin-55.1, continue-55.3).
ASPECTUAL_HEADS = members(ASPECTUAL_CLASSES, frozenset())

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

# Documents and studies that speak in their own right when one heads a paragraph with a colon
# ("Poll: the race is tied", "Report: ..."): GUIDELINES counts documents as sources.
SOURCE_NOUNS = DOCUMENT_NOUNS | frozenset("poll survey study analysis audit memo".split())

# Documents that set out a text's terms: what they say is about the proposal under discussion.
TERMS_DOCUMENTS = frozenset("sheet document text draft summary outline annex".split())

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
    """
    conference address speech interview session briefing meeting statement remarks vote hotel event summit
    ceremony gathering rally hearing forum debate signing visit trip dinner lunch breakfast reception
    appearance broadcast program programme show podcast announcement sitting memorial funeral vigil
    """.split()
)

# Where a remark appeared: "in a tweet", "on the radio", "in parliament". With OCCASION_NOUNS, the
# nouns of a phrase that says where or when something was said, not what.
MEDIUM_NOUNS = frozenset(
    """
    tweet post letter column op-ed editorial email e-mail message video article essay book memo release
    note call diatribe blog radio television tv newspaper discussion conversation
    parliament congress senate court chamber assembly capitol studio stage podium floor
    """.split()
)

# "in fact", "in part", "on behalf of": a preposition and noun that make an adverb.
ADVERB_PHRASE_NOUNS = frozenset("fact part addition particular turn private public person behalf general sum".split())

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

# Prepositions whose participle takes the subject of the clause it modifies: "after saying",
# "by insisting", "before warning", "while claiming", "without saying", "despite admitting".
CONTROL_PREPOSITIONS = frozenset("after before by while without in since upon on despite".split())

# Prepositions of two words that the parser splits into an adverb of the verb and a preposition
# under it; their participle, too, takes the subject of the clause: "Varga said little, aside
# from noting that the talks go on". ("stopped short of calling the deal a fraud" is not among
# them: what one stops short of is not said, as what one declines to say.)
COMPLEX_PREPOSITIONS = frozenset({("aside", "from"), ("apart", "from")})

# Verbs whose direct object is the one spoken to, before the clause of what was said: "told
# reporters that", "warned Congress that", "assured allies that" (VerbNet tell-37.2, advise-37.9,
# promise-37.13, interrogate-37.1.3 and urge-58.1).
ADDRESSEE_CUES = (
    VERBNET_CLASSES["tell-37.2"]
    | VERBNET_CLASSES["advise-37.9"]
    | VERBNET_CLASSES["promise-37.13"]
    | VERBNET_CLASSES["interrogate-37.1.3"]
    | VERBNET_CLASSES["urge-58.1"]
    | frozenset("tell ask show teach".split())
)

# Words that open a relative clause after a comma: "according to the agency, which ...".
RELATIVE_WORDS = frozenset("which who whom whose where when".split())

# Indefinite and quantifying pronouns that stand for unnamed people ("some said", "those close
# to him say"); demonstratives only with what describes them.
DEMONSTRATIVES = frozenset("those these".split())
INDEFINITE_SPEAKERS = DEMONSTRATIVES | frozenset(
    "someone somebody some many most several few others both all each everyone everybody".split()
)

# The grammatical gender of English third-person pronouns and of the words that name a person
# as a woman or a man (honorifics and gendered nouns): "Mrs. Varga ... he said" is not her.
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
GENDERED_WORDS = {
    **dict.fromkeys(
        """
        mrs mrs. ms ms. miss madam lady dame queen princess sheikha spokeswoman chairwoman congresswoman
        businesswoman stateswoman councilwoman assemblywoman woman mother wife daughter sister grandmother
        aunt niece widow actress
        """.split(),
        "f",
    ),
    **dict.fromkeys(
        """
        mr mr. sir lord king prince sheikh spokesman chairman congressman businessman statesman councilman
        assemblyman man father husband son brother grandfather uncle nephew widower actor
        """.split(),
        "m",
    ),
}

# -- stance (GUIDELINES.md, "Stance and proposals") ---------------------------------------------

# People who study or comment on talks from outside (WordNet scholar.n.01, analyst.n.01,
# expert.n.01, commentator.n.01): "a professor of politics said the plan was clever" reads the
# talks, it takes no side in them (GUIDELINES: neutral describes and predicts).
COMMENTATOR_NOUNS = frozenset(
    "professor scholar academic analyst expert researcher historian economist commentator lecturer pollster".split()
)

# What the cue verb itself does to its content: "accused X of ...", "welcomed the resolution".
# "insist" is left out: "insisted that Iran had never sought ..." only asserts; "insisted on" demands.
CUE_STANCES = {
    **dict.fromkeys("accuse blame".split(), "accuses"),
    **dict.fromkeys("reject dismiss deny rebuff refuse repudiate".split(), "rejects"),
    **dict.fromkeys("welcome praise hail back applaud endorse support commend laud salute".split(), "supports"),
    **dict.fromkeys("demand urge press push appeal".split(), "demands"),
    # Putting a course forward calls for it: "proposed a joint patrol", "recommended that the quota
    # be raised", "advocates direct talks" (GUIDELINES: demands are calls for something)
    **dict.fromkeys("propose recommend advocate".split(), "demands"),
    # FrameNet Desiring: "hoped that pressure would lead the group to accept" wants it to happen
    "hope": "demands",
    **dict.fromkeys("criticize criticise condemn denounce decry slam assail blast savage".split(), "criticizes"),
    "oppose": "opposes",
}
# FrameNet Warning: a speaker who warns of what follows if the other side does something is
# against its doing it ("warned that sanctions would follow if Norland signed the plan").
WARNING_CUES = frozenset("warn caution".split())
# Cues that demand only through their preposition: "called for talks", "insisted on guarantees".
DEMAND_PREPOSITIONS = {"call": {"for", "on"}, "insist": {"on"}, "ask": {"for"}, "argue": {"for"}}
# FrameNet Attempt_suasion, said in the content with an object and an infinitive: "the deadline is
# meant to push both sides to settle quickly", "we will press Sudmark to open the sluices" call on
# the object to act, as the cue "urged Sudmark to ..." does.
SUASION_VERBS = frozenset("urge press push pressure encourage exhort implore prod nudge".split())
# FrameNet Request: a request's that-clause is what is asked for, said in the mandative
# subjunctive ("asked that the fishermen be given relief", "requested that the talks resume");
# "asked whether ..." puts a question and asks for nothing.
REQUEST_VERBS = frozenset("ask request beg entreat implore beseech".split())

# Nouns that head a proposal or a text: "the plan", "this deal", "the reply".
PROPOSAL_HEADS = frozenset(
    """
    proposal plan deal agreement accord offer text framework draft initiative roadmap understanding
    reply response package blueprint
    """.split()
)
# Heads of a side's answer to a proposal: "the deal" never means one.
ANSWER_HEADS = frozenset("reply response answer counterproposal".split())
# Parts of a text: "the terms", "its commitments" point to the proposal under discussion.
TEXT_PART_HEADS = frozenset("term commitment obligation restriction measure provision clause change".split())
# Parts that a text makes to another: "the changes" are a text's, but bare "changes" are only
# asked for ("refused changes on substantive issues").
CHANGE_HEADS = frozenset("change".split())
# Adjectives of a text's form or extent, not of its kind: "the full text", "the legal texts" are
# the text on the table, where "the interim agreement" is another one.
TEXT_FORM_ADJECTIVES = frozenset("full whole entire complete legal official written detailed exact".split())
# Head nouns of a found proposal ("an Egyptian-Qatari text"): narrower than PROPOSAL_HEADS, since
# "an American deal" or "a Hamas response" rarely names a text.
FOUND_PROPOSAL_HEADS = frozenset("proposal plan text offer initiative draft framework roadmap".split())
# Verbs of putting a text on the table: what a side "offered" or "proposed" is a text to reject.
OFFER_VERBS = frozenset("offer propose table submit present suggest put".split())
# Objects that `rejects` takes (GUIDELINES: a proposal, demand, text, remark or accusation); any
# other object ("any long freeze") is an outcome, which a speaker `opposes`.
REJECTABLE_NOUNS = PROPOSAL_HEADS | frozenset(
    """
    demand condition request idea suggestion account remark comment statement claim accusation
    allegation charge report assertion version notion dictate ultimatum
    """.split()
)

# The content's predicate: what its subject does to a text or an outcome.
ACCEPT_PREDICATES = frozenset("accept agree approve endorse sign ratify embrace honor honour abide comply bind".split())
REFUSE_PREDICATES = frozenset("refuse reject rebuff spurn veto".split())
# Acts against a text (FrameNet Hindering, Thwarting, Destroying): turning against "legislation
# that blocked the deal" is standing up for the deal.
THWART_VERBS = frozenset("block kill undermine sabotage scuttle torpedo derail wreck reject oppose".split())
# FrameNet Compliance, keeping to a norm: with a norm as object ("would keep every commitment",
# "will respect the truce") the side keeps to a text; "keep the pressure" or "follow the talks"
# is no compliance.
KEEP_VERBS = frozenset("keep observe respect uphold obey follow fulfil fulfill meet".split())
# "had not objected": a negated objection is consent.
OBJECT_PREDICATES = frozenset("object oppose".split())
# "reached an agreement" agrees; "reached the border" does not.
REACH_OBJECTS = frozenset("agreement deal accord solution understanding compromise framework breakthrough".split())
# Verbs of arriving at one: "reached a deal", "struck an accord", "made a breakthrough".
REACH_VERBS = frozenset("reach strike clinch seal make achieve".split())
# Verbs of making news known, after "pleased to", "proud to": "pleased to announce that ...".
ANNOUNCE_VERBS = frozenset("announce report confirm say tell".split())
# FrameNet Assistance with an act of carrying a text out: "would help implement the accord".
HELP_VERBS = frozenset("help assist".split())
IMPLEMENT_VERBS = frozenset("carry implement enforce apply execute".split())
# Verbs whose object is a text when it is one just named: "voted on the regulations; the party
# decided to oppose them", "they asked the envoys to help carry it out".
TEXT_TAKING_VERBS = (
    ACCEPT_PREDICATES
    | REFUSE_PREDICATES
    | OBJECT_PREDICATES
    | THWART_VERBS
    | KEEP_VERBS
    | IMPLEMENT_VERBS
    | frozenset("support back".split())
)
# A text in effect (FrameNet Being_in_effect): "the accord remains binding", "is still valid".
IN_FORCE_WORDS = frozenset("binding valid".split())
# FrameNet Deciding: "decided to oppose", "voted to reject", "chose to accept".
DECIDING_VERBS = frozenset("decide vote choose opt".split())
# Being set on an act (WordNet resolute.a.01 and its similar adjectives): "was determined to honour the
# accord", "would be resolute in meeting its obligations" make the act the side's own.
RESOLVE_WORDS = frozenset("determined resolute resolved intent".split())
# "remained committed to": the speaker's side stands by a text.
COMMITTED_WORDS = frozenset("committed".split())
WANT_PREDICATES = frozenset("want seek need require".split())
# "dropped one of its central demands": a concession.
CONCEDE_PREDICATES = frozenset("drop abandon waive relax shelve".split())
# Verbs of giving way on a point, intransitive with "on" (Merriam-Webster budge 2 "to give way:
# yield", bend "to make concessions", yield, relent, compromise, concede, cave): a side that "would
# not budge on the quota" insists on it, a demand on that issue (GUIDELINES: insists on).
GIVE_WAY_VERBS = frozenset("budge bend yield relent compromise concede cave".split())
# "saw the offer as the best path": a verdict on the text that is the object.
JUDGING_VERBS = frozenset("see view consider regard describe deem judge call".split())
# Coming to a view and holding it (FrameNet Coming_to_believe, Opinion, Certainty): "the panel
# concluded that the brake was useless", "remained confident it was the best deal" pass on the
# verdict of their clause.
BELIEF_VERBS = frozenset("conclude believe think find consider feel decide determine".split())
CERTAINTY_WORDS = frozenset("confident convinced sure certain".split())
# What a text does when it works: "would cut off every pathway", "showed that diplomacy can work";
# negated, a text that does not ("it will not deliver the stability we need"). "remove" and
# "eliminate" (FrameNet Removing) say of a text what "cut" does: "had removed the last checkpoints".
EFFICACY_VERBS = frozenset(
    "cut prevent block stop ensure guarantee protect show open help close bridge work deliver remove eliminate".split()
)
# What a text contains (FrameNet Inclusion): "the commitments included a serious exchange"
# describes its terms, which GUIDELINES keeps neutral, whatever words the terms are in.
TERMS_VERBS = frozenset("include contain comprise involve incorporate encompass".split())
# Verbs of a text bringing something into being (FrameNet Creating, Intentionally_create):
# "the framework created a brake", "the accord establishes a tribunal".
CREATING_VERBS = frozenset("create establish introduce".split())
# Verbs whose subject is judged by how it works: "it won't work", "it would breach the law".
VERDICT_VERBS = frozenset("work deliver fail breach violate".split())
# Nouns for a party's demands: "new demands added by Netanyahu", "Israel's demand to keep forces".
DEMAND_NOUNS = frozenset("demand condition insistence precondition".split())

# What would justify a course (FrameNet Reason, Justifying): denied, "there is no basis for
# returning to the table" opposes that course.
GROUNDS_NOUNS = frozenset("basis reason ground grounds justification rationale case excuse".split())
# Deontic modality: "this needs to get done", "troops must remain", "the onus is on Hamas".
DEONTIC_MODALS = frozenset("should must ought".split())
DEONTIC_VERBS = frozenset("need have".split())  # with "to": "needs to", "has to"
# Their passives state a necessity with no one named: "more effort is needed", "a vote is required".
NECESSITY_VERBS = frozenset("need require".split())
# The heads of a pseudo-cleft (wh-cleft) of necessity, "what the framework needs is a signature",
# "the only thing it still needed was to be put into effect", "all the deal needs now is a vote":
# the cleft says what is needed, as "needs a signature" does.
CLEFT_HEADS = frozenset("what all thing".split())
# Necessity said of an outcome is a must: "control of the dam is essential".
NECESSITY_WORDS = frozenset("essential necessary vital indispensable crucial imperative".split())
# "The world must know that ...": a must of knowing asserts; it asks nothing of anyone.
COGNITION_VERBS = frozenset("know understand realize realise remember see recognize recognise note".split())

# Markers of a condition: "as long as the other side honors its own", "only if".
CONDITION_PHRASES = ("as long as", "so long as", "only if", "only when", "on condition", "provided that", "unless")
# A speaker's willingness: "ready to work with the mediators".
WILLING_WORDS = frozenset("ready willing prepared eager open".split())
# The modals of a future act the speaker's side commits to, an offer or a threat: "if the gauges
# prove reliable, we will lower the quota" (will, would, shall and their clitics; "wo" of "won't").
COMMISSIVE_MODALS = frozenset("will would shall 'll 'd wo".split())
# FrameNet's Willingness frame, its negative side: "reluctant to return" refuses; so does a
# negated willingness word ("not prepared to renegotiate").
UNWILLING_WORDS = frozenset("unwilling reluctant loath loth disinclined averse".split())
# FrameNet's Purpose frame, its nouns of a side's intent: "had no intention of lowering the quota"
# refuses the act, as "not prepared to lower it" does.
INTENT_NOUNS = frozenset("intention intent".split())
# Verbs of doing a text over, with the prefix re- of repetition, which presupposes the thing done
# before (Marchand 1969, The Categories and Types of Present-Day English Word-Formation, re- 3.): a
# side that will not "reopen a text that took months to draft" stands by that text as it is;
# "a text" there is the one that exists, not any text.
REDO_VERBS = frozenset("reopen renegotiate rewrite redraft rework revisit".split())
# FrameNet's Taking_sides frame, the side against: "totally opposed to border posts".
AGAINST_WORDS = frozenset("opposed hostile".split())
# Verbs that take a side with a preposition: "vote against", "come out against", "campaign against".
SIDE_VERBS = frozenset("vote campaign come speak argue stand side rule lobby".split())
# The same frame, the side for: "would stand with Sudmark as it carries out the accord", "vote for
# the regulations", "rallied behind the plan".
FOR_SIDE_PREPOSITIONS = {
    "vote": {"for"},
    "campaign": {"for"},
    "lobby": {"for"},
    "stand": {"with", "behind"},
    "side": {"with"},
    "rally": {"behind", "around"},
    "get": {"behind"},
}

# Evaluative words for verdicts on a text ("a reversal", "a solid foundation"). General English
# sentiment, not the talks' own vocabulary.
POSITIVE_WORDS = frozenset(
    """
    good great positive solid decisive historic historical best better important significant
    constructive consistent comprehensive robust strong fair balanced reasonable realistic workable
    viable promising encouraging hopeful hope opportunity chance foundation basis step path roadmap
    progress breakthrough success successful achievement milestone confidence help benefit
    welcome vital essential sound serious credible durable lasting enduring just win
    """.split()
) | frozenset(
    # FrameNet Usefulness, its good side: "a useful step", "an effective mechanism"
    "useful effective valuable worthwhile".split()
)
NEGATIVE_WORDS = frozenset(
    """
    bad poor negative insufficient inadequate unacceptable unworkable unrealistic unfair unjust
    flawed dangerous disastrous catastrophic mistake error failure reversal setback retreat illusion
    nonstarter non-starter trap farce sham surrender capitulation threaten threat
    embolden endanger undermine jeopardize jeopardise betray betrayal worse worst empty meaningless
    humiliating imposition dictate dictates ultimatum
    """.split()
) | frozenset(
    # FrameNet Usefulness, its bad side, and what cannot be done (Possibility): "practically
    # useless", "a pointless exercise", "completely impossible"
    "useless ineffective worthless pointless futile counterproductive impossible impractical unviable".split()
)
# Not verdicts, though the lists hold their lemma: "goods" is merchandise (a plurale tantum the
# small model lemmatizes "good": "EU goods rules"), and a verb of FrameNet's Desiring frame is the
# speaker's wish ("a mechanism she hoped would never be used"), not the noun "hope" of a verdict.
NOT_VERDICT_FORMS = frozenset("goods".split())
DESIRING_VERBS = frozenset("hope wish want".split())
# FrameNet's Compliance frame, said of a text: keeping to a law or an agreement is in its favour,
# breaking one against it ("the bill breaches international law", "the bill was lawful").
COMPLIANT_WORDS = frozenset("lawful legitimate compliant".split())
VIOLATING_WORDS = frozenset("violate violation breach contravene flout infringe illegal unlawful illegitimate".split())
# What one keeps or breaks (Compliance): "broke international law", "breaks the truce"; "break
# the deadlock" is no breach.
NORM_NOUNS = frozenset("law rule treaty agreement accord commitment promise pledge obligation protocol truce".split())
# "a victory for terrorism": a good word turned bad by what it is for.
NEGATIVE_CONTEXT_WORDS = frozenset("terror terrorism terrorist enemy extremist".split())

# Blame words that blame only an agent: a party that failed, not an effort or a plan that did.
# Nouns of what an agent does (FrameNet Conduct: behaviour, conduct; Intentionally_act: action,
# actions; Progression: progress; Resolve_problem: handling; Response: reaction): a bad verdict on
# "Sudmark's handling of the talks" blames Sudmark, its possessor.
CONDUCT_NOUNS = frozenset("behaviour behavior conduct action handling progress reaction".split())
AGENT_BLAME_WORDS = frozenset("fail failure".split())
# Blame: what a party is accused of doing or being.
BLAME_WORDS = AGENT_BLAME_WORDS | frozenset(
    """
    sabotage obstruct obstruction undermine wreck derail torpedo scuttle stall sabotaging block
    renege backtrack back reopen violate violation cheat deceive spin mislead lie stonewall
    obstacle problem responsibility responsible blame fault refusal intransigence intransigent
    provocation provocative inflame escalate distract drag arrogant wrong disturbing excessive
    aggression aggressive bully blackmail dictate imposition unreasonable stubborn
    harder worse risk
    """.split()
)

# Prepositions that a person's or a body's name does not hold, as a title-case heading does
# ("Stealth Over Health: ...", "Success on Signature Issue: ..."); "of" does ("Bank of Sudmark").
HEADING_PREPOSITIONS = frozenset(
    "about after against at before between by for from in into on over to under with".split()
)

# Labels that head a paragraph with a colon and name no speaker: "Update: ...", "WATCH: ...".
COLON_LABELS = frozenset(
    """
    update updated note correction clarification editor related watch read listen photo photos video
    source sources disclosure advertisement breaking exclusive analysis opinion live q a
    """.split()
)
# Negative emotions directed at what someone did (FrameNet Emotion_directed, its blaming side):
# "disappointed that the EU had taken legal action", "regrets that ...".
REGRET_WORDS = frozenset("disappointed dismayed regret deplore lament appalled outraged saddened".split())
# The same frame's worry about a state of affairs: "remained troubled by the amnesty", "is
# concerned about the dam" is against that outcome.
WORRY_WORDS = REGRET_WORDS | frozenset("troubled concerned worried alarmed anxious uneasy upset".split())

# Verbs that link a thing to a verdict on it: "is a positive step", "remains the best path".
COPULAS = frozenset("be remain seem appear look sound become prove represent constitute".split())

# Demonstratives that stand for the text on the table when a verdict is passed on them: "This
# is illegal", "These are long-lasting solutions". "it" and "they" are left out: in reported
# speech they are mostly the speaker's own side ("it hoped that ...", "it had concerns").
TEXT_PRONOUNS = frozenset("this these".split())

# Verbs whose clause takes a bare infinitive with its own subject (causation and perception):
# "let goods flow", "made them sign", "saw it fail". That bare verb is no mandative subjunctive.
BARE_INFINITIVE_VERBS = frozenset("let make help have see watch hear feel bid".split())

# Stance: who a subject or possessor stands for.
# "this plan", "those terms": a determiner that points at a text already named.
DEMONSTRATIVE_DETERMINERS = frozenset("this that these those".split())
# Words that stand for the speaker's own side: "the group said it ...", "the two sides had ...".
OWN_POSSESSIVES = frozenset("our my its".split())
# Subjects that take in both sides when a side reports what was agreed: "they", "both", "the sides".
JOINT_SUBJECTS = frozenset("they both sides".split())
# A side named by its kind in its own member's words: "the party's officers", "the group's leaders".
OWN_SIDE_NOUNS = frozenset("party group government administration delegation organization".split())
OWN_SIDE = frozenset(
    "we i it they he she group government administration side sides team delegation office organization".split()
)

# Nouns that name a work with a title: "her memoir, "Far Fields,"" quotes the title, not words said.
WORK_NOUNS = frozenset(
    "book memoir novel film movie documentary song album poem essay column op-ed article series episode play".split()
)
