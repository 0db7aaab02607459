"""Load a negotiation's setup file (formats.md §1) into the database.

The file is the truth for what it says: loading it again updates the negotiation in place
(matched by slug; parties, actors, issues and proposals by name) and syncs their aliases. Nothing
is ever deleted: a party, actor, issue or proposal that left the file may still be what statements
and hand annotations point at, so it is kept and reported.

Parsing walks the nodes of `yaml.compose()` rather than the loaded Python values, so that every
problem is reported with the file and the line it is on.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.core.validators import slug_re
from django.db import transaction
from django.db.models import Model, Prefetch
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from negotiations.models import (
    Actor,
    Alias,
    Issue,
    Negotiation,
    Party,
    Proposal,
    SetupChange,
    Statement,
    StatementAnnotation,
)
from negotiations.services import placements
from negotiations.services.sources import clean_line, clean_text

NULL_TAG = "tag:yaml.org,2002:null"
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")

TOP_KEYS = ("slug", "title", "description", "parties", "issues", "proposals")
PARTY_KEYS = ("name", "kind", "aliases", "actors")
ACTOR_KEYS = ("name", "title", "aliases")
ISSUE_KEYS = ("name", "description", "aliases")
PROPOSAL_KEYS = ("name", "by", "date", "aliases")

# The models' max_length, checked here so that a long value fails with its line, not in the database.
SLUG_MAX = Negotiation._meta.get_field("slug").max_length
TITLE_MAX = Negotiation._meta.get_field("title").max_length
NAME_MAX = Party._meta.get_field("name").max_length
ACTOR_TITLE_MAX = Actor._meta.get_field("title").max_length
PROPOSAL_NAME_MAX = Proposal._meta.get_field("name").max_length
ALIAS_MAX = Alias._meta.get_field("text").max_length


class SetupError(Exception):
    """A setup file that cannot be loaded. The message starts with `file:line:`.

    `problem` is the message without that place, for a form that edited one field: there the
    place is the field, not a line of a file the person never saw.
    """

    def __init__(self, message: str, problem: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem if problem is not None else message


@dataclass(frozen=True)
class ActorSpec:
    name: str
    title: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PartySpec:
    name: str
    kind: str
    aliases: tuple[str, ...]
    actors: tuple[ActorSpec, ...]


@dataclass(frozen=True)
class IssueSpec:
    name: str
    description: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ProposalSpec:
    name: str
    by: str | None
    date: date | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class NegotiationSpec:
    """A setup file's content, checked: every name it refers to exists in it."""

    slug: str
    title: str
    description: str
    parties: tuple[PartySpec, ...]
    issues: tuple[IssueSpec, ...]
    proposals: tuple[ProposalSpec, ...]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadResult:
    negotiation: Negotiation
    negotiation_created: bool
    negotiation_updated: bool
    counts: dict[str, Counts] = field(
        default_factory=lambda: {kind: Counts() for kind in ("parties", "actors", "issues", "proposals")}
    )
    aliases_added: int = 0
    aliases_removed: int = 0
    # Things of the negotiation that the file no longer lists, e.g. "party 'Jordan'".
    kept: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        if self.negotiation_created:
            what = "Created"
        elif self.negotiation_updated:
            what = "Updated"
        else:
            what = "Loaded"
        lines = [f"{what} negotiation '{self.negotiation.slug}': {self.negotiation.title}"]
        for kind, counts in self.counts.items():
            lines.append(f"  {kind}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged")
        lines.append(f"  aliases: {self.aliases_added} added, {self.aliases_removed} removed")
        if self.kept:
            lines.append(f"  kept, not in the file any more: {', '.join(self.kept)}")
        return lines


def load_negotiation_file(path: str | Path) -> LoadResult:
    """Load a setup file; errors (SetupError) name the file as given and the line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SetupError(f"{path}: cannot read the file: {error}") from error
    return load_negotiation_data(text, filename=str(path))


def load_negotiation_data(text: str, filename: str = "<setup>") -> LoadResult:
    """Load a setup file's text; `filename` is what error messages call it."""
    spec = parse_negotiation(text, filename)
    with transaction.atomic():
        return _apply(spec)


# Parsing


