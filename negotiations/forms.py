"""Forms parse and validate what people send; services/ does the work."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import (
    Article,
    Issue,
    Negotiation,
    Party,
    Proposal,
    Source,
    Stance,
    Statement,
    StatementAnnotation,
)
from .services.setup import SetupEdit
from .services.timeline import ORDER_CHOICES, REVIEW_CHOICES, TimelineFilters

SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 12


class TimelineFilterForm(forms.Form):
    """The timeline's filters. They live in the query string, so a filtered timeline is a link."""

    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search", "maxlength": SEARCH_MAX_CHARS})
    )
    party = forms.TypedMultipleChoiceField(
        required=False, coerce=int, label="Party", widget=forms.CheckboxSelectMultiple
    )
    actor = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Actor")
    speaker = forms.CharField(required=False, label="Speaker")
    issue = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Issue")
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *Statement.Kind.choices], label="Kind")
    stance = forms.ChoiceField(required=False, choices=[("", "Any"), *Stance.choices], label="Stance")
    proposal = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Proposal")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    review = forms.ChoiceField(required=False, choices=REVIEW_CHOICES, label="Review")
    order = forms.ChoiceField(required=False, choices=ORDER_CHOICES, label="Order")

    def __init__(self, data, *, parties, actors, issues, proposals):
        super().__init__(data)
        self.fields["proposal"].choices = [("", "Any"), *((p.pk, p.name) for p in proposals)]
        self.fields["party"].choices = [(p.pk, p.name) for p in parties]
        self.fields["actor"].choices = [("", "Any"), *((a.pk, a.name) for a in actors)]
        self.fields["issue"].choices = [("", "Any"), *((i.pk, i.name) for i in issues)]

    @classmethod
    def for_negotiation(cls, data, negotiation: Negotiation, parties=None) -> TimelineFilterForm:
        return cls(
            data,
            parties=parties if parties is not None else negotiation.parties.all(),
            actors=negotiation.actors.all(),
            issues=negotiation.issues.all(),
            proposals=negotiation.proposals.all(),
        )

    def clean_q(self) -> str:
        # Each word is one more condition on four columns: 1,000 words overflowed SQLite's
        # expression tree (a 500), and no one searches with more than a sentence.
        q = self.cleaned_data["q"]
        if len(q.split()) > SEARCH_MAX_WORDS:
            raise forms.ValidationError(f"search for at most {SEARCH_MAX_WORDS} words; got {len(q.split())}.")
        if len(q) > SEARCH_MAX_CHARS:
            raise forms.ValidationError(f"search for at most {SEARCH_MAX_CHARS} characters; got {len(q)}.")
        return q

    def filters(self) -> TimelineFilters:
        """The valid filters; a bad value in one field (a stale link) drops that filter only."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return TimelineFilters(
            parties=tuple(data.get("party") or ()),
            actor=data.get("actor"),
            speaker=(data.get("speaker") or "").strip(),
            issue=data.get("issue"),
            kind=data.get("kind") or "",
            stance=data.get("stance") or "",
            proposal=data.get("proposal"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            review=data.get("review") or "",
            q=(data.get("q") or "").strip(),
            order=data.get("order") or "newest",
        )


class AsOfForm(forms.Form):
    """The day the positions grid is shown as of; none (or a bad one, from a stale link) is today."""

    as_of = forms.DateField(required=False, label="As of", widget=forms.DateInput(attrs={"type": "date"}))

    def day(self):
        return self.cleaned_data.get("as_of") if self.is_valid() else None


class MergeProposalForm(forms.Form):
    into = forms.ModelChoiceField(queryset=None, label="Merge into", empty_label=None)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = proposal.negotiation.proposals.exclude(pk=proposal.pk)


class AddProposalForm(forms.Form):
    name = forms.CharField(max_length=300)
    party = forms.ModelChoiceField(queryset=None, required=False, empty_label="—", label="Made by")
    day = forms.DateField(required=False, label="On", widget=forms.DateInput(attrs={"type": "date"}))
    aliases = forms.CharField(
        required=False, label="Also called", help_text="Other words that name it, separated by semicolons."
    )

    def __init__(self, *args, negotiation: Negotiation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = negotiation.parties.all()

    def clean_aliases(self) -> list[str]:
        return [alias.strip() for alias in self.cleaned_data["aliases"].split(";") if alias.strip()]


class _StatementValuesForm(forms.Form):
    """Who said it, for whom, when, how, and on what: the values a person can set."""

    speaker = forms.CharField(required=False, max_length=300)
    actor = forms.ModelChoiceField(queryset=None, required=False, empty_label="—")
    party = forms.ModelChoiceField(queryset=None, required=False, empty_label="—")
    said_on = forms.DateField(required=False, label="Said on", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=Statement.Kind.choices)
    issues = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.NEUTRAL, required=False)
    target = forms.ChoiceField(required=False, label="Toward")
    proposal = forms.ModelChoiceField(queryset=None, required=False, empty_label="—")
    # Another party's stance that the words report: "Israel had accepted the proposal".
    reported_party = forms.ModelChoiceField(queryset=None, required=False, label="Reports the stance of")
    reported_stance = forms.ChoiceField(
        choices=[("", "— (none)"), *Stance.choices], required=False, label="Reported stance"
    )
    reported_target = forms.ChoiceField(required=False, label="Reported toward")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, negotiation: Negotiation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = negotiation.actors.all()
        self.fields["party"].queryset = negotiation.parties.all()
        self.fields["issues"].queryset = negotiation.issues.all()
        self.fields["proposal"].queryset = negotiation.proposals.all()
        # A stance is toward an issue, a proposal, or (an accusation) a party, all by name.
        parties = list(negotiation.parties.all())
        groups = (("Issues", negotiation.issues.all()), ("Proposals", negotiation.proposals.all()))
        groups += (("Parties", parties),)
        self.fields["target"].choices = [
            ("", "—"),
            *((label, [(row.name, row.name) for row in rows]) for label, rows in groups),
        ]
        self.fields["reported_target"].choices = self.fields["target"].choices
        self.fields["reported_party"].queryset = negotiation.parties.all()
        # The parties read for the targets: rendering the queryset would read them again.
        self.fields["reported_party"].choices = [("", "—"), *((party.pk, party.name) for party in parties)]

    def clean_stance(self) -> str:
        # A form from before stances existed sends none: it leaves the stance as it was.
        return self.cleaned_data["stance"] or self.initial.get("stance") or Stance.NEUTRAL

    def clean(self):
        data = super().clean()
        # No reported stance (a person deleting a wrong one) is no reported party or target either.
        if "reported_stance" in data and not data["reported_stance"]:
            data["reported_party"], data["reported_target"] = None, ""
        return data


class StatementEditForm(_StatementValuesForm):
    # The annotation version the person saw: saving over a newer one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    @classmethod
    def for_statement(cls, statement: Statement, data=None) -> StatementEditForm:
        values = statement.effective
        annotation = statement.annotation_or_none
        initial = {
            "speaker": values.speaker,
            "actor": values.actor,
            "party": values.party,
            "said_on": values.said_on,
            "kind": values.kind,
            "issues": values.issues,
            "stance": values.stance,
            "target": values.target,
            "proposal": values.proposal,
            "reported_party": values.reported_party,
            "reported_stance": values.reported_stance,
            "reported_target": values.reported_target,
            "note": values.note,
            "version": annotation.version if annotation else 0,
        }
        return cls(data, initial=initial, negotiation=statement.article.negotiation, prefix=cls.prefix_for(statement))

    @classmethod
    def with_current(cls, statement: Statement, data, fields: set[str]):
        """`data` (a posted QueryDict) with the statement's current values in `fields`."""
        values = statement.effective
        data = data.copy()
        for name in fields:
            key = f"{cls.prefix_for(statement)}-{name}"
            if name == "issues":
                data.setlist(key, [str(issue.pk) for issue in values.issues])
                continue
            value = values.note if name == "note" else getattr(values, name)
            data[key] = "" if value is None else getattr(value, "pk", value)
        return data

    @staticmethod
    def prefix_for(statement: Statement) -> str:
        # Several statements' editors can be open on one timeline: their field ids must differ.
        return f"s{statement.pk}"

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in _StatementValuesForm.base_fields}


class StatementStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StatementAnnotation.Status.choices)
    version = forms.IntegerField(min_value=0)


class AddStatementForm(_StatementValuesForm):
    """A statement the extractor missed. In the browser, selecting text fills `start`/`end`;
    without JavaScript, the quoted text alone locates it in the article."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Text (as in the article)")
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    field_order = [
        "text",
        *("speaker", "actor", "party", "said_on", "kind"),
        *("issues", "stance", "target", "proposal"),
        *("reported_party", "reported_stance", "reported_target", "note"),
    ]

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, negotiation=article.negotiation, **kwargs)
        self.article = article
        self.fields["kind"].initial = Statement.Kind.INDIRECT
        self.fields["said_on"].initial = article.published

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        if not text:
            return data
        start, end = data.get("start"), data.get("end")
        article_text = self.article.text
        if start is not None and end is not None and article_text[start:end].strip() == text:
            return data
        # No usable selection: find the words themselves, which must be unambiguous.
        count = article_text.count(text)
        if count == 0:
            raise forms.ValidationError("This text is not in the article: copy it exactly, or select it in the text.")
        if count > 1:
            raise forms.ValidationError(
                f"This text occurs {count} times in the article: quote more of it, or select it in the text."
            )
        data["start"] = article_text.index(text)
        data["end"] = data["start"] + len(text)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AddArticlesForm(forms.Form):
    """URLs (one a line), files (JSON Lines, .txt, .html), or one article pasted with its title."""

    urls = forms.CharField(
        required=False,
        label="Web addresses, one a line",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://…"}),
    )
    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="JSON Lines (one article a line), .txt (first line the title) or .html; several at once.",
    )
    title = forms.CharField(required=False, max_length=Article._meta.get_field("title").max_length, label="Title")
    published = forms.DateField(required=False, label="Published", widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(required=False, label="Text", widget=forms.Textarea(attrs={"rows": 6}))

    def clean_urls(self) -> list[str]:
        urls = []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(self.cleaned_data["urls"].splitlines(), start=1):
            url = line.strip()
            if not url:
                continue
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(f"Line {number} is not a web address (http or https): {url}") from None
            urls.append(url)
        return urls

    def clean(self):
        data = super().clean()
        title, text = (data.get("title") or "").strip(), (data.get("text") or "").strip()
        if bool(title) != bool(text):
            self.add_error("text" if title else "title", "A pasted article needs both its title and its text.")
        if not self.errors and not (data.get("urls") or data.get("files") or title):
            raise ValidationError("Give at least one web address, file or pasted article.")
        return data


class SourceForm(forms.Form):
    url = forms.URLField(
        max_length=Source._meta.get_field("url").max_length,
        assume_scheme="https",
        label="Feed address (RSS or Atom)",
        # Django's URLField also takes ftp://, which Parley does not fetch.
        validators=[
            URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// address.", code="scheme")
        ],
    )
    keywords = forms.CharField(
        required=False,
        label="Keywords",
        help_text="An entry is taken when its title or text contains one of them (one a line, or commas).",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    full_pages = forms.BooleanField(
        required=False,
        initial=True,
        label="Fetch each entry's web page",
        help_text="for the whole article; off, the feed's own text is taken (often a summary only).",
    )


# The setup pages. Fields are optional and unchecked here: services/setup.py checks the values
# as load_negotiation checks a file, so that a form gets the same message for the same mistake.

# The file's keys each kind of thing has on the setup page; "kind" is posted as `party_kind`,
# since `what` already says which kind of thing a form edits.
SETUP_FIELDS = {
    "negotiation": ("title", "description"),
    "party": ("name", "kind", "aliases"),
    "actor": ("name", "title", "party", "aliases"),
    "issue": ("name", "description", "aliases"),
    "proposal": ("name", "by", "date", "aliases"),
}


def alias_lines(text: str) -> list[str]:
    """Aliases as typed in a text area: one a line, blank lines ignored."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class NegotiationCreateForm(forms.Form):
    slug = forms.CharField(required=False, help_text="Its address: letters, digits, '-' and '_'.")
    title = forms.CharField(required=False)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SetupUploadForm(forms.Form):
    file = forms.FileField(label="Setup file (YAML)")


