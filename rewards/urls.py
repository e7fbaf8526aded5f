"""Nominations, council and decisions (issue: Awards)."""

from django.urls import path

from rewards.views import approval, config, council, evidence_files, nominations, progress, receiving

app_name = "rewards"

N = "<slug:slug>/de-nghi/<int:pk>"

urlpatterns = [
    path("", nominations.rewards_index, name="index"),
    path("<slug:slug>/de-nghi/", nominations.nomination_list, name="nomination-list"),
    path("<slug:slug>/de-nghi/tao/", nominations.nomination_create, name="nomination-create"),
    path(f"{N}/", nominations.nomination_detail, name="nomination-detail"),
    path(f"{N}/sua/", nominations.nomination_edit, name="nomination-edit"),
    path(f"{N}/gui/", nominations.nomination_submit, name="nomination-submit"),
    path(f"{N}/tra-lai/", nominations.nomination_return, name="nomination-return"),
    path(f"{N}/cho-phep/", nominations.nomination_override, name="nomination-override"),
    path(f"{N}/tiep-nhan/", nominations.nomination_accept, name="nomination-accept"),
    path(f"{N}/de-nghi-cap-tren/", nominations.nomination_propose, name="nomination-propose"),
    path(f"{N}/ket-qua/", nominations.nomination_outcome, name="nomination-outcome"),
    path(f"{N}/tep/", evidence_files.evidence_file_add, name="evidence-file-add"),
    path(f"{N}/tep/<int:fid>/", evidence_files.evidence_file_download, name="evidence-file-download"),
    path(f"{N}/tep/<int:fid>/thay/", evidence_files.evidence_file_replace, name="evidence-file-replace"),
    path(f"{N}/tep/<int:fid>/xoa/", evidence_files.evidence_file_delete, name="evidence-file-delete"),
    path("chi-tieu-cac-xa/", receiving.commune_quota_list, name="commune-quotas"),
    path("tien-do/", progress.progress_home, name="progress-home"),
    path("<slug:slug>/tien-do/", progress.progress_index, name="progress-index"),
    path("<slug:slug>/tien-do/ca-nhan/<int:pk>/", progress.progress_person, name="progress-person"),
    path("<slug:slug>/tien-do/tap-the/<int:pk>/", progress.progress_unit, name="progress-unit"),
    path("<slug:slug>/cau-hinh/", config.round_config, name="round-config"),
    path("<slug:slug>/cau-hinh/chi-tieu/", config.quota_save, name="quota-save"),
    path("<slug:slug>/cau-hinh/dieu-kien/", config.rule_add, name="rule-add"),
    path("<slug:slug>/cau-hinh/dieu-kien/<int:pk>/xoa/", config.rule_delete, name="rule-delete"),
    path("<slug:slug>/cau-hinh/hoi-dong/", config.member_save, name="member-save"),
    path("<slug:slug>/cau-hinh/hoi-dong/thanh-lap/", config.council_establish, name="council-establish"),
    path("<slug:slug>/hoi-dong/", council.meeting_list, name="meeting-list"),
    path("<slug:slug>/hoi-dong/giay-moi/", council.meeting_convene, name="meeting-convene"),
    path("<slug:slug>/hoi-dong/hop/tao/", council.meeting_create, name="meeting-create"),
    path("<slug:slug>/hoi-dong/hop/<int:pk>/", council.meeting_detail, name="meeting-detail"),
    path("<slug:slug>/hoi-dong/hop/<int:pk>/bien-ban/", council.meeting_minutes, name="meeting-minutes"),
    path("<slug:slug>/hoi-dong/hop/<int:pk>/bien-ban/ghi/", council.meeting_minutes_save, name="meeting-minutes-save"),
    path("<slug:slug>/hoi-dong/hop/<int:pk>/ket-thuc/", council.meeting_close, name="meeting-close"),
    path("<slug:slug>/hoi-dong/hop/<int:pk>/ban-kiem-phieu/", council.meeting_tellers, name="meeting-tellers"),
    path("<slug:slug>/hoi-dong/phieu/<int:pk>/kiem-phieu/", council.ballot_tally, name="ballot-tally"),
    path("<slug:slug>/hoi-dong/phieu/<int:pk>/bo-phieu/", council.ballot_vote, name="ballot-vote"),
    path("<slug:slug>/hoi-dong/phieu/<int:pk>/sua/", council.ballot_correct, name="ballot-correct"),
    path("<slug:slug>/phe-duyet/", approval.approval_page, name="approval"),
    path("<slug:slug>/phe-duyet/duyet/", approval.approval_approve, name="approval-approve"),
    path("<slug:slug>/phe-duyet/tra-lai/", approval.approval_return, name="approval-return"),
    path("<slug:slug>/phe-duyet/huy/", approval.approval_unapprove, name="approval-unapprove"),
    path("<slug:slug>/quyet-dinh/ban-hanh/", approval.decision_issue, name="decision-issue"),
    path("<slug:slug>/quyet-dinh/<int:pk>/", approval.decision_detail, name="decision-detail"),
    path("lich-su/ca-nhan/<int:pk>/", approval.history_person, name="history-person"),
    path("lich-su/tap-the/<int:pk>/", approval.history_unit, name="history-unit"),
]
