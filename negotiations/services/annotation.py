"""Every change a person makes to statements goes through here; views parse a form, call one
`do_*` action and render what it returns.

Each action is one transaction. It locks the statement, checks the version the person was looking
at (an edit made against an older version raises `AnnotationConflict` instead of silently undoing
someone else's), writes `StatementAnnotation`, and logs one `AnnotationRevision` per field that
changed. Nothing else writes those two models: the admin shows them read-only.

Values are compared and logged as readers see them (`Statement.effective`), so a revision reads
"party: Norland -> Sudmark" even when Norland came from the extractor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction

from negotiations.models import (
    Actor,
    AnnotationRevision,
    Article,
    Issue,
    Negotiation,
    Party,
    Proposal,
    Stance,
    Statement,
    StatementAnnotation,
)
from negotiations.services import placements

EDITABLE = (
    *("speaker", "actor", "party", "said_on", "kind", "issues", "stance", "target", "proposal"),
    # Another party's stance the content reports ("Blinken said Israel had accepted the proposal"):
    # positions and answers take it as that party's, so people correct or delete it like the rest.
    *("reported_party", "reported_stance", "reported_target"),
    "note",
)
# Fields where "none" is itself an answer: a flag tells a person's None from "not set".
SET_FLAGS = {
    "actor": "actor_set",
    "party": "party_set",
    "said_on": "said_on_set",
    "issues": "issues_set",
    "proposal": "proposal_set",
    "reported_party": "reported_party_set",
}


class AnnotationError(ValueError):
    """Input a person can fix; the message is shown to them as is."""


class AnnotationConflict(Exception):
    """Someone else saved the statement since the version the person was looking at.

    `annotation` is the row as it is now (None if there still is none), `revisions` the changes
    made since that version, oldest first.
    """

    def __init__(self, annotation: StatementAnnotation | None, revisions: Iterable[AnnotationRevision] = ()) -> None:
        self.annotation = annotation
        self.changed_by = annotation.updated_by if annotation is not None else None
        self.changed_at = annotation.updated_at if annotation is not None else None
        self.revisions = list(revisions)
        who = self.changed_by.get_username() if self.changed_by is not None else "Someone"
        super().__init__(
            f"{who} changed this statement after you opened it. Look at their change, then make yours again."
        )


def revision_value(field: str, value: Any) -> Any:
    """`value` as AnnotationRevision.old_value/new_value stores it: plain JSON, readable without joins."""
    if value is None:
        return None
    if field == "issues":
        return [issue.name for issue in sorted(value, key=lambda issue: (issue.position, issue.name))]
    if isinstance(value, Actor | Party | Issue | Proposal):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # TextChoices members (kind, status) become their bare code.
        return str(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {key: revision_value(key, item) for key, item in value.items()}
    raise TypeError(f"no revision value for {field}={value!r}")


def untouched_fields(conflict: AnnotationConflict, submitted: dict[str, Any]) -> set[str]:
    """The fields the other person changed that this person left as they found them.

    Saving again after a conflict should take the other person's values for those, not write
    back the stale ones still in this person's form; a field both changed is theirs to decide.
    The first revision of a field since this person's version holds the value they were shown.
    """
    seen: dict[str, Any] = {}
    for revision in conflict.revisions:
        seen.setdefault(revision.field, revision.old_value)
    return {
        field
        for field, shown in seen.items()
        if field in submitted and revision_value(field, submitted[field]) == shown
    }


def do_annotate_statement(
    statement: Statement, *, user, changes: dict[str, Any], expected_version: int
) -> StatementAnnotation:
    """Make `changes` (field of EDITABLE -> the effective value readers should see) the statement's.

    Only fields whose value differs from the effective one are written, each with one revision,
    and the version goes up by one. With nothing to change, nothing is written: the existing
    annotation comes back, or an unsaved one with version 0 if there is none.
    """
    expected = _version(expected_version)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise AnnotationError(f"These cannot be changed: {', '.join(map(str, unknown))}.")
    negotiation_id = _negotiation_id(statement)
    wanted = {field: _clean(field, value, negotiation_id) for field, value in changes.items()}

    with transaction.atomic():
        locked, annotation = _lock(statement, expected)
        effective = locked.effective
        before = {field: getattr(effective, field) for field in EDITABLE}
        # In EDITABLE's order, so that the log reads the same whatever order a form sent.
        changed = {f: wanted[f] for f in EDITABLE if f in wanted and not _same(f, before[f], wanted[f])}
        _check_report({**before, **changed})
        if not changed:
            return annotation if annotation is not None else StatementAnnotation(statement=locked)
        if annotation is None:
            annotation = _create_annotation(locked, expected)
        for field, value in changed.items():
            if field == "issues":
                annotation.issues.set(value)
            else:
                setattr(annotation, field, value)
            if field in SET_FLAGS:
                setattr(annotation, SET_FLAGS[field], True)
        _save(annotation, user)
        _log(
            locked,
            annotation,
            user,
            [(f, revision_value(f, before[f]), revision_value(f, new)) for f, new in changed.items()],
        )
    return _attach(statement, annotation)


def do_set_status(statement: Statement, *, user, status: str, expected_version: int) -> StatementAnnotation:
    """Confirm or reject the statement, or take the verdict back (unreviewed).

    Setting the status it already has writes nothing, as in do_annotate_statement.
    """
    expected = _version(expected_version)
    if status not in StatementAnnotation.Status.values:
        raise AnnotationError(f"Unknown status: {status!r}.")
    status = StatementAnnotation.Status(status)

    with transaction.atomic():
        locked, annotation = _lock(statement, expected)
        before = annotation.status if annotation is not None else StatementAnnotation.Status.UNREVIEWED
        if before == status:
            return annotation if annotation is not None else StatementAnnotation(statement=locked)
        if annotation is None:
            annotation = _create_annotation(locked, expected)
        annotation.status = status
        _save(annotation, user)
        _log(locked, annotation, user, [("status", revision_value("status", before), revision_value("status", status))])
    return _attach(statement, annotation)


def do_add_statement(
    article: Article,
    *,
    user,
    start: int,
    end: int,
    kind: str,
    speaker: str = "",
    actor: Actor | None = None,
    party: Party | None = None,
    said_on: date | None = None,
    issues: Iterable[Issue] = (),
    stance: str = Stance.NEUTRAL,
    target: str = "",
    proposal: Proposal | None = None,
    reported_party: Party | None = None,
    reported_stance: str = "",
    reported_target: str = "",
    note: str = "",
) -> Statement:
    """Add a statement the extractor missed: article.text[start:end], whitespace around it trimmed.

    It is stored as origin=manual (re-extraction never touches those) and confirmed, at version 1.
    Its party defaults to the actor's.
    """
    negotiation_id = article.negotiation_id
    kind = _clean("kind", kind, negotiation_id)
    speaker = _clean_speaker(speaker, Statement)
    actor = _clean("actor", actor, negotiation_id)
    party = _clean("party", party, negotiation_id)
    said_on = _clean("said_on", said_on, negotiation_id)
    issues = _clean("issues", issues, negotiation_id)
    stance = _clean("stance", stance, negotiation_id)
    target = _clean("target", target, negotiation_id)
    proposal = _clean("proposal", proposal, negotiation_id)
    reported_party = _clean("reported_party", reported_party, negotiation_id)
    reported_stance = _clean("reported_stance", reported_stance, negotiation_id)
    reported_target = _clean("reported_target", reported_target, negotiation_id)
    _check_report({"reported_party": reported_party, "reported_stance": reported_stance})
    note = _clean("note", note, negotiation_id)
    if party is None and actor is not None:
        party = actor.party

    with transaction.atomic():
        # Serialises additions to one article, so that two people adding the same span make one statement.
        no_key = connection.features.has_select_for_no_key_update
        try:
            text = Article.objects.select_for_update(no_key=no_key).values_list("text", flat=True).get(pk=article.pk)
        except Article.DoesNotExist:
            raise AnnotationError("This article no longer exists.") from None
        start, end = _span(text, start, end)
        if Statement.objects.visible().filter(article_id=article.pk, start=start, end=end).exists():
            raise AnnotationError("That text is already a statement.")
        statement = Statement.objects.create(
            article=article,
            origin=Statement.Origin.MANUAL,
            text=text[start:end],
            start=start,
            end=end,
            kind=kind,
            speaker=speaker,
            speaker_text=speaker,
            actor=actor,
            party=party,
            said_on=said_on,
            stance=stance,
            target=target,
            proposal=proposal,
            reported_party=reported_party,
            reported_stance=reported_stance,
            reported_target=reported_target,
            confidence=1.0,
            stance_confidence=1.0,
        )
        statement.issues.set(issues)
        annotation = StatementAnnotation(statement=statement, status=StatementAnnotation.Status.CONFIRMED, note=note)
        _save(annotation, user)
        created = {
            "text": statement.text,
            "start": start,
            "end": end,
            "kind": kind,
            "speaker": speaker,
            "actor": actor,
            "party": party,
            "said_on": said_on,
            "issues": issues,
            "stance": stance,
            "target": target,
            "proposal": proposal,
            # Only when there is one: most statements report nobody's stance.
            **(
                {
                    "reported_party": reported_party,
                    "reported_stance": reported_stance,
                    "reported_target": reported_target,
                }
                if reported_stance
                else {}
            ),
            "note": note,
        }
        _log(statement, annotation, user, [("created", None, revision_value("created", created))])
    return statement


def _version(expected_version: Any) -> int:
    # Views pass what a form posted back: a string is fine, anything else is a broken form.
    if isinstance(expected_version, bool):
        raise AnnotationError("The form's version is not a number: reload the page.")
    try:
        return int(expected_version)
    except (TypeError, ValueError):
        raise AnnotationError("The form's version is not a number: reload the page.") from None


def _negotiation_id(statement: Statement) -> int:
    return Article.objects.values_list("negotiation_id", flat=True).get(pk=statement.article_id)


def _clean(field: str, value: Any, negotiation_id: int) -> Any:
    """The value of `changes[field]` in the form it is stored and compared in, or AnnotationError."""
    if field == "speaker":
        return _clean_speaker(value, StatementAnnotation)
    if field in ("actor", "party", "proposal", "reported_party"):
        model = {"actor": Actor, "party": Party, "proposal": Proposal, "reported_party": Party}[field]
        if value is None:
            return None
        if not isinstance(value, model):
            raise AnnotationError(f"Not a {field}: {value!r}.")
        _same_negotiation(value, negotiation_id)
        return value
    if field == "said_on":
        # A datetime is a date too, but a time of day would never compare equal to the stored day.
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise AnnotationError(f"Not a date: {value!r}.")
        return value
    if field == "kind":
        if value not in Statement.Kind.values:
            raise AnnotationError(f"Unknown kind of statement: {value!r}.")
        return str(Statement.Kind(value))
    if field == "issues":
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise AnnotationError(f"Not a list of issues: {value!r}.")
        issues: dict[int, Issue] = {}
        for issue in value:
            if not isinstance(issue, Issue):
                raise AnnotationError(f"Not an issue: {issue!r}.")
            _same_negotiation(issue, negotiation_id)
            issues[issue.pk] = issue
        return sorted(issues.values(), key=lambda issue: (issue.position, issue.name))
    if field == "stance":
        if value not in Stance.values:
            raise AnnotationError(f"Unknown stance: {value!r}.")
        return str(Stance(value))
    if field == "reported_stance":
        # "" is an answer here: the content reports no stance (a person deleted a wrong one).
        if value != "" and value not in Stance.values:
            raise AnnotationError(f"Unknown reported stance: {value!r}.")
        return str(Stance(value)) if value else ""
    if field in ("target", "reported_target"):
        if not isinstance(value, str):
            raise AnnotationError(f"Not a target: {value!r}.")
        value = value.strip()
        if value and value not in target_names(negotiation_id):
            raise AnnotationError(f"{value} is not an issue, a proposal or a party of this negotiation.")
        return value
    if field == "note":
        if not isinstance(value, str):
            raise AnnotationError(f"Not a note: {value!r}.")
        return value
    raise AnnotationError(f"This cannot be changed: {field}.")


def _check_report(values: Mapping[str, Any]) -> None:
    """A reported stance is some party's: "reports accepts" without whose would place nobody."""
    if values.get("reported_stance") and values.get("reported_party") is None:
        raise AnnotationError("A reported stance needs the party whose stance it is.")


