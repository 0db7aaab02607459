import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.models import Negotiation, Party


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_negotiation", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_the_file_and_prints_what_it_did(tmp_path):
    path = tmp_path / "river.yaml"
    path.write_text(
        "slug: arven-river\ntitle: Arven talks\nparties:\n  - {name: Norland, aliases: [Norlandic]}\n"
        "  - {name: River Commission, kind: mediator}\n",
        encoding="utf-8",
    )

    first = run(str(path))
    second = run(str(path))

    assert Negotiation.objects.get().title == "Arven talks"
    assert list(Party.objects.values_list("name", flat=True)) == ["Norland", "River Commission"]
    assert "Created negotiation 'arven-river'" in first
    assert "parties: 2 created, 0 updated, 0 unchanged" in first
    assert "aliases: 1 added, 0 removed" in first
    assert "parties: 0 created, 0 updated, 2 unchanged" in second


@pytest.mark.django_db
def test_a_bad_file_is_a_command_error_naming_file_and_line(tmp_path):
    path = tmp_path / "river.yaml"
    path.write_text("slug: arven-river\ntitle: Arven talks\nparties:\n  - name: Norland\n    kind: rival\n")

    with pytest.raises(CommandError, match=f"^{re.escape(str(path))}:5: bad kind 'rival' for party 'Norland'"):
        run(str(path))
    assert not Negotiation.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="nowhere.yaml: cannot read the file"):
        run(str(tmp_path / "nowhere.yaml"))
