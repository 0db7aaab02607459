"""Verbs of communication and cognition, as whole classes from VerbNet, written out as data.

Source: VerbNet 3.4 (Kipper Schuler et al.; University of Colorado, https://verbs.colorado.edu/verbnet/),
the class files of the `verbnet3.4` folder of the public repository cu-clear/verbnet. Each class is
copied with all its members and subclasses' members, in VerbNet's order, under its VerbNet id, so
that anyone can check it against the source. Multi-word members use VerbNet's underscore.

Why whole classes: the speech-act vocabulary of real news is open-ended ("joked", "lamented",
"boasted", "thundered"); a verb met in one development sentence says nothing about the next
article, while a class that a lexicographer drew up for all of English does.

What the extractor takes from here (cues.py):
- a verb of a class in CLAUSE_CLASSES is a cue when it governs a clause ("joked that ...",
  "lamented that ...", "quipped, ..."), minus NOT_CLAUSE_CUES;
- a verb of a class in OBJECT_CLASSES is a cue when its object is what was judged or answered
  ("praised the deal", "repudiated the plan"), minus NOT_OBJECT_CUES.
Each exclusion names its reason: members that in a news report mostly narrate an action or cite
evidence rather than report what someone said.
"""

from __future__ import annotations

VERBNET_VERSION = "3.4"

# VerbNet class id -> its members (and its subclasses' members).
VERBNET_CLASSES: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "say-37.7": """
            be_like continue go go_like go_on add allege blabber disclose divulge exclaim insinuate
            insist intimate leak reply respond retort promulgate utter venture vocalize voice write
            advise announce articulate blab blurt claim confess confide convey declare interject
            interpose mention observe proclaim propose recount reiterate relate reveal say state
            volunteer repeat remark note report purpose suggest recommend hint
        """,
        "tell-37.2": """
            acquaint inform apprise notify update remind
        """,
        "advise-37.9": """
            alert assure brief educate encourage notify admonish advise caution counsel instruct warn
        """,
        "complain-37.8": """
            bellyache bitch boast brag caterwaul complain crab gripe grouch grouse grumble kvetch moan
            object whine
        """,
        "confess-37.10": """
            confess admit acknowledge fess_up proclaim reveal
        """,
        "promise-37.13": """
            pledge promise assure guarantee
        """,
        "transfer_mesg-37.1.1": """
            demonstrate elucidate explain explicate expound justify narrate pose preach recap recite
            relay sniff illustrate verify corroborate communicate outline summarize sum_up boil_down
            snitch write_in dictate quote read show teach tell write
        """,
        "manner_speaking-37.3": """
            babble bark bawl bellow bleat blubber boom bray burble bluster cackle call carol chant
            chatter chirp chortle chuckle cluck coo croak croon crow cry drawl drone gabble gasp gibber
            groan growl grumble grunt hiss holler hoot howl jabber keen lilt lisp mewl moan mumble
            murmur mutter nasal natter pant prattle purr quaver rage rant rasp roar rumble scream
            screech shout shriek sibilate simper sigh sing smatter smile snap snarl snivel snuffle
            splutter squall squawk squeak squeal stammer stemmer stutter thunder tisk trill trumpet
            twang twitter vociferate wail warble wheeze whimper whine whisper whistle witter whoop
            yammer yap yell yelp yodel blare gurgle hum
        """,
        "instr_communication-37.4.1": """
            broadcast cable e-mail fax modem netmail phone radio relay satellite semaphore sign signal
            telecast telegraph telephone telex wire wireless
        """,
        "chit_chat-37.6": """
            chat chatter chitchat confer converse flirt gab gossip jest joke palaver rap schmooze yak
            argue debate discuss
        """,
        "conjecture-29.5": """
            admit affirm assert assume conjecture deny determine doubt hold prognosticate repute
            spectulate surmise swear anticipate believe expect foreknow foresee foretell guess infer
            presume prophesy trust vaticinate feel
        """,
        "consider-29.9": """
            acknowledge deem esteem rate reckon consider suspect think suppose posit
        """,
        "declare-29.4": """
            avow confess adjudge maintain find proclaim prove declare profess
        """,
        "indicate-78": """
            advertise imply predict denote corroborate expose prognosticate forebode anticipate explain
            indicate say affirm reaffirm disclose verify confirm demonstrate establish prove reveal show
            suggest
        """,
        "deduce-97.2": """
            reason reason_out conclude derive disprove infer deduct deduce gather conceive prove
            rationalize
        """,
        "urge-58.1": """
            call_on dare egg_on force invite lean_on push summon tempt admonish ask encourage exhort
            entreat implore lobby press pressure prod urge
        """,
        "order-58.3": """
            announce demand mandate authorize command commission order require
        """,
        "beg-58.2": """
            request importune supplicate beg
        """,
        "admire-31.2": """
            abhor admire adore affirm appreciate applaud bear believe bewail cherish deify deplore
            despise distrust detest dread enjoy envy esteem exalt execrate fancy favor grudge idolize
            lament loathe miss mistrust mourn pity prefer prize reaffirm relish resent respect revere
            rue savor stand suffer support tolerate treasure trust value venerate worship disdain
            dislike fear hate like love regret
        """,
        "long-32.2": """
            ache crave die fall hope hunger itch long pine pray wish hanker lust thirst yearn
        """,
        "judgment-33.1": """
            abuse assault backbite badmouth blame blaspheme condone find_fault_with gibe imprecate slang
            acclaim applaud approve_of assail attack belittle berate bless calumniate castigate
            celebrate censure chasten chastise chide cite commemorate commend compliment condemn
            congratulate criticize curse damn decry defame denigrate denounce deprecate deride disparage
            eulogize excuse extol fault felicitate forgive glorify greet hail honor incriminate insult
            lambaste lampoon laud malign mock pardon praise rebuke recommend reproach reprove repudiate
            revile reward ridicule salute satirize scold scorn shame slander snub stigmatize thank toast
            upbraid vilify welcome write_up doubt herald judge
        """,
        "reject-77.2": """
            decline rebuff refuse turn-down discourage dismiss disparage disprefer pooh_pooh reject
        """,
        "accept-77.1": """
            accept buy understand encourage
        """,
        "wish-62": """
            expect wish intend plan propose think aim dream imagine yen
        """,
        "lecture-37.11": """
            gush lecture moralize preach rant rave remark rhapsodize speak speak_out speak_up talk
            testify theorize write pontificate elaborate comment dwell
        """,
        "overstate-37.12": """
            overstate overdraw hyperbolize magnify amplify overemphasize overrate overstress tout
            glorify
        """,
        "talk-37.5": """
            speak talk
        """,
        "interrogate-37.1.3": """
            cross-examine question interview interrogate
        """,
        "begin-55.1": """
            go_on proceed set_out set_about begin start start_off commence recommence repeat resume
            undertake
        """,
        "continue-55.3": """
            continue
        """,
    }.items()
}

