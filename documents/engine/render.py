"""Renderers: one function per document, data class in, PDF bytes out (via documents.engine.pdf)."""

from __future__ import annotations

from documents.engine import data
from documents.engine.charts import line_chart_svg
from documents.engine.pdf import render_pdf


def render_plan(doc: data.PlanDocument) -> bytes:
    return render_pdf("print/ke_hoach.html", {"doc": doc})


def render_summary_report(doc: data.SummaryReportDocument) -> bytes:
    charts = [(series, line_chart_svg(series)) for series in doc.trends]
    return render_pdf("print/bao_cao_tong_ket.html", {"doc": doc, "charts": charts})


def render_council_minutes(doc: data.CouncilMinutesDocument) -> bytes:
    return render_pdf("print/bien_ban_hop_hoi_dong.html", {"doc": doc})


def render_submission(doc: data.SubmissionDocument) -> bytes:
    return render_pdf("print/to_trinh.html", {"doc": doc})


def render_achievement_report(doc: data.AchievementReportDocument) -> bytes:
    return render_pdf("print/bao_cao_thanh_tich.html", {"doc": doc})


def render_decision(doc: data.DecisionDocument) -> bytes:
    return render_pdf("print/quyet_dinh.html", {"doc": doc})


def render_certificate(doc: data.CertificateDocument) -> bytes:
    return render_pdf("print/giay_khen.html", {"doc": doc}, stylesheets=("print.css", "print-certificate.css"))


def render_pledge(doc: data.PledgeDocument) -> bytes:
    return render_pdf("print/dang_ky_thi_dua.html", {"doc": doc})
