import html
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

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


@register.simple_tag
def grid_cells(row, as_of, slug: str) -> str:
    """A grid row's `<td>`s, made in Python: the template language took half a second for the 480
    cells of 12 parties on 40 issues. Each cell links to its history (as of the grid's day), says
    the stance (or "unclear", or that there is none), since when, the latest statement and the
    counts. Every value is escaped by format_html."""
    query = f"?as_of={as_of.isoformat()}" if as_of else ""
    party = row.party
    return mark_safe("\n".join(_grid_cell(party, issue, cell, query, slug) for issue, cell in row.pairs))


def _grid_cell(party, issue, cell, query: str, slug: str) -> str:
    url = reverse("position_cell", args=[slug, party.pk, issue.pk]) + query
    if cell is None:
        td_class, said, inside = " is-empty", "no stated position", mark_safe('<span class="muted">—</span>')
    else:
        label = stance_label(cell.stance)
        parts = []
        if cell.unclear:
            td_class, said = " stance-unclear is-unclear", f"unclear (read as {label}, with low confidence)"
            parts.append(
                format_html(
                    '<span class="stance stance-unclear" title="Every statement behind it was read with low'
                    ' confidence: check it">Unclear</span>\n<span class="reads-as">reads as {}</span>',
                    label,
                )
            )
        else:
            td_class, said = f" stance-{cell.stance}", label
            parts.append(format_html('<span class="stance stance-{}">{}</span>', cell.stance, label))
        if cell.since:
            parts.append(format_html('<span class="since">since {}</span>', date_format(cell.since, "j M Y")))
        statement = cell.latest.statement
        parts.append(
            format_html(
                '<span class="cell-latest" title="{}">{}{}: “{}”</span>',
                statement.text,
                cell.speaker,
                " (reported)" if cell.latest.reported else "",
                Truncator(statement.text).words(14, truncate=" …"),
            )
        )
        changes = f", {cell.change_count} change{pluralize(cell.change_count)}" if cell.change_count else ""
        parts.append(
            format_html('<span class="cell-count">{} statement{}{}</span>', cell.count, pluralize(cell.count), changes)
        )
        inside = mark_safe("\n".join(parts))
    return format_html(
        '<td class="cell{}" data-party="{}" data-issue="{}"><a class="cell-link" href="{}" hx-get="{}"'
        ' hx-target="#cell-history" hx-swap="innerHTML" aria-label="{} on {}: {}">\n{}\n</a></td>',
        td_class,
        party.name,
        issue.name,
        url,
        url,
        party.name,
        issue.name,
        said,
        inside,
    )


@register.simple_tag
def matrix_cells(row, slug: str) -> str:
    """A proposals-matrix row's `<td>`s, made in Python as the grid's are (`grid_cells`): the
    answer with the claim behind it (as _claim.html writes a claim), "proposed it", "unclear",
    and links to the cell's claims and contradictions."""
    return mark_safe("\n".join(_matrix_cell(row.proposal, cell, slug) for cell in row.cells))


def _matrix_cell(proposal, cell, slug: str) -> str:
    cell_url = reverse("proposal_cell", args=[slug, proposal.pk, cell.party.pk])
    classes = "answer-unclear is-unclear" if cell.unclear else f"answer-{cell.answer or 'none'}"
    if cell.contradiction_count:
        classes += " is-contradicted"
    parts = []
    if cell.proposer:
        parts.append(mark_safe('<span class="tag proposer">proposed it</span>'))
    if cell.unclear:
        parts.append(
            mark_safe(
                '<span class="answer-label answer-unclear" title="Every claim behind it was read with low'
                ' confidence: check it">Unclear</span> reads as'
            )
        )
    if cell.latest:
        parts.append(_claim(cell.latest, cell.speaker, slug))
    elif not cell.proposer:
        parts.append(mark_safe('<span class="answer-label answer-none">no answer yet</span>'))
    if cell.contradiction_count:
        parts.append(format_html('<a class="flag" href="{}#contradictions">contradictory claims</a>', cell_url))
    if cell.claim_count > 1:
        parts.append(format_html('<a class="claims" href="{}">{} claims</a>', cell_url, cell.claim_count))
    return format_html(
        '<td class="answer-cell {}" data-party="{}" data-proposal="{}">\n{}\n</td>',
        classes,
        cell.party.name,
        proposal.name,
        mark_safe("\n".join(parts)),
    )


def _claim(claim, speaker: str, slug: str) -> str:
    """A claim as _claim.html writes it."""
    evidence, statement = claim.evidence, claim.statement
    unclear = (
        ""
        if evidence.clear
        else ' <span class="tag unclear" title="Read with a confidence below the threshold">unclear</span>'
    )
    reported = (
        ' <span class="tag" title="Someone else\'s account of this party\'s answer">reported</span>'
        if evidence.reported
        else ""
    )
    if evidence.dated:
        day = format_html('said <time datetime="{}">{}</time>', evidence.day.isoformat(), evidence.day.isoformat())
    elif evidence.day:
        day = format_html('<span class="tag undated">day not known: article of {}</span>', evidence.day.isoformat())
    else:
        day = mark_safe('<span class="tag undated">no date</span>')
    link = reverse("article_detail", args=[slug, statement.article_id]) + f"#s-{statement.pk}"
    return format_html(
        '<span class="answer-label answer-{}">{}</span>{}\n<span class="claim-by">{}{}</span>,\n{}\n'
        '<a class="claim-text" href="{}">“{}”</a>',
        claim.answer,
        answer_label(claim.answer),
        mark_safe(unclear),
        speaker or "Unknown speaker",
        mark_safe(reported),
        day,
        link,
        Truncator(statement.text).words(24, truncate=" …"),
    )


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
