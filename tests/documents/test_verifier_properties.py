"""Property: whatever is changed in a genuine signed bundle (bytes, members, their order, names, data
appended), the verifier never accepts it and never crashes: it answers "not valid" or a BundleError."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from demo import samples
from documents.engine import DocumentFile, render
from documents.engine.bundle import BundleError, build_bundle
from documents.engine.signing import sign_pdf, verify_pdf
from documents.verification import verify_upload

_CACHE: dict[str, bytes] = {}
PROPERTY = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run and machine: a failure is reproducible
)


@pytest.fixture
def genuine(signing_certificate) -> bytes:
    if "zip" not in _CACHE:
        files = [
            DocumentFile("to-trinh.pdf", "Tờ trình", render.render_submission(samples.submission(1))),
            DocumentFile("giay-khen/01.pdf", "Giấy khen", render.render_certificate(samples.certificate())),
        ]
        bundle = build_bundle(files, title="Hồ sơ", bundle_list=samples.bundle_list(samples.nominees(1)), sign=True)
        _CACHE["zip"], _CACHE["pdf"] = bundle.zip, bundle.pdf
    assert verify_upload("ho-so.zip", _CACHE["zip"]).ok  # the unmutated bundle is accepted
    return _CACHE["zip"]


@pytest.fixture
def genuine_pdf(genuine) -> bytes:
    return _CACHE["pdf"]


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rezip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info, content in entries:
            archive.writestr(info, content)
    return out.getvalue()


def _renamed(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(name, date_time=info.date_time)
    copy.compress_type, copy.create_system, copy.external_attr = (
        info.compress_type,
        info.create_system,
        info.external_attr,
    )
    return copy


@st.composite
def byte_mutation(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "append", "prepend", "insert", "delete"]))
    position = draw(st.integers(0, len(data) - 1))
    if kind == "flip":
        flips = draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)), min_size=1, max_size=4))
        mutated = bytearray(data)
        for index, mask in flips:
            mutated[index] ^= mask
        return bytes(mutated)
    if kind == "truncate":
        return data[:position]
    extra = draw(st.binary(min_size=1, max_size=64))
    if kind == "append":
        return data + extra
    if kind == "prepend":
        return extra + data
    if kind == "insert":
        return data[:position] + extra + data[position:]
    return data[:position] + data[position + draw(st.integers(1, 64)) :]


@st.composite
def member_mutation(draw, data: bytes) -> bytes:
    """Rewrite the ZIP as the portal would (same dates and attributes) with its members changed."""
    entries = _members(data)
    index = draw(st.integers(0, len(entries) - 1))
    info, content = entries[index]
    kind = draw(st.sampled_from(["remove", "duplicate", "swap", "rename", "recase", "content", "append", "add"]))
    if kind == "remove":
        del entries[index]
    elif kind == "duplicate":
        forged = draw(st.sampled_from([content, content + b"x", b"%PDF-1.7 forged"]))
        entries.insert(draw(st.integers(0, len(entries))), (_renamed(info, info.filename), forged))
    elif kind == "swap":
        other = draw(st.integers(0, len(entries) - 1))
        entries[index], entries[other] = entries[other], entries[index]
    elif kind == "rename":
        name = draw(st.text(min_size=1, max_size=40).filter(lambda n: "\x00" not in n))
        entries[index] = (_renamed(info, name), content)
    elif kind == "recase":
        entries[index] = (
            _renamed(info, draw(st.sampled_from([info.filename.upper(), info.filename.title()]))),
            content,
        )
    elif kind == "content":
        position = draw(st.integers(0, len(content) - 1))
        mutated = bytearray(content)
        mutated[position] ^= draw(st.integers(1, 255))
        entries[index] = (_renamed(info, info.filename), bytes(mutated))
    elif kind == "append":
        entries[index] = (_renamed(info, info.filename), content + draw(st.binary(min_size=1, max_size=64)))
    else:
        name = draw(st.sampled_from(["them.pdf", "giay-khen/02.pdf", "../x.pdf", "GIAY-KHEN/01.pdf"]))
        entries.insert(draw(st.integers(0, len(entries))), (_renamed(info, name), b"%PDF-1.7 added"))
    return _rezip(entries)


def _never_accepted(data: bytes) -> None:
    try:
        result = verify_upload("ho-so.zip", data)
    except BundleError as error:
        assert str(error)  # a message for the user
        return
    assert not result.ok


@PROPERTY
@given(data=st.data())
def test_no_byte_level_mutation_of_a_bundle_is_accepted(genuine, data):
    mutated = data.draw(byte_mutation(genuine))
    assume(mutated != genuine)
    _never_accepted(mutated)


@PROPERTY
@given(data=st.data())
def test_no_member_level_mutation_of_a_bundle_is_accepted(genuine, data):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate names we make
        mutated = data.draw(member_mutation(genuine))
    assume(mutated != genuine)
    _never_accepted(mutated)


@PROPERTY
@given(data=st.data())
def test_no_byte_level_mutation_of_a_signed_pdf_is_accepted(genuine_pdf, data):
    mutated = data.draw(byte_mutation(genuine_pdf))
    assume(mutated != genuine_pdf)
    assert not verify_pdf(mutated).ok


def test_the_signed_pdf_alone_verifies(signing_certificate):
    pdf = sign_pdf(render.render_certificate(samples.certificate()), reason="x", location="y")
    assert verify_pdf(pdf).ok
