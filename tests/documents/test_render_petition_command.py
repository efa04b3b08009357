"""`manage.py render_petition`: the same renderer, synchronously, leaving no draft behind."""

import pytest
from django.core.management import CommandError, call_command

from casework.models import Event
from documents.models import Petition
from tests.documents.petition_helpers import POR_NUMBER, case_with_por, pdf_fonts, pdf_text


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


def test_command_writes_the_petition_pdf(por_case, tmp_path):
    out = tmp_path / "bail.pdf"
    call_command("render_petition", "--case", por_case.reference, "--template", "bail-497",
                 "--out", str(out))  # fmt: skip
    text = pdf_text(out.read_bytes())
    assert "Zarif Hotaki" in text and POR_NUMBER in text
    assert not Petition.objects.exists()
    assert Event.objects.filter(case=por_case, verb="petition.exported").exists()


def test_command_renders_urdu(por_case, tmp_path):
    out = tmp_path / "bail-ur.pdf"
    call_command("render_petition", "--case", por_case.reference, "--template", "bail-497",
                 "--lang", "ur", "--out", str(out))  # fmt: skip
    assert "درخواست ضمانت" in pdf_text(out.read_bytes())
    assert "Naskh" in pdf_fonts(out.read_bytes())


def test_command_explains_an_unknown_case_or_template(por_case, tmp_path):
    with pytest.raises(CommandError, match="No case"):
        call_command("render_petition", "--case", "NOPE-1", "--template", "bail-497",
                     "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    with pytest.raises(CommandError, match="No template"):
        call_command("render_petition", "--case", por_case.reference, "--template",
                     "no-such-kind", "--lang", "ur", "--out", str(tmp_path / "x.pdf"))  # fmt: skip
