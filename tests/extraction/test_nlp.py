"""The pipeline's own components: line breaks end sentences (nlp.paragraph_breaks), and the
lemmatizer's known slips are corrected (nlp.LEMMA_FIXES)."""

from negotiations.extraction import get_nlp

TEXT = (
    'Tomas Brell spoke after the signing. "Nobody should doubt that we will keep our word," he said. '
    '"We are going to comply, and we hope Norland complies."\n'
    "Moments later, as air force jets roared low over the crowd, Mr. Brell flinched, then joked that "
    "the river was safe."
)


def sentences(text: str) -> list[str]:
    return [s.text.strip() for s in get_nlp()(text).sents]


def test_a_paragraph_never_shares_a_sentence_with_the_next():
    # Without the component the parser made '"\nMoments later, ...' one sentence, and read
    # "Moments" as the subject of "flinched".
    found = sentences(TEXT)
    assert found[-1].startswith("Moments later")
    assert found[-2].endswith('complies."')


def test_a_closing_quotation_mark_stays_with_its_sentence_and_an_opening_one_opens_the_next():
    found = sentences('He said: "We will comply." "We hope the others comply." Then he left.')
    assert found == ['He said: "We will comply."', '"We hope the others comply."', "Then he left."]


def test_the_component_runs_before_the_parser():
    names = get_nlp().pipe_names
    assert names.index("parley_paragraphs") < names.index("parser")


def test_the_model_is_loaded_once_whether_or_not_its_name_is_given():
    from django.conf import settings

    assert get_nlp() is get_nlp(settings.PARLEY_SPACY_MODEL)


def test_the_lemmatizers_known_slips_are_corrected_for_verbs_only():
    doc = get_nlp()("Varga hoped the talks would go on, hoping for rain, while the frog hopped away.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["hoped"], lemmas["hoping"], lemmas["hopped"]) == ("hope", "hope", "hop")
    assert get_nlp().pipe_names.index("parley_lemma_fixes") == get_nlp().pipe_names.index("lemmatizer") + 1


def test_within_a_line_no_sentence_starts_after_a_lowercase_word_a_number_or_a_comma():
    # The parser may cut "Varga cited bitter remarks | Brell had made about the farmers as signs
    # of ..." and the object then loses its relative clause.
    from negotiations.extraction.nlp import paragraph_breaks

    text = "Varga cited harsh remarks Brell had made. BREAKING Officials said 125 farmers left, Osei said."
    doc = get_nlp().make_doc(text)
    for tok in doc[1:]:
        tok.is_sent_start = True  # the worst the parser could propose
    paragraph_breaks(doc)
    starts = {tok.text: tok.is_sent_start for tok in doc}
    assert not starts["Brell"] and not starts["farmers"] and not starts["Osei"]
    # after a mark, and after a capitalized word (a heading's run-on words), the parser decides
    assert starts["BREAKING"] and starts["Officials"]
