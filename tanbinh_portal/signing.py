"""PAdES signatures with pyHanko: sign a PDF with the configured PKCS#12, verify a signed PDF.

Configuration (environment, see README): ``SIGNING_P12_PATH`` and either
``SIGNING_P12_PASSPHRASE`` or ``SIGNING_P12_PASSPHRASE_FILE`` (a secret file, preferred). Without
them the portal uses the self-signed demo certificate that ``make setup`` creates under
``var/signing/`` (``manage.py create_demo_certificate``). No visible stamp is drawn: the
signature is the document's agency digital signature, checked by any PAdES reader.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SIGNATURE_FIELD = "ChuKySoUBND"


class SigningError(RuntimeError):
    """Signing is not possible (no certificate, wrong passphrase); the message is for the user."""


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


def signing_certificate():
    """The configured certificate (asn1crypto), used as the trust root when verifying."""
    return load_signer().signing_cert


def sign_pdf(pdf: bytes, *, reason: str, location: str, signer=None) -> bytes:
    """A PAdES (ETSI.CAdES.detached) signature over the whole of ``pdf``, as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signer or load_signer()
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    signers.sign_pdf(writer, meta, signer=signer, output=out)
    return out.getvalue()


@dataclass(frozen=True)
class SignatureReport:
    """What a verification found. ``intact``: the signed bytes are unchanged; ``valid``: the
    cryptographic signature checks; ``trusted``: the certificate chains to a trusted root;
    ``whole_document``: nothing was appended after signing (other than a later signature)."""

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_document: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        """Only a trusted signer counts: anyone can re-sign a forged file with a certificate of their own."""
        return self.signed and self.intact and self.valid and self.trusted and self.whole_document


def verify_pdf(pdf: bytes, trust_roots: list | None = None) -> SignatureReport:
    """Check the first signature of ``pdf``; any exception becomes a failed report, never a crash."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - a damaged file is a verification result
        return SignatureReport(signed=False, message=f"Không đọc được tệp PDF: {error}")
    if not signatures:
        return SignatureReport(signed=False, message="Tệp PDF không có chữ ký số.")
    if trust_roots is None:
        try:
            trust_roots = [signing_certificate()]
        except SigningError:
            trust_roots = []
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception as error:  # noqa: BLE001
        return SignatureReport(signed=True, message=f"Chữ ký số không kiểm tra được: {error}")
    # The signature must cover the whole file, or its whole revision with no revision added after it.
    coverage = getattr(getattr(status, "coverage", None), "name", "")
    last_revision = reader.xrefs.total_revisions - 1
    whole = coverage == "ENTIRE_FILE" or (
        coverage == "ENTIRE_REVISION" and signatures[0].signed_revision == last_revision
    )
    return SignatureReport(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_document=bool(whole),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
        message=status.summary(),
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