def target_names(negotiation_id: int) -> set[str]:
    """What a stance can be toward: the negotiation's issues, proposals and parties, by name."""
    names: set[str] = set()
    for model in (Issue, Proposal, Party):
        names.update(model.objects.filter(negotiation_id=negotiation_id).values_list("name", flat=True))
    return names


def _clean_speaker(value: Any, model: type[Statement] | type[StatementAnnotation]) -> str:
    if not isinstance(value, str):
        raise AnnotationError(f"Not a speaker: {value!r}.")
    # What readers see: " Varga" is Varga, and must not count as a change.
    value = value.strip()
    limit = model._meta.get_field("speaker").max_length
    if len(value) > limit:
        raise AnnotationError(f"The speaker is longer than {limit} characters.")
    return value


def _same_negotiation(value: Actor | Party | Issue | Proposal, negotiation_id: int) -> None:
    if value.negotiation_id != negotiation_id:
        raise AnnotationError(f"{value.name} belongs to another negotiation.")


def _same(field: str, old: Any, new: Any) -> bool:
    if field == "issues":
        return {issue.pk for issue in old} == {issue.pk for issue in new}
    return old == new


def _span(text: str, start: Any, end: Any) -> tuple[int, int]:
    if not all(isinstance(offset, int) and not isinstance(offset, bool) for offset in (start, end)):
        raise AnnotationError("The selection's offsets are not numbers.")
    if not 0 <= start < end <= len(text):
        raise AnnotationError(f"The selection {start}-{end} is not within the article's text (0-{len(text)}).")
    chunk = text[start:end]
    if not chunk.strip():
        raise AnnotationError("The selection holds no text.")
    return start + len(chunk) - len(chunk.lstrip()), end - (len(chunk) - len(chunk.rstrip()))