class _Invalid(Exception):
    """A problem at a node; parse_negotiation adds the file name."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.line = _line(node)
        self.message = message


def parse_negotiation(text: str, filename: str = "<setup>") -> NegotiationSpec:
    """Check a setup file's text and return its content, or raise SetupError naming file:line."""
    try:
        root = yaml.compose(text, Loader=_DepthLimitedLoader)
    except yaml.MarkedYAMLError as error:
        raise SetupError(_syntax_message(error, filename)) from error
    except yaml.YAMLError as error:
        raise SetupError(f"{filename}:1: not YAML: {error}") from error
    if root is None:
        raise SetupError(f"{filename}:1: the file is empty (expected slug, title, parties, issues)")
    try:
        return _negotiation(root)
    except _Invalid as error:
        raise SetupError(f"{filename}:{error.line}: {error.message}", error.message) from error


MAX_DEPTH = 50


class _DepthLimitedLoader(yaml.SafeLoader):
    """SafeLoader that refuses nesting deeper than MAX_DEPTH where it starts.

    PyYAML composes nodes recursively: "parties: [[[[...", 20,000 deep, was a RecursionError
    traceback. A setup file needs five levels; the error names the line like any syntax error.
    """

    depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _syntax_message(error: yaml.MarkedYAMLError, filename: str) -> str:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    message = f"{filename}:{line}: YAML syntax error: {error.problem or error.context}"
    if mark:
        message += f" (column {mark.column + 1})"
    # The scanner often notices a mistake a line after it was made: say where it started looking.
    if error.context and error.context_mark and error.problem:
        message += f", {error.context} on line {error.context_mark.line + 1}"
    return message


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL_TAG)


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{node.value}'"


def _name_of(node: Node) -> str | None:
    """The `name` of a mapping before it is checked, to say which thing a problem is in."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "name" and isinstance(value, ScalarNode):
                return value.value.strip() or None
    return None


def _label(kind: str, node: Node, number: int) -> str:
    name = _name_of(node)
    return f"{kind} '{name}'" if name else f"{kind} #{number}"


def _fields(node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Node]:
    """The value nodes of a mapping, after checking its keys."""
    if not isinstance(node, MappingNode):
        raise _Invalid(node, f"{what} must be a mapping of keys ({', '.join(allowed)}), not {_describe(node)}")
    keys: dict[str, Node] = {}
    values: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise _Invalid(key_node, f"a key of {what} is {_describe(key_node)}, expected a word")
        key = key_node.value
        if key in keys:
            raise _Invalid(key_node, f"duplicate key '{key}' in {what} (first on line {_line(keys[key])})")
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            raise _Invalid(key_node, f"unknown key '{key}' in {what} (expected one of: {expected})")
        keys[key] = key_node
        values[key] = value_node
    for key in required:
        if key not in values:
            raise _Invalid(node, f"{what} has no '{key}'")
        if _is_null(values[key]):
            raise _Invalid(keys[key], f"'{key}' of {what} is empty")
    return values


def _text(
    node: Node | None, what: str, max_length: int | None = None, required: bool = False, lines: bool = False
) -> str:
    if _is_null(node):
        if required:
            raise _Invalid(node, f"{what} is empty")
        return ""
    if not isinstance(node, ScalarNode):
        raise _Invalid(node, f"{what} must be text, not {_describe(node)}")
    # The text as written: `name: 1948` is the name "1948", not a number. Control characters, which
    # a quoted YAML string or a form can carry ("Norland\x00"), are cleaned as in articles; only
    # a description keeps its line breaks.
    value = (clean_text(node.value) if lines else clean_line(node.value)).strip()
    if required and not value:
        raise _Invalid(node, f"{what} is empty")
    if max_length is not None and len(value) > max_length:
        raise _Invalid(node, f"{what} is longer than {max_length} characters")
    return value


def _items(node: Node | None, what: str) -> list[Node]:
    if _is_null(node):
        return []
    if not isinstance(node, SequenceNode):
        raise _Invalid(node, f"{what} must be a list (one '- ' item a line), not {_describe(node)}")
    return node.value


def _aliases(node: Node | None, what: str) -> tuple[str, ...]:
    if node is not None and isinstance(node, ScalarNode) and not _is_null(node):
        raise _Invalid(node, f"aliases of {what} must be a list, e.g. [{node.value}], not '{node.value}'")
    aliases: list[str] = []
    for item in _items(node, f"aliases of {what}"):
        alias = _text(item, f"an alias of {what}", ALIAS_MAX, required=True)
        if alias not in aliases:
            aliases.append(alias)
    return tuple(aliases)


def _date(node: Node | None, what: str) -> date | None:
    if _is_null(node):
        return None
    text = _text(node, what)
    try:
        if not DATE_RE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise _Invalid(node, f"bad date '{text}' for {what} (expected YYYY-MM-DD)") from None


class _Names:
    """Names of one kind seen so far, to report a duplicate with both its lines."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.lines: dict[str, int] = {}

    def add(self, name: str, node: Node) -> None:
        if name in self.lines:
            raise _Invalid(node, f"duplicate {self.kind} name '{name}' (first on line {self.lines[name]})")
        self.lines[name] = _line(node)


