"""Finding 3: the PDF check stopped too early; now every PDF is rewritten to pages only.

Each hostile file below passed the old inspection (or would have, at a depth or under
a name it did not look for). Now it is stored rewritten: same pages and text, and not
one action, form, script, embedded file or link left anywhere in it.
"""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError

from documents.uploads import ACTIVE_KEYS, accept_upload
from tests.documents.samples import pdf_bytes, upload
from tests.security.hostile_pdfs import ACTIONS, MARK


def _all_keys(pdf: pikepdf.Pdf) -> set[str]:
    keys: set[str] = set()

    def walk(obj, depth=0):
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in obj.keys():  # noqa: SIM118
                keys.add(key)
                value = obj.get(key)
                if not getattr(value, "is_indirect", False):
                    walk(value, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                if not getattr(value, "is_indirect", False):
                    walk(value, depth + 1)

    walk(pdf.trailer)
    for obj in pdf.objects:
        walk(obj)
    return keys


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_hostile_pdf_is_stored_rewritten_without_any_action(name):
    original = ACTIONS[name]()
    assert b"tracker.invalid" in original
    clean = accept_upload(upload("order.pdf", original))
    assert b"tracker.invalid" not in clean.content
    with pikepdf.open(io.BytesIO(clean.content)) as pdf:
        assert len(pdf.pages) == 1
        assert MARK.encode() in pdf.pages[0].Contents.read_bytes()
        assert not _all_keys(pdf) & ACTIVE_KEYS
        assert set(pdf.Root.keys()) <= {"/Type", "/Pages"}  # noqa: SIM118


@pytest.mark.parametrize("kind", ["javascript", "attachment", "launch"])
def test_the_old_corpus_is_neutralised_too(kind):
    value = "app.alert(1)" if kind == "javascript" else True
    clean = accept_upload(upload("order.pdf", pdf_bytes(**{kind: value})))
    for word in (b"JavaScript", b"/JS", b"Launch", b"EmbeddedFile", b"payload"):
        assert word not in clean.content


def test_what_cannot_be_rewritten_is_refused():
    with pytest.raises(ValidationError, match="could not be read"):
        accept_upload(upload("order.pdf", b"%PDF-1.7\n" + b"garbage " * 200))


def test_a_pdf_without_pages_is_refused():
    out = io.BytesIO()
    pikepdf.new().save(out)
    with pytest.raises(ValidationError, match="could not be read"):
        accept_upload(upload("order.pdf", out.getvalue()))