class SetupEditForm(forms.Form):
    """One form of the setup page: `what` it edits, the `original` name (empty adds one), the
    fields, or a `move` of a party or issue up (-1) or down (1)."""

    what = forms.ChoiceField(choices=[(kind, kind) for kind in SETUP_FIELDS])
    original = forms.CharField(required=False, strip=False)
    move = forms.TypedChoiceField(required=False, coerce=int, empty_value=0, choices=[("-1", "up"), ("1", "down")])
    name = forms.CharField(required=False)
    party_kind = forms.CharField(required=False)
    title = forms.CharField(required=False)
    description = forms.CharField(required=False)
    aliases = forms.CharField(required=False)
    party = forms.CharField(required=False)
    by = forms.CharField(required=False)
    date = forms.CharField(required=False)

    def edit(self) -> SetupEdit:
        """The change the valid form asks for; only the fields it posted change."""
        data = self.cleaned_data
        what = data["what"]
        values: dict = {}
        for key in SETUP_FIELDS[what]:
            name = "party_kind" if key == "kind" else key
            if name not in self.data:
                continue
            value = data[name]
            if key == "aliases":
                value = alias_lines(value)
            elif key in ("by", "date"):
                value = value or None
            values[key] = value
        original = self.data.get("original")
        return SetupEdit(what, original if original else None, values, move=data["move"] or 0)

    def key(self) -> str:
        """Which form of the page this was, to show its message and values beside it."""
        return setup_key(self.data.get("what", ""), self.data.get("original", ""), self.data.get("party", ""))