def _negotiation(root: Node) -> NegotiationSpec:
    top = _fields(root, "the setup", TOP_KEYS, required=("slug", "title"))
    slug = _text(top["slug"], "slug", SLUG_MAX, required=True)
    if not slug_re.match(slug):
        raise _Invalid(top["slug"], f"bad slug '{slug}' (use only letters, digits, '-' and '_')")
    title = _text(top["title"], "title", TITLE_MAX, required=True)
    description = _text(top.get("description"), "description", lines=True)

    party_names = _Names("party")
    actor_names = _Names("actor")
    parties = []
    for number, node in enumerate(_items(top.get("parties"), "parties"), start=1):
        party = _party(node, number, actor_names)
        party_names.add(party.name, node)
        parties.append(party)

    issue_names = _Names("issue")
    issues = []
    for number, node in enumerate(_items(top.get("issues"), "issues"), start=1):
        label = _label("issue", node, number)
        values = _fields(node, label, ISSUE_KEYS, required=("name",))
        issue = IssueSpec(
            name=_text(values["name"], f"the name of {label}", NAME_MAX, required=True),
            description=_text(values.get("description"), f"the description of {label}", lines=True),
            aliases=_aliases(values.get("aliases"), label),
        )
        issue_names.add(issue.name, node)
        issues.append(issue)

    proposal_names = _Names("proposal")
    proposals = []
    for number, node in enumerate(_items(top.get("proposals"), "proposals"), start=1):
        label = _label("proposal", node, number)
        values = _fields(node, label, PROPOSAL_KEYS, required=("name",))
        name = _text(values["name"], f"the name of {label}", PROPOSAL_NAME_MAX, required=True)
        by = _text(values.get("by"), f"'by' of {label}") or None
        if by is not None and by not in party_names.lines:
            known = ", ".join(party_names.lines) or "none"
            raise _Invalid(values["by"], f"'by' of {label} names no party: '{by}' (parties: {known})")
        proposal = ProposalSpec(
            name=name,
            by=by,
            date=_date(values.get("date"), label),
            aliases=_aliases(values.get("aliases"), label),
        )
        proposal_names.add(proposal.name, node)
        proposals.append(proposal)

    return NegotiationSpec(
        slug=slug,
        title=title,
        description=description,
        parties=tuple(parties),
        issues=tuple(issues),
        proposals=tuple(proposals),
    )


def _party(node: Node, number: int, actor_names: _Names) -> PartySpec:
    label = _label("party", node, number)
    values = _fields(node, label, PARTY_KEYS, required=("name",))
    name = _text(values["name"], f"the name of {label}", NAME_MAX, required=True)
    kind = _text(values.get("kind"), f"the kind of {label}") or Party.Kind.PARTY
    if kind not in Party.Kind.values:
        expected = " | ".join(Party.Kind.values)
        raise _Invalid(values["kind"], f"bad kind '{kind}' for {label} (expected {expected})")
    aliases = _aliases(values.get("aliases"), label)
    actors = []
    for actor_number, actor_node in enumerate(_items(values.get("actors"), f"actors of {label}"), start=1):
        actor_label = f"{_label('actor', actor_node, actor_number)} of {label}"
        actor_values = _fields(actor_node, actor_label, ACTOR_KEYS, required=("name",))
        actor = ActorSpec(
            name=_text(actor_values["name"], f"the name of {actor_label}", NAME_MAX, required=True),
            title=_text(actor_values.get("title"), f"the title of {actor_label}", ACTOR_TITLE_MAX),
            aliases=_aliases(actor_values.get("aliases"), actor_label),
        )
        actor_names.add(actor.name, actor_node)
        actors.append(actor)
    return PartySpec(name=name, kind=kind, aliases=aliases, actors=tuple(actors))


