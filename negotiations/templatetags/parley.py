import html
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.safestring import mark_safe

from negotiations.models import PARTY_COLOURS, Stance
from negotiations.services.proposals import ANSWER_LABELS

register = template.Library()


@register.filter
def safe_url(value: str | None) -> str:
    """The URL if it is a web address, else "": an article's URL comes from outside, and a
    `javascript:` or `data:` URL in an href would run or render when clicked."""
    if not value:
        return ""
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return ""
    return value.strip() if scheme in {"http", "https"} else ""


@register.filter
def colour(party) -> str:
    """The CSS class of a party's colour; statements without a party get a neutral one."""
    return party.colour_class if party is not None else "party-none"


@register.filter
def revision_value(value) -> str:
    """A revision's old or new value, as a reader would write it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {revision_value(item)}" for key, item in value.items() if item not in (None, "", []))
    return str(value)


@register.filter
def colour_of(parties, party_id) -> str:
    """The colour class of the party with this id among `parties` (a filter form's choice)."""
    for party in parties:
        if str(party.pk) == str(party_id):
            return party.colour_class
    return "party-none"


@register.filter
def party_slot(position: int) -> int:
    """A party's setup position as one of the CSS palette's slots."""
    return position % PARTY_COLOURS


@register.simple_tag
def chart_bars(bars) -> str:
    """The timeline chart's `<rect>`s, as the template loop wrote them, made in Python: two years
    of a dozen parties are 9,000 bars, which the template language took 2.5 s to render."""
    number = _number_format()
    classes: dict[int | None, str] = {None: "party-none"}
    out = []
    for bar in bars:
        position = bar.party_position
        if position not in classes:
            classes[position] = f"party-{party_slot(position)}"
        out.append(
            f'<rect x="{number(bar.x)}" y="{number(bar.y)}" width="{number(bar.width)}" '
            f'height="{number(bar.height)}" class="bar {classes[position]}">'
            # html.escape is what Django's escape filter runs.
            f"<title>{html.escape(str(bar.title))}</title></rect>"
        )
    return mark_safe("".join(out))


def _number_format():
    """`localize` for the chart's floats, the format looked up once rather than 36,000 times."""
    if settings.USE_THOUSAND_SEPARATOR:
        return localize
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value) -> str:
        text = str(value)
        if not isinstance(value, float) or "e" in text or "n" in text:
            return localize(value)
        return text.replace(".", separator)

    return number


FIELD_LABELS = {
    "said_on": "said on",
    "status": "review",
    "created": "added by hand",
    "target": "toward",
    "reported_party": "reported party",
    "reported_stance": "reported stance",
    "reported_target": "reported toward",
}


@register.filter
def answer_label(answer: str) -> str:
    return ANSWER_LABELS.get(answer, "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def stance_label(stance: str) -> str:
    """A stance code as a reader would name it: "conditional" is "Accepts with conditions"."""
    return Stance(stance).label if stance in Stance.values else ""


@register.filter
def field_label(field: str) -> str:
    """A revision's field as a reader would name it."""
    return FIELD_LABELS.get(field, field)
