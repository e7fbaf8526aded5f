"""Evidence files in the documents (issue 14): the báo cáo thành tích lists each frozen file; the district
bundle carries their bytes under the SHA-256 stored at upload, and the verifier catches a changed one."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.engine.bundle import MANIFEST, BundleError, verify_bundle
from documents.kinds import KindCode
from documents.kinds.achievement_reports import build_achievement_reports
from documents.kinds.district_bundle import assemble_bundle
from documents.sources.awards import proposed_nominations
from rewards import services
from rewards.models import EvidenceFile
from rewards.services.evidence_files import evidence_files_freeze
from tests.documents import pdfcheck
from tests.documents.test_bundle import rezip
from tests.rewards.helpers import PDF_BYTES, ensure_award_round


def _draft_with_file(campaign, award_form, name: str):
    """A draft nomination of someone the award round left out, with one PDF, through the services."""
    from campaigns.models import Person
    from rewards.models import Nomination

    officer = User.objects.get(username="vanphong")
    taken = Nomination.objects.filter(campaign=campaign, person__isnull=False).values("person_id")
    person = Person.objects.filter(commune=campaign.commune, is_active=True).exclude(pk__in=taken).first()
    draft = services.nomination_create(
        actor=officer,
        campaign=campaign,
        award_form=award_form,
        person=person,
        sections={"profile": "Công chức.", "achievements": "Hoàn thành nhiệm vụ."},
    )
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    services.evidence_file_add(actor=officer, nomination=draft, upload=upload, description="Biên bản họp")
    return draft


@pytest.fixture
def proposed_with_file(campaign):
    """The first nomination proposed upward, holding one frozen PDF. The demo's award round submits its
    nominations itself, so the file is uploaded through the service on a draft and then moved onto the
    proposed nomination and frozen the way its submission freezes files."""
    ensure_award_round(campaign)
    nomination = proposed_nominations(campaign)[0]
    draft = _draft_with_file(campaign, nomination.award_form, "Biên bản họp chi bộ.pdf")
    EvidenceFile.objects.filter(nomination=draft).update(nomination=nomination)
    evidence_files_freeze(nomination=nomination, at=timezone.now())
    return nomination, EvidenceFile.objects.get(nomination=nomination)


def test_the_achievement_report_lists_the_nominees_evidence_files(campaign, proposed_with_file):
    nomination, record = proposed_with_file
    files = build_achievement_reports(campaign)
    text = pdfcheck.all_text(files[0].content)
    assert "Tài liệu minh chứng kèm theo báo cáo (1 tệp" in text
    assert "Biên bản họp chi bộ.pdf" in text and record.kind_label in text and record.size_display in text
    others = " ".join(pdfcheck.all_text(f.content) for f in files[1:])
    assert "Biên bản họp chi bộ.pdf" not in others


def _bundle(campaign) -> bytes:
    built = {KindCode.ACHIEVEMENT_REPORTS: build_achievement_reports(campaign)}
    return assemble_bundle(campaign, built, sign=True).content


def test_the_district_bundle_carries_the_frozen_files_under_their_stored_hash(
    campaign, proposed_with_file, signing_certificate
):
    _, record = proposed_with_file
    data = _bundle(campaign)
    archive = zipfile.ZipFile(io.BytesIO(data))
    path = next(name for name in archive.namelist() if name.startswith("minh-chung/"))
    assert path.startswith("minh-chung/01-") and path.endswith("/01-bien-ban-hop-chi-bo.pdf")
    assert archive.read(path) == PDF_BYTES
    entry = next(e for e in json.loads(archive.read(MANIFEST))["files"] if e["path"] == path)
    assert (entry["sha256"], entry["size"]) == (record.sha256, record.size)
    assert verify_bundle(data).ok
    tampered = verify_bundle(rezip(data, {path: PDF_BYTES.replace(b"1.4", b"1.7")}))
    assert not tampered.ok and tampered.changed == [path]


def test_a_file_changed_on_the_servers_disk_is_refused_rather_than_bundled(campaign, proposed_with_file):
    _, record = proposed_with_file
    with open(record.file.path, "wb") as stored:
        stored.write(PDF_BYTES + b"% changed\n")
    with pytest.raises(BundleError, match="không còn khớp với mã SHA-256"):
        _bundle(campaign)
