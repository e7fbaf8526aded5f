"""PAdES signatures with pyHanko: sign a PDF with a PKCS#12 file or a PKCS#11 token, verify a signed PDF.

Configuration (environment, see README). ``SIGNING_KEY_STORE=pkcs12`` (default): ``SIGNING_P12_PATH``
and either ``SIGNING_P12_PASSPHRASE`` or ``SIGNING_P12_PASSPHRASE_FILE`` (a secret file, preferred).
Without them the portal uses the self-signed demo certificate that ``make setup`` creates under
``var/signing/`` (``manage.py create_demo_certificate``). ``SIGNING_KEY_STORE=pkcs11``: the USB token or
HSM named by ``SIGNING_PKCS11_MODULE`` (the vendor's PKCS#11 library), ``SIGNING_PKCS11_TOKEN_LABEL``
and ``SIGNING_PKCS11_KEY_LABEL``; its PIN is asked from the signer each time and never stored (it is
an argument of :func:`open_signer`, used to log in to the token and dropped when the session closes).
Signing a bundle draws what Nghị định 30 shows of a signature (:mod:`documents.engine.signature_appearance`):
the signature and seal images at the main document's signature block, the number-and-time stamp on the
attachments; :func:`sign_pdf` without ``visible`` draws nothing (an invisible PAdES signature).

Verification trusts only the certificates of the operator's trust list, ``SIGNING_TRUST_ROOTS`` (files
or directories); the demo's setup puts the demo certificate on the demo's list explicitly. Every report
names the roots it used.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tanbinh_portal.service_errors import ServiceError

SIGNATURE_FIELD = "ChuKySoUBND"


class SigningError(ServiceError, RuntimeError):
    """Signing is not possible (no certificate, wrong passphrase); the message is for the user."""

    default_code = "signing_failed"


@dataclass(frozen=True)
class SigningConfig:
    p12_path: Path
    passphrase: bytes | None


def signing_config() -> SigningConfig:
    path = Path(settings.SIGNING_P12_PATH)
    passphrase: bytes | None = None
    if settings.SIGNING_P12_PASSPHRASE:
        passphrase = settings.SIGNING_P12_PASSPHRASE.encode()
    elif settings.SIGNING_P12_PASSPHRASE_FILE:
        secret = Path(settings.SIGNING_P12_PASSPHRASE_FILE)
        if not secret.is_file():
            raise SigningError(f"Không đọc được tệp mật khẩu chứng thư số {secret}.")
        passphrase = secret.read_text(encoding="utf-8").strip().encode()
    return SigningConfig(p12_path=path, passphrase=passphrase)


def load_signer():
    from pyhanko.sign import signers

    config = signing_config()
    if not config.p12_path.is_file():
        raise SigningError(
            f"Chưa có chứng thư số tại {config.p12_path}. Đặt SIGNING_P12_PATH hoặc chạy “make setup” "
            "để tạo chứng thư thử nghiệm."
        )
    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(config.p12_path), passphrase=config.passphrase)
    except (ValueError, OSError) as error:
        raise SigningError("Không mở được chứng thư số (sai mật khẩu hoặc tệp hỏng).") from error
    if signer is None:
        raise SigningError("Không mở được chứng thư số (sai mật khẩu hoặc tệp hỏng).")
    return signer


PKCS11 = "pkcs11"
PKCS12 = "pkcs12"


def pin_required() -> bool:
    """Whether signing needs the signer's PIN (a PKCS#11 token), to be asked at the moment of signing."""
    return settings.SIGNING_KEY_STORE == PKCS11


@contextmanager
def open_signer(pin: str | None = None) -> Iterator[object]:
    """The configured signer, open for the duration of the ``with`` block."""
    if settings.SIGNING_KEY_STORE != PKCS11:
        yield load_signer()
        return
    with _pkcs11_signer(pin) as signer:
        yield signer


@contextmanager
def _pkcs11_signer(pin: str | None) -> Iterator[object]:
    import pkcs11.exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    module = settings.SIGNING_PKCS11_MODULE
    if not module or not Path(module).is_file():
        raise SigningError(f"Không có thư viện PKCS#11 của thiết bị ký số tại “{module}” (SIGNING_PKCS11_MODULE).")
    if not pin:
        raise SigningError("Hãy nhập mã PIN của thiết bị ký số (USB token/HSM).")
    try:
        session = open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN_LABEL), user_pin=pin
        )
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        raise SigningError("Mã PIN của thiết bị ký số không đúng.") from None
    except p11.PinLocked:
        raise SigningError("Thiết bị ký số đã bị khóa PIN; liên hệ đơn vị cung cấp chứng thư số.") from None
    except Exception as error:  # noqa: BLE001 - any driver failure becomes a message for the signer
        raise SigningError(f"Không mở được thiết bị ký số “{settings.SIGNING_PKCS11_TOKEN_LABEL}”: {error}") from None
    try:
        label = settings.SIGNING_PKCS11_KEY_LABEL
        yield PKCS11Signer(session, key_label=label, cert_label=label)
    finally:
        session.close()