# Writing


def _update(obj: Model, **values: object) -> bool:
    """Set the values that differ and save only those; True when something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        # auto_now fields are only written when named.
        extra = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=changed + extra)
    return bool(changed)


class _AliasSync:
    """Collects alias changes of the whole file, to write them in two queries."""

    def __init__(self, negotiation: Negotiation, *, every_alias_listed: bool = False) -> None:
        self.negotiation = negotiation
        self.every_alias_listed = every_alias_listed
        self.existing: dict[tuple[str, int], list[Alias]] = defaultdict(list)
        for alias in Alias.objects.filter(negotiation=negotiation).order_by("id"):
            for kind in ("party", "actor", "issue", "proposal"):
                target_id = getattr(alias, f"{kind}_id")
                if target_id is not None:
                    self.existing[kind, target_id].append(alias)
        self.to_create: list[Alias] = []
        self.to_delete: list[int] = []

    def sync(self, kind: str, target: Model, wanted: tuple[str, ...]) -> bool:
        """Make `target`'s aliases of the file those of the file; True when they change.

        A merge's aliases stay whatever the file says: "Brava paper", the words of a proposal
        someone merged into this one, is how the extractor keeps finding this one under them. A
        setup edit made on the web starts from a document that lists every alias, the merge's
        too (`every_alias_listed`): one missing there is one a person took out, so it goes.
        """
        seen: set[str] = set()
        removed = False
        for alias in self.existing[kind, target.pk]:
            if alias.text in wanted and alias.text not in seen:
                seen.add(alias.text)
            elif alias.origin != Alias.Origin.MERGE or self.every_alias_listed:
                self.to_delete.append(alias.pk)
                removed = True
        new = [text for text in wanted if text not in seen]
        self.to_create.extend(Alias(negotiation=self.negotiation, text=text, **{kind: target}) for text in new)
        return bool(new) or removed

    def write(self, result: LoadResult) -> None:
        Alias.objects.filter(pk__in=self.to_delete).delete()
        Alias.objects.bulk_create(self.to_create)
        result.aliases_added = len(self.to_create)
        result.aliases_removed = len(self.to_delete)


def _count(result: LoadResult, kind: str, created: bool, updated: bool) -> None:
    counts = result.counts[kind]
    if created:
        counts.created += 1
    elif updated:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _apply(spec: NegotiationSpec, *, every_alias_listed: bool = False) -> LoadResult:
    negotiation, created = Negotiation.objects.get_or_create(
        slug=spec.slug, defaults={"title": spec.title, "description": spec.description}
    )
    updated = not created and _update(negotiation, title=spec.title, description=spec.description)
    result = LoadResult(negotiation=negotiation, negotiation_created=created, negotiation_updated=updated)
    aliases = _AliasSync(negotiation, every_alias_listed=every_alias_listed)
    targets_before = placements.target_names(negotiation)

    parties = {party.name: party for party in negotiation.parties.all()}
    for position, party_spec in enumerate(spec.parties):
        party = parties.get(party_spec.name)
        is_new = party is None
        if party is None:
            party = Party.objects.create(
                negotiation=negotiation, name=party_spec.name, kind=party_spec.kind, position=position
            )
            parties[party.name] = party
        changed = not is_new and _update(party, kind=party_spec.kind, position=position)
        changed = aliases.sync("party", party, party_spec.aliases) or changed
        _count(result, "parties", is_new, changed)
    _keep_after(
        result,
        "party",
        [p for p in parties.values() if p.name not in {s.name for s in spec.parties}],
        len(spec.parties),
    )

    actors = {actor.name: actor for actor in negotiation.actors.all()}
    actor_specs = [
        (actor_spec, parties[party_spec.name]) for party_spec in spec.parties for actor_spec in party_spec.actors
    ]
    for actor_spec, party in actor_specs:
        actor = actors.get(actor_spec.name)
        is_new = actor is None
        if actor is None:
            actor = Actor.objects.create(
                negotiation=negotiation, name=actor_spec.name, title=actor_spec.title, party=party
            )
        changed = not is_new and _update(actor, title=actor_spec.title, party_id=party.pk)
        changed = aliases.sync("actor", actor, actor_spec.aliases) or changed
        _count(result, "actors", is_new, changed)
    in_file = {actor_spec.name for actor_spec, _ in actor_specs}
    result.kept += [f"actor '{name}'" for name in actors if name not in in_file]

    issues = {issue.name: issue for issue in negotiation.issues.all()}
    for position, issue_spec in enumerate(spec.issues):
        issue = issues.get(issue_spec.name)
        is_new = issue is None
        if issue is None:
            issue = Issue.objects.create(
                negotiation=negotiation, name=issue_spec.name, description=issue_spec.description, position=position
            )
        changed = not is_new and _update(issue, description=issue_spec.description, position=position)
        changed = aliases.sync("issue", issue, issue_spec.aliases) or changed
        _count(result, "issues", is_new, changed)
    in_file = {issue_spec.name for issue_spec in spec.issues}
    _keep_after(result, "issue", [i for i in issues.values() if i.name not in in_file], len(spec.issues))

    proposals = {proposal.name: proposal for proposal in negotiation.proposals.all()}
    for proposal_spec in spec.proposals:
        proposal = proposals.get(proposal_spec.name)
        is_new = proposal is None
        party_id = parties[proposal_spec.by].pk if proposal_spec.by else None
        values = {"party_id": party_id, "date": proposal_spec.date, "origin": Proposal.Origin.SETUP}
        if proposal is None:
            proposal = Proposal.objects.create(negotiation=negotiation, name=proposal_spec.name, **values)
        # A proposal first found in an article becomes setup data once the file lists it.
        changed = not is_new and _update(proposal, **values)
        changed = aliases.sync("proposal", proposal, proposal_spec.aliases) or changed
        _count(result, "proposals", is_new, changed)
    in_file = {proposal_spec.name for proposal_spec in spec.proposals}
    # Proposals found in articles or added by hand were never in the file: not worth a mention.
    result.kept += [
        f"proposal '{p.name}'"
        for p in proposals.values()
        if p.name not in in_file and p.origin == Proposal.Origin.SETUP
    ]

    aliases.write(result)
    # A stance toward "Kell dam" places its party once the setup names an issue so.
    placements.refresh_named(negotiation, placements.target_names(negotiation) - targets_before)
    return result


def _keep_after(result: LoadResult, kind: str, kept: Sequence[Party | Issue], first_position: int) -> None:
    """Report things the file dropped, and move them after the file's ones so positions stay unique."""
    for offset, obj in enumerate(sorted(kept, key=lambda o: (o.position, o.name))):
        _update(obj, position=first_position + offset)
        result.kept.append(f"{kind} '{obj.name}'")


