"""The grid's and the matrix's cells, written in Python (`{% load cells %}`).

The template language took 0.5 s for the grid's 480 cells (12 parties on 40 issues) at 500,000
statements, and as long again for the matrix's answers; these tags write the same HTML with
f-strings. Invariant: every value from the database goes through html.escape, which is what
Django's autoescaping runs (tests/views/test_crawl.py feeds them hostile markup).
"""

import html

from django import template
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from negotiations.templatetags.parley import answer_label, stance_label

register = template.Library()


@register.simple_tag
def grid_cells(row, as_of, slug: str) -> str:
    """A grid row's `<td>`s, made in Python: the template language took half a second for the 480
    cells of 12 parties on 40 issues. Each cell links to its history (as of the grid's day), says
    the stance (or "unclear", or that there is none), since when, the latest statement and the
    counts. Every value goes through html.escape, which is what Django's escaping runs."""
    query = f"?as_of={as_of.isoformat()}" if as_of else ""
    days: dict = {}  # a day's "j M Y", formatted once per row

    def day(value) -> str:
        if value not in days:
            days[value] = date_format(value, "j M Y")
        return days[value]

    return mark_safe("\n".join(_grid_cell(row.party, issue, cell, query, slug, day) for issue, cell in row.pairs))


def _grid_cell(party, issue, cell, query: str, slug: str, day) -> str:
    e = html.escape
    url = e(reverse("position_cell", args=[slug, party.pk, issue.pk]) + query)
    if cell is None:
        td_class, said, inside = " is-empty", "no stated position", '<span class="muted">—</span>'
    else:
        label = stance_label(cell.stance)
        parts = []
        if cell.unclear:
            td_class, said = " stance-unclear is-unclear", f"unclear (read as {label}, with low confidence)"
            parts.append(
                '<span class="stance stance-unclear" title="Every statement behind it was read with low'
                f' confidence: check it">Unclear</span>\n<span class="reads-as">reads as {e(label)}</span>'
            )
        else:
            td_class, said = f" stance-{cell.stance}", label
            parts.append(f'<span class="stance stance-{e(cell.stance)}">{e(label)}</span>')
        if cell.since:
            parts.append(f'<span class="since">since {e(day(cell.since))}</span>')
        statement = cell.latest.statement
        reported = " (reported)" if cell.latest.reported else ""
        short = Truncator(statement.text).words(14, truncate=" …")
        parts.append(
            f'<span class="cell-latest" title="{e(statement.text)}">{e(cell.speaker)}{reported}: “{e(short)}”</span>'
        )
        changes = f", {cell.change_count} change{pluralize(cell.change_count)}" if cell.change_count else ""
        parts.append(f'<span class="cell-count">{cell.count} statement{pluralize(cell.count)}{changes}</span>')
        inside = "\n".join(parts)
    name, subject = e(party.name), e(issue.name)
    return (
        f'<td class="cell{e(td_class)}" data-party="{name}" data-issue="{subject}"><a class="cell-link" href="{url}"'
        f' hx-get="{url}" hx-target="#cell-history" hx-swap="innerHTML" aria-label="{name} on {subject}: {e(said)}">'
        f"\n{inside}\n</a></td>"
    )


@register.simple_tag
def matrix_cells(row, slug: str) -> str:
    """A proposals-matrix row's `<td>`s, made in Python as the grid's are (`grid_cells`): the
    answer with the claim behind it (as _claim.html writes a claim), "proposed it", "unclear",
    and links to the cell's claims and contradictions."""
    return mark_safe("\n".join(_matrix_cell(row.proposal, cell, slug) for cell in row.cells))


def _matrix_cell(proposal, cell, slug: str) -> str:
    e = html.escape
    cell_url = e(reverse("proposal_cell", args=[slug, proposal.pk, cell.party.pk]))
    classes = "answer-unclear is-unclear" if cell.unclear else f"answer-{cell.answer or 'none'}"
    if cell.contradiction_count:
        classes += " is-contradicted"
    parts = []
    if cell.proposer:
        parts.append('<span class="tag proposer">proposed it</span>')
    if cell.unclear:
        parts.append(
            '<span class="answer-label answer-unclear" title="Every claim behind it was read with low'
            ' confidence: check it">Unclear</span> reads as'
        )
    if cell.latest:
        parts.append(_claim(cell.latest, cell.speaker, slug))
    elif not cell.proposer:
        parts.append('<span class="answer-label answer-none">no answer yet</span>')
    if cell.contradiction_count:
        parts.append(f'<a class="flag" href="{cell_url}#contradictions">contradictory claims</a>')
    if cell.claim_count > 1:
        parts.append(f'<a class="claims" href="{cell_url}">{cell.claim_count} claims</a>')
    inside = "\n".join(parts)
    return (
        f'<td class="answer-cell {e(classes)}" data-party="{e(cell.party.name)}" data-proposal="{e(proposal.name)}">'
        f"\n{inside}\n</td>"
    )


def _claim(claim, speaker: str, slug: str) -> str:
    """A claim as _claim.html writes it."""
    e = html.escape
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
        day = f'said <time datetime="{evidence.day.isoformat()}">{evidence.day.isoformat()}</time>'
    elif evidence.day:
        day = f'<span class="tag undated">day not known: article of {evidence.day.isoformat()}</span>'
    else:
        day = '<span class="tag undated">no date</span>'
    link = e(reverse("article_detail", args=[slug, statement.article_id]) + f"#s-{statement.pk}")
    short = Truncator(statement.text).words(24, truncate=" …")
    return (
        f'<span class="answer-label answer-{e(claim.answer)}">{e(answer_label(claim.answer))}</span>{unclear}\n'
        f'<span class="claim-by">{e(speaker or "Unknown speaker")}{reported}</span>,\n{day}\n'
        f'<a class="claim-text" href="{link}">“{e(short)}”</a>'
    )