# Classes whose frames take a sentential complement ("NP V that S", "NP V S-Quote") and whose
# verbs report speech or thought: VerbNet's verbs of communication (37.x), of predicative
# complements that judge or declare (29.x), of indicating (78), of inferring (97.2), of urging and
# ordering (58.x), of psychological state toward a proposition (31.2, 32.2) and of wishing (62).
CLAUSE_CLASSES = (
    "say-37.7",
    "tell-37.2",
    "advise-37.9",
    "complain-37.8",
    "confess-37.10",
    "promise-37.13",
    "transfer_mesg-37.1.1",
    "manner_speaking-37.3",
    "instr_communication-37.4.1",
    "chit_chat-37.6",
    "lecture-37.11",
    "overstate-37.12",
    "conjecture-29.5",
    "consider-29.9",
    "declare-29.4",
    "indicate-78",
    "deduce-97.2",
    "urge-58.1",
    "order-58.3",
    "beg-58.2",
    "admire-31.2",
    "long-32.2",
    "wish-62",
)

# Members that govern a clause in narration or in evidence more often than in a report of speech.
NOT_CLAUSE_CUES = frozenset(
    # "went on to win", "continued that": aspect, and colloquial quotatives ("was like")
    "be_like go go_like go_on continue "
    # "the figures show that", "an audit found that": evidence, not someone's claim (a poll or
    # a report that "shows" is a finding; GUIDELINES counts what a source conveys)
    "show demonstrate prove disprove establish verify corroborate find determine illustrate "
    # "read that", "teach", "pose": reading and teaching are not saying
    "read teach pose sign "
    # singing and chanting: "the crowd chanted ..." is no statement (GUIDELINES: crowd chants)
    "chant sing carol croon trill warble yodel hum whistle "
    # attitudes that take an object far more than a clause, where a clause is a purpose
    # ("love that", "like that", "enjoy"): no report of a claim
    "love like enjoy relish savor stand suffer bear tolerate adore cherish treasure worship "
    "idolize deify venerate revere fancy value prize esteem respect "
    # "intend", "plan", "aim": what someone means to do, not what they said
    "intend plan aim dream imagine yen "
    # "order", "command", "mandate", "authorize", "require", "commission": acts of authority
    "order command mandate authorize require commission "
    # "crave", "hunger", "die", "fall", "ache": bodily and figurative senses of longing
    "crave hunger thirst die fall ache itch lust pine hanker".split()
)

# Classes whose object is what was judged, answered or dismissed ("praised the deal").
OBJECT_CLASSES = ("judgment-33.1", "reject-77.2")

# Judgment members that name an act rather than a verbal judgment ("pardoned", "toasted", and
# "attacked", "assaulted", whose first sense is physical), or
# that take a person for object in a sense that is no claim ("greeted the delegation").
NOT_OBJECT_CUES = frozenset(
    """
    pardon forgive excuse reward honor commemorate celebrate greet toast salute snub bless condone
    cite judge herald write_up slang assault attack assail abuse curse damn imprecate blaspheme backbite gibe
    recommend approve_of find_fault_with decline refuse turn-down discourage disprefer
    """.split()
)


# Classes whose frames take what was said as a direct object ("NP V NP.topic": "stressed its
# support for the treaty", "mentioned the quota", "discussed the draft", "admitted the mistake").
TOPIC_OBJECT_CLASSES = ("say-37.7", "transfer_mesg-37.1.1", "confess-37.10", "chit_chat-37.6", "promise-37.13")

# Members whose object is no claim: an addressee ("told reporters", "assured allies"), a text
# read or written as an act ("wrote a book", "read the letter"), a demonstration, or motion.
NOT_TOPIC_OBJECTS = NOT_CLAUSE_CUES | frozenset(
    """
    tell write read teach show demonstrate illustrate quote relay pose dictate narrate recite
    volunteer advise assure guarantee flirt gab rap yak chat chatter gossip schmooze palaver
    """.split()
)


# Aspectual verbs (VerbNet begin-55.1, continue-55.3): "continued to call for", "began to
# demand" report the speech act itself, which goes on or begins.
ASPECTUAL_CLASSES = ("begin-55.1", "continue-55.3")


def members(classes: tuple[str, ...], drop: frozenset[str]) -> frozenset[str]:
    """The single-word members of `classes`, less `drop`."""
    words = set().union(*(VERBNET_CLASSES[name] for name in classes))
    return frozenset(w for w in words - drop if "_" not in w and "-" not in w)
