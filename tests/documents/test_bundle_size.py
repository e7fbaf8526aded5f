"""The bundle's size against the limit the verifier applies (issue 11): one setting, read by both sides;
the officer and the chairman are warned before and at generation, with the size and the limit."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.engine.bundle import bundle_max_bytes, bundle_size_warning, human_size
from documents.kinds import KindCode
from documents.models import GeneratedDocument
from rewards.models import EvidenceFile
from tests.documents.test_evidence_in_documents import _draft_with_file
from tests.rewards.helpers import ensure_award_round


@pytest.fixture
def with_evidence(campaign):
    """The first nomination proposed upward with one frozen PDF (as in the evidence tests)."""
    from django.utils import timezone

    from documents.sources.awards import proposed_nominations
    from rewards.services.evidence_files import evidence_files_freeze

    ensure_award_round(campaign)
    nomination = proposed_nominations(campaign)[0]
    draft = _draft_with_file(campaign, nomination.award_form, "Biên bản họp chi bộ.pdf")
    EvidenceFile.objects.filter(nomination=draft).update(nomination=nomination)
    evidence_files_freeze(nomination=nomination, at=timezone.now())
    return nomination, EvidenceFile.objects.get(nomination=nomination)


def test_the_generation_reads_the_verifiers_own_limit(settings):
    settings.BUNDLE_VERIFY_MAX_BYTES = 3 * 1024 * 1024
    assert bundle_max_bytes() == 3 * 1024 * 1024
    assert bundle_size_warning(3 * 1024 * 1024) == ""
    warning = bundle_size_warning(4 * 1024 * 1024)
    assert "Hồ sơ trình huyện có dung lượng 4 MB, vượt giới hạn 3 MB" in warning
    assert "BUNDLE_VERIFY_MAX_BYTES" in warning
    # Before generation only the evidence files are known: near the limit already warns.
    assert bundle_size_warning(2 * 1024 * 1024, estimate=True) == ""
    assert "gần giới hạn 3 MB" in bundle_size_warning(int(2.6 * 1024 * 1024), estimate=True)
    assert "vượt giới hạn 3 MB" in bundle_size_warning(4 * 1024 * 1024, estimate=True)


# The advice every warning ends with, written out here (not read from the code under test).
ADVICE = (
    "Phòng Nội vụ sẽ không kiểm tra được hồ sơ này trên trang Kiểm tra hồ sơ ký số. Hãy thay các tệp minh "
    "chứng lớn bằng bản quét có dung lượng nhỏ hơn, hoặc đề nghị quản trị hệ thống nâng giới hạn "
    "(thiết lập BUNDLE_VERIFY_MAX_BYTES)."
)


def test_the_warnings_word_for_word_and_their_boundaries(settings):
    limit = 3 * 1024 * 1024  # 3,145,728 bytes; 80 % of it is 2,516,582.4
    settings.BUNDLE_VERIFY_MAX_BYTES = limit
    # A generated bundle: exactly at the limit is taken, one byte more is not.
    assert bundle_size_warning(limit) == ""
    assert bundle_size_warning(limit + 1) == (
        f"Hồ sơ trình huyện có dung lượng 3 MB, vượt giới hạn 3 MB. {ADVICE}"  # 3,145,729 bytes shows as 3 MB
    )
    # Before generation: the evidence alone over the limit, exactly at it (near), and 80 % as the edge.
    assert bundle_size_warning(limit + 1, estimate=True) == (
        f"Các tệp minh chứng kèm hồ sơ trình huyện đã có dung lượng 3 MB, vượt giới hạn 3 MB. {ADVICE}"
    )
    assert bundle_size_warning(limit, estimate=True) == (
        "Các tệp minh chứng kèm hồ sơ trình huyện có dung lượng 3 MB, gần giới hạn 3 MB; cùng các văn bản, "
        f"hồ sơ có thể vượt giới hạn. {ADVICE}"
    )
    assert bundle_size_warning(2_516_583, estimate=True) == (
        "Các tệp minh chứng kèm hồ sơ trình huyện có dung lượng 2,4 MB, gần giới hạn 3 MB; cùng các văn bản, "
        f"hồ sơ có thể vượt giới hạn. {ADVICE}"
    )
    assert bundle_size_warning(2_516_582, estimate=True) == ""
    assert bundle_size_warning(0, estimate=True) == ""
    # A limit whose 80 % is a whole number of bytes: exactly 80 % is not yet near.
    settings.BUNDLE_VERIFY_MAX_BYTES = 5 * 1024 * 1024
    assert bundle_size_warning(4 * 1024 * 1024, estimate=True) == ""
    assert bundle_size_warning(4 * 1024 * 1024 + 1, estimate=True) == (
        "Các tệp minh chứng kèm hồ sơ trình huyện có dung lượng 4 MB, gần giới hạn 5 MB; cùng các văn bản, "
        f"hồ sơ có thể vượt giới hạn. {ADVICE}"
    )


def test_the_chairman_is_warned_before_approving_a_bundle_whose_evidence_passes_the_limit(
    settings, with_evidence, client_as
):
    nomination, record = with_evidence
    url = reverse("documents:document-list", args=[nomination.campaign.slug])
    assert "vượt giới hạn" not in client_as("chutich").get(url).content.decode()
    settings.BUNDLE_VERIFY_MAX_BYTES = record.size - 1
    page = client_as("chutich").get(url).content.decode()
    assert f"đã có dung lượng {human_size(record.size)}, vượt giới hạn {human_size(record.size - 1)}" in page
    # The district reads the bundle's card, but the warning is for those who generate it.
    assert "vượt giới hạn" not in client_as("noivu").get(url).content.decode()
    assert EvidenceFile.objects.filter(nomination=nomination).exists()


@pytest.mark.usefixtures("signing_certificate")
def test_a_generated_bundle_over_the_limit_says_so_on_its_version_and_in_the_command(
    settings, with_evidence, client_as, tmp_path
):
    from django.contrib.auth.models import User

    from documents.services import document_render, document_request

    nomination, _record = with_evidence
    campaign = nomination.campaign
    chairman = User.objects.get(username="chutich")
    document = document_render(
        document_id=document_request(actor=chairman, campaign=campaign, kind=KindCode.DISTRICT_BUNDLE).pk
    )
    assert document.status == "done" and document.size_warning == ""
    settings.BUNDLE_VERIFY_MAX_BYTES = document.size - 1
    document = GeneratedDocument.objects.get(pk=document.pk)
    assert f"có dung lượng {human_size(document.size)}, vượt giới hạn" in document.size_warning
    page = client_as("chutich").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert "Hồ sơ trình huyện có dung lượng" in page
    settings.BUNDLE_VERIFY_MAX_BYTES = 1024  # the command's unsigned bundle is a few bytes smaller
    errors = io.StringIO()
    call_command(
        "render_documents", campaign=campaign.slug, out=str(tmp_path / "out"), stdout=io.StringIO(), stderr=errors
    )
    assert "Hồ sơ trình huyện có dung lượng" in errors.getvalue() and "vượt giới hạn 1 KB" in errors.getvalue()