def setup_key(what: str, original: str | None, party: str = "") -> str:
    # A new actor's form is one per party; every other form is one per thing, or one "add" form.
    if what == "actor" and not original:
        return f"actor::{party}"
    return f"{what}:{original or ''}"


class UnknownSpeakerForm(forms.Form):
    speaker = forms.CharField(max_length=300)
    party = forms.ModelChoiceField(queryset=Party.objects.none(), empty_label=None)
    title = forms.CharField(required=False)

    def __init__(self, *args, negotiation: Negotiation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = negotiation.parties.all()


class UnknownNameForm(forms.Form):
    """A name and what it stands for: `party:ID` or `issue:ID`."""

    name = forms.CharField(max_length=300)
    target = forms.CharField()

    def __init__(self, *args, negotiation: Negotiation, **kwargs):
        super().__init__(*args, **kwargs)
        self.negotiation = negotiation

    def clean_target(self) -> Party | Issue:
        kind, _, pk = self.cleaned_data["target"].partition(":")
        model = {"party": Party, "issue": Issue}.get(kind)
        if model is None or not pk.isdigit():
            raise forms.ValidationError("Choose a party or an issue.")
        try:
            return model.objects.get(negotiation=self.negotiation, pk=int(pk))
        except model.DoesNotExist:
            raise forms.ValidationError("Choose a party or an issue.") from None


# --- the stance review queue ---------------------------------------------------------------------

# One keystroke each (static/parley.js): digits set the stance, lower-case letters the target,
# upper-case ones the proposal. Not c (confirm), e, j or k, which the statement lists already use.
STANCE_KEYS = "12345678"
TARGET_KEYS = "abdfghilmnopqrstuvwxyz"
PROPOSAL_KEYS = TARGET_KEYS.upper()
NO_TARGET_KEY, NO_PROPOSAL_KEY = "-", "_"


class ReviewChoices:
    """The review forms' choices and the key that picks each: read once for a whole page, since a
    page has a form per statement. Targets past the last letter are still in the list, keyless."""

    def __init__(self, issues: list[Issue], proposals: list[Proposal], parties: list[Party]) -> None:
        self.proposals = {proposal.pk: proposal for proposal in proposals}
        self.stance_keys = dict(zip(Stance.values, STANCE_KEYS, strict=True))
        names = dict.fromkeys([*(i.name for i in issues), *(p.name for p in proposals), *(p.name for p in parties)])
        self.target_keys = {"": NO_TARGET_KEY, **dict(zip(names, TARGET_KEYS, strict=False))}
        self.proposal_keys = {
            "": NO_PROPOSAL_KEY,
            **{str(p.pk): key for p, key in zip(proposals, PROPOSAL_KEYS, strict=False)},
        }
        groups = (("Issues", issues), ("Proposals", proposals), ("Parties", parties))
        self.target_choices = [
            ("", "—"),
            *((label, [(row.name, row.name) for row in rows]) for label, rows in groups if rows),
        ]
        self.proposal_choices = [("", "—"), *((p.pk, p.name) for p in proposals)]
        self.rendered: dict[str, dict] = {}  # each field's options, rendered once (KeyedSelect)

    @classmethod
    def for_negotiation(cls, negotiation: Negotiation) -> ReviewChoices:
        return cls(list(negotiation.issues.all()), list(negotiation.proposals.all()), list(negotiation.parties.all()))

    @property
    def legend(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(what the keys set, [(key, what it picks)]) for the page's key list."""
        names = {value: label for value, label in Stance.choices}
        targets = [(key, name or "no target") for name, key in self.target_keys.items()]
        proposals = [
            (key, self.proposals[int(pk)].name if pk else "no proposal") for pk, key in self.proposal_keys.items()
        ]
        return [
            ("Stance", [(key, names[value]) for value, key in self.stance_keys.items()]),
            ("Toward", targets),
            ("Proposal", proposals),
        ]


class KeyedSelect(forms.Select):
    """A select whose options name the key that picks them (data-key, read by static/parley.js)."""

    def __init__(self, keys: dict[str, str], options_cache: dict, attrs=None) -> None:
        super().__init__(attrs)
        self.keys = keys
        self.options_cache = options_cache

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        key = self.keys.get("" if value is None else str(value))
        option = super().create_option(
            name, value, f"{label} [{key}]" if key else label, selected, index, subindex, attrs
        )
        if key:
            option["attrs"]["data-key"] = key
        return option

    def render(self, name, value, attrs=None, renderer=None):
        # The HTML of Django's select templates, written in Python from options rendered once
        # per page: the review queue has three selects per statement, with up to 70 options each
        # and 25 statements to a page, which the template renderer took 2.5 s to draw. The
        # options are shared through `options_cache` by the page's selects of one field (the
        # same choices and keys); each select marks its own value selected.
        if "segments" not in self.options_cache:
            self.options_cache["segments"] = self._segments(name)
        chosen = set(self.format_value(value))
        body = "".join(
            part if isinstance(part, str) else part[2] if part[0] in chosen else part[1]
            for part in self.options_cache["segments"]
        )
        start = format_html('<select name="{}"{}>', name, _attrs(self.build_attrs(self.attrs, attrs)))
        return mark_safe(f"{start}{body}</select>")

    def _segments(self, name: str) -> list:
        """`</optgroup>` tags as text, options as (value, unselected HTML, selected HTML)."""
        parts: list = []
        for group, options, _ in self.optgroups(name, []):
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                value, label = str(option["value"]), option["label"]
                plain = format_html('<option value="{}"{}>{}</option>', value, _attrs(option["attrs"]), label)
                chosen = format_html(
                    '<option value="{}"{}>{}</option>', value, _attrs({"selected": True, **option["attrs"]}), label
                )
                parts.append((value, plain, chosen))
            if group:
                parts.append("</optgroup>")
        return parts


def _attrs(attrs: dict) -> str:
    """Attributes as Django's widget template attrs.html writes them, in their order: True as a
    bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False
        ),
    )


class StanceReviewForm(forms.Form):
    """A statement's stance, target and proposal, as the review queue sets them."""

    stance = forms.ChoiceField()
    target = forms.ChoiceField(required=False, label="Toward")
    proposal = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, choices: ReviewChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_choices = choices
        for name, keys, options in (
            ("stance", choices.stance_keys, Stance.choices),
            ("target", choices.target_keys, choices.target_choices),
            ("proposal", choices.proposal_keys, choices.proposal_choices),
        ):
            self.fields[name].widget = KeyedSelect(keys, options_cache=choices.rendered.setdefault(name, {}))
            self.fields[name].choices = options

    @classmethod
    def for_statement(cls, statement: Statement, choices: ReviewChoices, data=None) -> StanceReviewForm:
        values = statement.effective
        annotation = statement.annotation_or_none
        initial = {
            "stance": values.stance,
            "target": values.target,
            "proposal": values.proposal.pk if values.proposal else "",
            "version": annotation.version if annotation else 0,
        }
        return cls(data, initial=initial, choices=choices, prefix=f"r{statement.pk}")

    def clean_proposal(self) -> Proposal | None:
        pk = self.cleaned_data["proposal"]
        return None if pk is None else self.review_choices.proposals[pk]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("stance", "target", "proposal")}


class VersionsField(forms.Field):
    """Statement ids with the annotation version a person saw, posted as "id:version" items."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> dict[int, int]:
        versions: dict[int, int] = {}
        for item in value or []:
            pk, _, version = str(item).partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError(f"Not a statement and its version: {item!r}.")
            versions[int(pk)] = int(version)
        return versions


class SameStanceForm(forms.Form):
    """The offer to give the statements read the same way a corrected statement's stance."""

    item = VersionsField()
