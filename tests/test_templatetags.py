"""The template filters of negotiations/templatetags/parley.py."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from negotiations.models import PARTY_COLOURS, Party
from negotiations.templatetags.parley import colour, colour_of, field_label, party_slot, revision_value, safe_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("http://example.com/", "http://example.com/"),
        ("HTTPS://EXAMPLE.COM/", "HTTPS://EXAMPLE.COM/"),
        ("  https://example.com/  ", "https://example.com/"),
        ("javascript:alert(1)", ""),
        ("JAVASCRIPT:alert(1)", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("  javascript:alert(1)", ""),
        ("\njavascript:alert(1)", ""),
        ("\t javascript:alert(1)", ""),
        ("\x00javascript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("DATA:text/html;base64,PHNjcmlwdD4=", ""),
        ("vbscript:msgbox(1)", ""),
        ("ftp://example.com/file", ""),
        ("mailto:someone@example.com", ""),
        ("/relative/path", ""),
        ("relative/path", ""),
        ("//example.com/no-scheme", ""),
        ("http://[::1", ""),  # urlsplit refuses it
        ("", ""),
        (None, ""),
    ],
)
def test_safe_url_keeps_only_web_addresses(url, expected):
    assert safe_url(url) == expected


def test_safe_url_in_a_template_still_escapes():
    rendered = Template('{% load parley %}<a href="{{ url|safe_url }}">').render(
        Context({"url": 'https://example.com/?q="><script>'})
    )

    assert rendered == '<a href="https://example.com/?q=&quot;&gt;&lt;script&gt;">'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        ("", "—"),
        ([], "—"),
        ("Norland", "Norland"),
        ("<b>x</b>", "<b>x</b>"),  # plain text: the template escapes it
        (["Kell dam", "Data sharing"], "Kell dam, Data sharing"),
        (0, "0"),
        (False, "False"),
        (0.9, "0.9"),
        ("2025-04-01", "2025-04-01"),
        (
            {"text": "We need water.", "speaker": "", "party": None, "issues": [], "start": 0, "kind": "direct"},
            "text: We need water.; start: 0; kind: direct",
        ),
        ({"issues": ["Kell dam", "Data sharing"], "note": "n"}, "issues: Kell dam, Data sharing; note: n"),
        ({}, ""),
    ],
)
def test_revision_value_reads_as_a_person_would_write_it(value, expected):
    assert revision_value(value) == expected


def test_revision_value_is_escaped_in_templates():
    rendered = Template("{% load parley %}{{ value|revision_value }}").render(Context({"value": ["<i>a</i>", "b"]}))

    assert rendered == "&lt;i&gt;a&lt;/i&gt;, b"


@pytest.mark.parametrize("position", [0, 1, 7, 8, 13])
def test_colour_of_a_party_follows_its_position(position):
    party = Party(name="P", position=position)

    assert colour(party) == f"party-{position % PARTY_COLOURS}"
    assert party_slot(position) == position % PARTY_COLOURS


def test_colour_without_a_party_is_neutral():
    assert colour(None) == "party-none"


def test_colour_of_finds_the_party_by_id_as_a_form_gives_it():
    parties = [SimpleNamespace(pk=4, colour_class="party-0"), SimpleNamespace(pk=9, colour_class="party-1")]

    assert colour_of(parties, "9") == "party-1"
    assert colour_of(parties, 4) == "party-0"
    assert colour_of(parties, "12") == "party-none"
    assert colour_of([], "4") == "party-none"


@pytest.mark.parametrize(
    ("field", "label"), [("said_on", "said on"), ("status", "review"), ("created", "added by hand"), ("party", "party")]
)
def test_field_label(field, label):
    assert field_label(field) == label