def sign_pdf(pdf: bytes, *, reason: str, location: str, signer=None, pin: str | None = None, visible=None) -> bytes:
    """A PAdES (ETSI.CAdES.detached) signature over the whole of ``pdf``, as an incremental update.

    Without ``signer`` the configured one is opened (with ``pin`` for a PKCS#11 token) and closed after.
    ``visible`` (a :class:`documents.engine.signature_appearance.VisibleSignature`) adds the widget and the
    attachment stamps in the same revision, so the signature covers them."""
    if signer is None:
        with open_signer(pin) as opened:
            return _sign_with(pdf, reason=reason, location=location, signer=opened, visible=visible)
    return _sign_with(pdf, reason=reason, location=location, signer=signer, visible=visible)


def _sign_with(pdf: bytes, *, reason: str, location: str, signer, visible=None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from documents.engine import signature_appearance as appearance

    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    try:
        if visible is None:
            signers.sign_pdf(writer, meta, signer=signer, output=out)
        else:
            moment = appearance.signing_instant()
            appearance.draw_attachment_stamps(writer, visible.layout, moment)
            spec, style, params = appearance.signature_widget(visible, moment)
            pdf_signer = appearance.timed_pdf_signer(meta, signer, moment=moment, stamp_style=style, field_spec=spec)
            pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params)
    except SigningError:
        raise
    except Exception as error:  # noqa: BLE001 - e.g. no key or certificate with that label on the token
        if settings.SIGNING_KEY_STORE != PKCS11:
            raise
        raise SigningError(
            f"Thiết bị ký số không ký được (khóa hoặc chứng thư “{settings.SIGNING_PKCS11_KEY_LABEL}”): {error}"
        ) from None
    return out.getvalue()


@dataclass(frozen=True)
class TrustRoot:
    """One certificate of the operator's trust list (``SIGNING_TRUST_ROOTS``)."""

    certificate: object  # asn1crypto.x509.Certificate
    source: str

    @property
    def subject(self) -> str:
        return self.certificate.subject.human_friendly

    @property
    def fingerprint(self) -> str:
        return self.certificate.sha256.hex()

    def describe(self) -> str:
        return f"{self.subject} (SHA-256 {self.fingerprint[:16]}…, tệp {Path(self.source).name})"


class TrustListError(SigningError):
    """The configured trust list cannot be read; the message is for the user and the operator."""


TRUST_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def _certificates_in(path: Path) -> list[TrustRoot]:
    from asn1crypto import pem, x509

    try:
        data = path.read_bytes()
        blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        roots = [TrustRoot(certificate=x509.Certificate.load(der), source=str(path)) for der in blobs]
        for root in roots:
            root.certificate.native  # noqa: B018 - parse now: a damaged file must fail here, not later
    except (OSError, ValueError, TypeError) as error:
        raise TrustListError(f"Không đọc được chứng thư tin cậy trong tệp {path}: {error}") from error
    if not roots:
        raise TrustListError(f"Tệp {path} không chứa chứng thư nào.")
    return roots


def load_trust_roots(paths: list[str] | None = None) -> list[TrustRoot]:
    """The certificates named by ``SIGNING_TRUST_ROOTS``: files (PEM or DER, several certificates per PEM
    file allowed) or directories (their ``*.pem``, ``*.crt``, ``*.cer``, ``*.der`` files, not recursive).

    Only these are trusted: the portal's own signing certificate is not trusted because the portal holds it.
    """
    roots: list[TrustRoot] = []
    for name in settings.SIGNING_TRUST_ROOTS if paths is None else paths:
        path = Path(name)
        if path.is_dir():
            for item in sorted(path.iterdir()):
                if item.is_file() and item.suffix.lower() in TRUST_SUFFIXES:
                    roots += _certificates_in(item)
        elif path.is_file():
            roots += _certificates_in(path)
        else:
            raise TrustListError(f"Không có tệp hoặc thư mục chứng thư tin cậy {path} (SIGNING_TRUST_ROOTS).")
    return roots