# The setup as a file again, and changes made from the web.
#
# The setup page, its YAML download and upload, and load_negotiation share everything below
# `parse_negotiation`: a change made in a form is applied to the setup as a document, the
# document is written out as YAML and parsed back, so a form gets exactly the messages that a
# hand-written file would, and `_apply` writes it. Nothing here deletes anything either.

logger = logging.getLogger("parley.setup")

KINDS = ("negotiation", "party", "actor", "issue", "proposal")


def setup_filename(negotiation: Negotiation | str) -> str:
    """The name the download gets, and that upload errors call a file without a name."""
    slug = negotiation if isinstance(negotiation, str) else negotiation.slug
    return f"{slug}.yaml"


def _alias_texts(obj: Model) -> list[str]:
    return [alias.text for alias in obj.aliases.all()]


def _without_empty(item: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the file may leave out, as a person writing it would (no `aliases: []`)."""
    return {key: value for key, value in item.items() if key == "name" or value not in ("", None, [], ())}


def setup_data(negotiation: Negotiation) -> dict[str, Any]:
    """The negotiation's setup as the document a setup file holds (formats.md §1).

    Parties and issues in their order, actors and aliases in the order they were added. Only the
    proposals of the setup: those found in articles or added by hand are not part of it (loading
    a file that listed them would make them setup proposals). Six queries, whatever the size.
    """
    aliases = Prefetch("aliases", queryset=Alias.objects.order_by("id"))
    parties = list(negotiation.parties.order_by("position", "name").prefetch_related(aliases))
    actors_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for actor in negotiation.actors.filter(party__isnull=False).order_by("id").prefetch_related(aliases):
        item = {"name": actor.name, "title": actor.title, "aliases": _alias_texts(actor)}
        actors_of[actor.party_id].append(_without_empty(item))
    party_names = {party.pk: party.name for party in parties}
    data: dict[str, Any] = {"slug": negotiation.slug, "title": negotiation.title}
    if negotiation.description:
        data["description"] = negotiation.description
    data["parties"] = [
        _without_empty({"name": p.name, "kind": p.kind, "aliases": _alias_texts(p), "actors": actors_of.get(p.pk, [])})
        for p in parties
    ]
    data["issues"] = [
        _without_empty({"name": i.name, "description": i.description, "aliases": _alias_texts(i)})
        for i in negotiation.issues.order_by("position", "name").prefetch_related(aliases)
    ]
    proposals = negotiation.proposals.filter(origin=Proposal.Origin.SETUP).order_by("id").prefetch_related(aliases)
    data["proposals"] = [
        _without_empty({"name": p.name, "by": party_names.get(p.party_id), "date": p.date, "aliases": _alias_texts(p)})
        for p in proposals
    ]
    return data


class _SetupDumper(yaml.SafeDumper):
    """Block style for the structure, flow style for lists of words: `aliases: [U.S., US]`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # List items indented under their key, as in the seed files ("parties:\n  - name: ...").
        return super().increase_indent(flow, False)


def dump_setup(data: dict[str, Any]) -> str:
    """The setup document as YAML that `parse_negotiation` reads back to the same content."""
    body = yaml.dump(
        data, Dumper=_SetupDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100_000
    )
    return f"# The setup of '{data['slug']}' (Parley; format: formats.md §1)\n{body}"


def negotiation_yaml(negotiation: Negotiation) -> str:
    return dump_setup(setup_data(negotiation))


@dataclass(frozen=True)
class SetupEdit:
    """One change made on the setup page.

    `kind` is what it changes (KINDS); `original` names the party, actor, issue or proposal as
    it is now, or is None to add one; `values` are its fields under the file's keys (aliases a
    list of words; an actor's `party` the name of its party). `move` is -1 or 1 to move a party
    (its colour) or an issue one place up or down.
    """

    kind: str
    original: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    move: int = 0

    def describe(self) -> str:
        name = self.values.get("name") or self.original
        if self.kind == "negotiation":
            return "Edited the title and description"
        if self.move:
            return f"Moved {self.kind} '{self.original}' {'up' if self.move < 0 else 'down'}"
        if self.original is None:
            into = f" to '{self.values['party']}'" if self.kind == "actor" and self.values.get("party") else ""
            return f"Added {self.kind} '{name}'{into}"
        if name != self.original:
            return f"Renamed {self.kind} '{self.original}' to '{name}'"
        return f"Edited {self.kind} '{self.original}'"


def _find(items: list[dict[str, Any]], kind: str, name: str | None) -> dict[str, Any]:
    for item in items:
        if item["name"] == name:
            return item
    raise SetupError(f"no {kind} '{name}' in the setup (someone may have changed it: reload the page)")


def _apply_edit(data: dict[str, Any], edit: SetupEdit) -> str | None:
    """Change the document as `edit` says; the new name when it renames something, else None."""
    values = dict(edit.values)
    if edit.kind == "negotiation":
        data["title"] = values.get("title", data["title"])
        data["description"] = values.get("description", data.get("description", ""))
        return None
    if edit.kind not in KINDS:
        raise SetupError(f"cannot edit a '{edit.kind}'")
    if edit.kind == "actor":
        actors = [actor for party in data["parties"] for actor in party.get("actors", [])]
        party = _find(data["parties"], "party", values.pop("party", None))
        if edit.original is None:
            item: dict[str, Any] = {}
        else:
            item = _find(actors, "actor", edit.original)
            for other in data["parties"]:
                if item in other.get("actors", []):
                    other["actors"].remove(item)
        item.update(values)
        party.setdefault("actors", []).append(item)
    else:
        items = data.setdefault(f"{'parties' if edit.kind == 'party' else edit.kind + 's'}", [])
        if edit.original is None:
            item = dict(values)
            items.append(item)
        else:
            item = _find(items, edit.kind, edit.original)
            item.update(values)
            if edit.move:
                at = items.index(item)
                to = max(0, min(len(items) - 1, at + edit.move))
                items[at], items[to] = items[to], items[at]
    name = item.get("name")
    if edit.original is None or not isinstance(name, str) or name.strip() == edit.original:
        return None
    if edit.kind == "party":
        # Proposals name their maker: "by: Norland" must follow Norland's new name.
        for proposal in data.get("proposals", []):
            if proposal.get("by") == edit.original:
                proposal["by"] = name.strip()
    return name.strip()


def do_edit_setup(
    negotiation: Negotiation, edit: SetupEdit, *, user=None, article_ids: Sequence[int] = ()
) -> SetupChange:
    """Make one change to a negotiation's setup, as loading the changed file would.

    Raises SetupError with load_negotiation's message (its `problem` without the file and line).
    A rename changes the thing in place, so its statements and annotations stay with it, and the
    statements' stance targets (kept by name) follow it. `article_ids` are articles to re-extract
    afterwards: the change is logged as queued, and the caller enqueues the task.
    """
    with transaction.atomic():
        negotiation = Negotiation.objects.select_for_update().get(pk=negotiation.pk)
        data = setup_data(negotiation)
        new_name = _apply_edit(data, edit)
        spec = parse_negotiation(dump_setup(data), filename=setup_filename(negotiation))
        if new_name is not None:
            _rename(negotiation, edit.kind, edit.original or "", new_name)
        # `data` came from the database with every alias, a merge's too (see _AliasSync.sync).
        result = _apply(spec, every_alias_listed=True)
        return _log(negotiation, user, edit.describe(), result, article_ids)


_MODELS: dict[str, type[Model]] = {"party": Party, "actor": Actor, "issue": Issue, "proposal": Proposal}


def _rename(negotiation: Negotiation, kind: str, old: str, new: str) -> None:
    model = _MODELS[kind]
    if model.objects.filter(negotiation=negotiation, name=new).exists():
        # Only possible for what the setup does not list: a proposal found in an article.
        raise SetupError(f"a {kind} '{new}' already exists outside the setup", f"a {kind} '{new}' already exists")
    model.objects.filter(negotiation=negotiation, name=old).update(name=new)
    if kind in ("party", "issue", "proposal"):
        # Statements name what their stance is toward: "rejects 'Kell dam'" must follow the rename.
        statements = Statement.objects.filter(article__negotiation=negotiation)
        statements.filter(target=old).update(target=new)
        statements.filter(reported_target=old).update(reported_target=new)
        StatementAnnotation.objects.filter(statement__article__negotiation=negotiation, target=old).update(target=new)


def _log(
    negotiation: Negotiation, user, action: str, result: LoadResult, article_ids: Sequence[int] = ()
) -> SetupChange:
    summary = "\n".join(result.summary())
    logger.info("%s: %s by %s\n%s", negotiation.slug, action, user or "nobody", summary)
    return SetupChange.objects.create(
        negotiation=negotiation,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        summary=summary,
        article_ids=sorted(set(article_ids)),
        status=SetupChange.Status.QUEUED if article_ids else SetupChange.Status.NONE,
    )


def _slug_line(text: str) -> int:
    match = re.search(r"^slug\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def do_create_negotiation(*, slug: str, title: str, description: str = "", user=None) -> SetupChange:
    """Create an empty negotiation, checked as a setup file with only these keys would be."""
    data = {"slug": slug, "title": title, "description": description}
    spec = parse_negotiation(dump_setup(data), filename=setup_filename(slug or "new"))
    with transaction.atomic():
        if Negotiation.objects.filter(slug=spec.slug).exists():
            message = f"a negotiation '{spec.slug}' already exists"
            raise SetupError(message, message)
        result = _apply(spec)
        return _log(result.negotiation, user, "Created the negotiation", result)


def do_load_setup_text(text: str, *, filename: str, negotiation: Negotiation | None = None, user=None) -> SetupChange:
    """Load an uploaded setup file: into `negotiation` (the file must be its own), or as a new one.

    The same load as `load_negotiation FILE`; errors name `filename` and the line.
    """
    spec = parse_negotiation(text, filename=filename)
    line = _slug_line(text)
    with transaction.atomic():
        if negotiation is not None and spec.slug != negotiation.slug:
            problem = f"the file sets up '{spec.slug}', not '{negotiation.slug}'"
            raise SetupError(f"{filename}:{line}: {problem}", problem)
        if negotiation is None and Negotiation.objects.filter(slug=spec.slug).exists():
            problem = f"a negotiation '{spec.slug}' already exists: upload the file on its setup page"
            raise SetupError(f"{filename}:{line}: {problem}", problem)
        result = _apply(spec)
        return _log(result.negotiation, user, f"Loaded {filename}", result)