def _lock(statement: Statement, expected: int) -> tuple[Statement, StatementAnnotation | None]:
    """The statement and its annotation, fresh and locked, if `expected` is still their version.

    Locking the statement rather than only the annotation also serialises the first edit of a
    statement, which has no annotation row to lock yet.
    """
    no_key = connection.features.has_select_for_no_key_update
    try:
        locked = Statement.objects.select_for_update(no_key=no_key).get(pk=statement.pk)
    except Statement.DoesNotExist:
        raise AnnotationError("This statement no longer exists: its article was extracted again.") from None
    annotation = StatementAnnotation.objects.select_for_update(no_key=no_key).filter(statement=locked).first()
    # Makes locked.effective read this row instead of querying again.
    Statement.annotation.related.set_cached_value(locked, annotation)
    if (annotation.version if annotation is not None else 0) != expected:
        raise _conflict(locked.pk, expected)
    return locked, annotation


def _create_annotation(statement: Statement, expected: int) -> StatementAnnotation:
    try:
        # A savepoint: after the IntegrityError the transaction must still serve _conflict's reads.
        with transaction.atomic():
            return StatementAnnotation.objects.create(statement=statement)
    except IntegrityError:
        # Someone who did not lock the statement created the row meanwhile.
        raise _conflict(statement.pk, expected) from None


def _conflict(statement_id: int, expected: int) -> AnnotationConflict:
    annotation = StatementAnnotation.objects.select_related("updated_by").filter(statement_id=statement_id).first()
    revisions = AnnotationRevision.objects.filter(statement_id=statement_id, version__gt=expected)
    return AnnotationConflict(annotation, revisions.select_related("user").order_by("version", "id"))


def _save(annotation: StatementAnnotation, user) -> None:
    """Save a person's change, the last write of every action here, and bring the grid and the
    matrix up to date with it in the same transaction."""
    annotation.version += 1
    annotation.updated_by = user
    annotation.save()
    statement = annotation.statement
    placements.refresh(Negotiation(pk=_negotiation_id(statement)), statements=[statement.pk])


def _log(statement: Statement, annotation: StatementAnnotation, user, entries: list[tuple[str, Any, Any]]) -> None:
    AnnotationRevision.objects.bulk_create(
        AnnotationRevision(
            statement=statement, user=user, version=annotation.version, field=field, old_value=old, new_value=new
        )
        for field, old, new in entries
    )


def _attach(statement: Statement, annotation: StatementAnnotation) -> StatementAnnotation:
    # The caller's statement shows the change at once (views render it right after the action).
    annotation.statement = statement
    return annotation