@dataclass(frozen=True)
class SignatureReport:
    """What a verification found. ``intact``: the signed bytes are unchanged; ``valid``: the
    cryptographic signature checks; ``trusted``: the certificate chains to a root of the operator's trust
    list; ``whole_document``: the signature covers every byte of the file (nothing appended, no later
    revision, nothing hidden in the signature's own slot)."""

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_document: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None
    message: str = ""
    trust_roots: tuple[str, ...] = ()  # the trust list used, one description per root
    trust_anchor: str = ""  # the root the signer's chain reached, when trusted
    trust_problem: str = ""  # why no trust list could be used

    @property
    def ok(self) -> bool:
        """Only a trusted signer counts: anyone can re-sign a forged file with a certificate of their own."""
        return self.signed and self.intact and self.valid and self.trusted and self.whole_document


def _der_length(data: bytes) -> int | None:
    """Length of the DER element at the start of ``data`` (tag, length and content), or None."""
    if len(data) < 2 or data[0] != 0x30:
        return None
    first = data[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(data) < 2 + count:
        return None
    return 2 + count + int.from_bytes(data[2 : 2 + count], "big")


def covers_every_byte(pdf: bytes, byte_range: list[int]) -> bool:
    """The byte range runs from the first byte to the last, and the gap it leaves holds exactly the
    signature: ``<`` hex digits of one DER object (one letter case), zero padding, ``>``. So no byte of
    the file can change without changing the signed bytes or the signature."""
    if len(byte_range) != 4 or byte_range[0] != 0:
        return False
    _, len1, start2, len2 = byte_range
    if start2 + len2 != len(pdf) or not 0 < len1 < start2:
        return False
    gap = pdf[len1:start2]
    hex_text = gap[1:-1]
    if gap[:1] != b"<" or gap[-1:] != b">" or not (hex_text == hex_text.lower() or hex_text == hex_text.upper()):
        return False
    try:
        content = bytes.fromhex(hex_text.decode("ascii"))
    except ValueError:
        return False
    if len(hex_text) != 2 * len(content):  # fromhex skips whitespace; none is allowed here
        return False
    length = _der_length(content)
    return length is not None and length <= len(content) and not content[length:].strip(b"\x00")


def verify_pdf(pdf: bytes, trust_roots: list[TrustRoot] | None = None) -> SignatureReport:
    """Check the signature of ``pdf`` against the trust list; any failure is a report, never a crash."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - a damaged file is a verification result
        return SignatureReport(signed=False, message=f"Không đọc được tệp PDF: {error}")
    if not signatures:
        return SignatureReport(signed=False, message="Tệp PDF không có chữ ký số.")
    problem = ""
    if trust_roots is None:
        try:
            trust_roots = load_trust_roots()
        except TrustListError as error:
            trust_roots, problem = [], str(error)
    if not trust_roots and not problem:
        problem = "Danh sách chứng thư tin cậy trống: chưa cấu hình SIGNING_TRUST_ROOTS."
    described = tuple(root.describe() for root in trust_roots)
    try:
        return _validate(pdf, signatures, trust_roots, described, problem)
    except Exception as error:  # noqa: BLE001 - a forged file must give a report, not a traceback
        return SignatureReport(
            signed=True, message=f"Chữ ký số không kiểm tra được: {error}", trust_roots=described, trust_problem=problem
        )


def _validate(pdf: bytes, signatures: list, roots: list[TrustRoot], described: tuple, problem: str) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[root.certificate for root in roots], allow_fetching=False)
    signature = signatures[0]
    status = validate_pdf_signature(signature, context)
    coverage = getattr(getattr(status, "coverage", None), "name", "")
    # One signature, covering the whole file: pyHanko's ENTIRE_FILE plus our own check of the byte range.
    whole = len(signatures) == 1 and coverage == "ENTIRE_FILE" and covers_every_byte(pdf, list(signature.byte_range))
    path = getattr(status, "validation_path", None)
    return SignatureReport(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_document=whole,
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
        message=status.summary(),
        trust_roots=described,
        trust_anchor=path[0].subject.human_friendly if status.trusted and path is not None else "",
        trust_problem=problem,
    )


def create_self_signed_p12(path: Path, passphrase: bytes, *, common_name: str, days: int = 3650) -> None:
    """A self-signed RSA certificate for demos and tests, written as PKCS#12 (mode 0600)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Tân Bình (chứng thư thử nghiệm)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=common_name.encode(),
        key=key,
        cert=certificate,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)


def export_certificate_pem(p12_path: Path, passphrase: bytes, out: Path) -> Path:
    """Write the certificate (not the key) of a PKCS#12 file as PEM, e.g. onto a trust-list directory."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    _, certificate, _ = pkcs12.load_key_and_certificates(p12_path.read_bytes(), passphrase)
    if certificate is None:
        raise SigningError(f"Tệp {p12_path} không có chứng thư.")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(certificate.public_bytes(Encoding.PEM))
    return out
