"""Documents of a campaign, the bundle verifier, the summary report page and the signing images page.

The paths are the ones the pages had in campaigns and rewards, so bookmarks keep working; only the URL
names moved to the ``documents`` namespace.
"""

from django.urls import path

from documents.views import documents, receiving, signing_images, summary

app_name = "documents"

urlpatterns = [
    path("phong-trao/<slug:slug>/van-ban/", documents.document_list, name="document-list"),
    path("phong-trao/<slug:slug>/van-ban/tao/<slug:kind>/", documents.document_generate, name="document-generate"),
    path("phong-trao/<slug:slug>/van-ban/<int:pk>/tien-do/", documents.document_progress, name="document-progress"),
    path("phong-trao/<slug:slug>/van-ban/<int:pk>/tai-ve/", documents.document_download, name="document-download"),
    path("phong-trao/<slug:slug>/van-ban/<int:pk>/da-nhan/", documents.document_receive, name="document-receive"),
    path("phong-trao/<slug:slug>/van-ban/<int:pk>/ky-so/", documents.document_sign, name="document-sign"),
    path("phong-trao/<slug:slug>/van-ban/<int:pk>/gui-cap-tren/", receiving.submission_send, name="submission-send"),
    path("phong-trao/<slug:slug>/van-ban/to-trinh/ky/", documents.submission_finalise, name="submission-finalise"),
    path("tiep-nhan/", receiving.inbox, name="inbox"),
    path("tiep-nhan/han-gui/", receiving.deadlines, name="deadlines"),
    path("tiep-nhan/<int:pk>/", receiving.submission_page, name="submission-detail"),
    path("tiep-nhan/<int:pk>/tiep-nhan/", receiving.submission_receive, name="submission-receive"),
    path("tiep-nhan/<int:pk>/tra-lai/", receiving.submission_return, name="submission-return"),
    path("tiep-nhan/<int:pk>/ket-qua/", receiving.submission_outcome, name="submission-outcome"),
    path("kiem-tra-ho-so/", documents.bundle_verify, name="bundle-verify"),
    path("ky-so/anh-chu-ky-con-dau/", signing_images.signing_images, name="signing-images"),
    path("ky-so/anh-chu-ky-con-dau/<int:pk>/anh.png", signing_images.signing_image, name="signing-image"),
    path("ky-so/anh-chu-ky-con-dau/<int:pk>/xoa/", signing_images.signing_image_delete, name="signing-image-delete"),
    path("khen-thuong/<slug:slug>/bao-cao-tong-ket/", summary.summary_report, name="summary-report"),
    path("khen-thuong/<slug:slug>/bao-cao-tong-ket/trinh/", summary.summary_submit, name="summary-submit"),
    path("khen-thuong/<slug:slug>/bao-cao-tong-ket/duyet/", summary.summary_approve, name="summary-approve"),
]
