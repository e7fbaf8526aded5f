"""The visible signature of a signed bundle (Nghị định 30/2020, Phụ lục I, Mục II.7–8): the signature and
seal images at the main document's signature block, the number-and-time stamp on every attachment, a
text stamp without images; and the bundle still verifies (PKCS#12 and the SoftHSM2 token)."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from demo import samples
from demo.signing_images import sample_seal_png, sample_signature_png
from documents.engine import DocumentFile, render
from documents.engine.bundle import build_bundle, sign_bundle, verify_bundle
from documents.engine.signature_appearance import SigningImages, bundle_layout, mm
from documents.engine.signature_images import check_image, compose

NUMBER = "45/TTr-UBND"  # the sample tờ trình's number


@pytest.fixture(scope="module")
def files() -> list[DocumentFile]:
    lines = samples.nominees(2)
    return [
        DocumentFile("to-trinh.pdf", "Tờ trình", render.render_submission(samples.submission(2))),
        DocumentFile("bien-ban.pdf", "Biên bản", render.render_council_minutes(samples.council_minutes(2))),
        *[
            DocumentFile(
                f"bao-cao-thanh-tich/{n.number:02d}.pdf",
                n.name,
                render.render_achievement_report(samples.achievement_report(n)),
            )
            for n in lines
        ],
    ]


@pytest.fixture(scope="module")
def images() -> SigningImages:
    return SigningImages(
        signature_png=check_image(sample_signature_png("Lê Văn Tài")).png,
        seal_png=check_image(sample_seal_png("UBND xã Tân Bình")).png,
    )


def widgets(pdf: bytes) -> list[tuple[int, dict]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (index, annotation.get_object())
        for index, page in enumerate(reader.pages)
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/FT") == "/Sig"
    ]


def page_starts(files: list[DocumentFile]) -> list[int]:
    starts, page = [], 0
    for item in files:
        starts.append(page)
        page += len(PdfReader(io.BytesIO(item.content)).pages)
    return starts


def test_the_layout_is_read_from_the_rendered_main_document(files):
    layout = bundle_layout([item.content for item in files])
    assert layout.number == NUMBER
    assert layout.attachment_pages == tuple(page_starts(files)[1:])
    slot = layout.slot
    assert slot is not None and slot.page == 0
    assert abs(slot.height - mm(24)) < 1  # .signer-space: between "CHỦ TỊCH" and the name
    assert abs(slot.width - mm(80)) < 0.01
    # The slot is centred in the signature column, right of the page's middle (Nơi nhận on the left).
    assert slot.left > 595.28 / 2 - mm(30) and slot.left + slot.width < 595.28 - mm(15) + 1


def test_signature_and_seal_sit_at_the_signature_block_and_the_bundle_verifies(signing_certificate, files, images):
    bundle = build_bundle(files, title="Hồ sơ", sign=True, images=images)
    assert verify_bundle(bundle.zip).ok
    [(page, widget)] = widgets(bundle.pdf)
    slot = bundle_layout([item.content for item in files]).slot
    assert page == slot.page == 0
    left, bottom, right, top = (float(v) for v in widget["/Rect"])
    composition = compose(images.signature_png, images.seal_png)
    assert abs((right - left) - mm(composition.width_mm)) < 0.1
    assert abs((top - bottom) - mm(composition.height_mm)) < 0.1
    # The signature (not the seal) is centred in the space between the title and the name (ô 7c) ...
    signature, seal = composition.signature, composition.seal
    assert abs(left + mm(signature.left + signature.width / 2) - (slot.left + slot.width / 2)) < 0.1
    assert abs(bottom + mm(signature.bottom + signature.height / 2) - (slot.bottom + slot.height / 2)) < 0.1
    # ... and the seal, at 35 mm, covers its left third (ô 8).
    assert abs(seal.width - 35) < 0.01 and abs(seal.left + seal.width - (signature.left + signature.width / 3)) < 0.01
    appearance = widget["/AP"]["/N"].get_object()
    image = next(iter(appearance["/Resources"]["/XObject"].values())).get_object()
    nested = image.get("/Resources", {}).get("/XObject") if image.get("/Subtype") == "/Form" else None
    picture = next(iter(nested.values())).get_object() if nested else image
    assert picture["/Subtype"] == "/Image" and picture["/ColorSpace"] == "/DeviceRGB" and "/SMask" in picture


def test_every_attachment_carries_the_number_and_the_signing_time(signing_certificate, files, images):
    bundle = build_bundle(files, title="Hồ sơ", sign=True, images=images)
    report = verify_bundle(bundle.zip)
    moment = report.signature.signed_at.isoformat()
    assert moment.endswith("+07:00") and "T" in moment  # Vietnam time, ISO 8601
    reader = PdfReader(io.BytesIO(bundle.pdf))
    starts = page_starts(files)
    for start in starts[1:]:
        text = reader.pages[start].extract_text()
        assert NUMBER in text and moment in text, text[:200]
    assert moment not in reader.pages[0].extract_text()  # the main document shows the images instead
    for index in set(range(len(reader.pages))) - set(starts):
        assert moment not in reader.pages[index].extract_text()  # the first page only


def test_without_images_the_widget_says_who_signed_and_when(signing_certificate, files):
    bundle = build_bundle(files, title="Hồ sơ", sign=True)
    assert verify_bundle(bundle.zip).ok
    [(page, widget)] = widgets(bundle.pdf)
    left, bottom, right, top = (float(v) for v in widget["/Rect"])
    assert page == 0 and abs(right - left - mm(70)) < 0.1 and abs(top - bottom - mm(14)) < 0.1
    resources = widget["/AP"]["/N"].get_object()["/Resources"]
    assert "/Font" in resources and "/XObject" not in resources  # text, no image


def test_a_main_document_without_a_signature_block_signs_invisibly(signing_certificate):
    certificate = render.render_certificate(samples.certificate())
    bundle = build_bundle([DocumentFile("giay-khen.pdf", "Giấy khen", certificate)], title="Thử", sign=True)
    assert verify_bundle(bundle.zip).ok
    [(_, widget)] = widgets(bundle.pdf)
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]


def test_signing_later_draws_the_same_signature(signing_certificate, files, images):
    unsigned = build_bundle(files, title="Hồ sơ", sign=False).zip
    signed = sign_bundle(unsigned, pin=None, images=images)
    report = verify_bundle(signed)
    assert report.ok
    pdf = zipfile.ZipFile(io.BytesIO(signed)).read("ho-so-trinh-huyen.pdf")
    [(page, widget)] = widgets(pdf)
    assert page == 0 and float(widget["/Rect"][2]) > float(widget["/Rect"][0])
    assert NUMBER in PdfReader(io.BytesIO(pdf)).pages[page_starts(files)[1]].extract_text()


def test_a_bundle_signed_on_the_token_shows_the_images_and_verifies(token_signing, files, images):
    bundle = build_bundle(files, title="Hồ sơ", sign=True, pin=token_signing, images=images)
    report = verify_bundle(bundle.zip)
    assert report.ok and "Token signer" in report.signature.signer
    [(page, widget)] = widgets(bundle.pdf)
    assert page == 0 and "/AP" in widget
    moment = report.signature.signed_at.isoformat()
    assert moment in PdfReader(io.BytesIO(bundle.pdf)).pages[page_starts(files)[1]].extract_text()


def test_the_stamp_font_measures_in_thousandths_of_an_em(signing_certificate, files):
    """pyHanko alone writes Liberation Serif's widths in its 2048 units: letters twice as far apart."""
    from pypdf.generic import ArrayObject

    bundle = build_bundle(files, title="Hồ sơ", sign=True)
    reader = PdfReader(io.BytesIO(bundle.pdf))
    stamp_fonts = []

    def walk(resources, depth=0):
        for font in (resources.get("/Font") or {}).values():
            for descendant in font.get_object().get("/DescendantFonts") or []:
                descendant = descendant.get_object()
                if str(descendant["/BaseFont"]).endswith("+LiberationSerif"):  # pyHanko's name, not WeasyPrint's
                    stamp_fonts.append(descendant)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject and depth < 4:
                walk(xobject["/Resources"].get_object(), depth + 1)

    walk(reader.pages[page_starts(files)[1]]["/Resources"].get_object())
    assert stamp_fonts
    widths = [float(w) for font in stamp_fonts for item in font["/W"] if isinstance(item, ArrayObject) for w in item]
    assert widths and max(widths) <= 1000 and 500 in widths  # digits are half an em in Times New Roman
