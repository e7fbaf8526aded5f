import json

from campaigns.models import Person, Unit, UnitType
from campaigns.services import unit_save
from kpi.selectors import evidence_for_person, evidence_for_unit
from kpi.services import monthly_values_save
from tanbinh_portal.optimistic import UNCHECKED
from tests.kpi.conftest import row

KEYS = {
    "code",
    "label",
    "indicator",
    "period",
    "scope",
    "numerator",
    "denominator",
    "value",
    "formula_version",
    "fingerprint",
}


def test_an_officer_gets_their_own_on_time_rate_and_harassment_count(import_rows, campaign):
    import_rows(
        [
            row("A", **{"Cán bộ xử lý": "võ  thị lan"}),
            row(
                "B",
                **{
                    "Cán bộ xử lý": "Võ Thị Lan",
                    "Ngày có kết quả": "20/03/2022",
                    "Đánh giá": "KHL",
                    "Lý do không hài lòng": "gây phiền hà",
                },
            ),
            row("C", **{"Cán bộ xử lý": "Phan Thị Ngọc"}),
        ]
    )
    lan = Person.objects.get(full_name="Võ Thị Lan")
    evidence = evidence_for_person(campaign, lan)
    json.dumps(evidence)
    assert all(set(item) == KEYS for item in evidence)
    by_code = {item["code"]: item for item in evidence}
    handled = by_code[f"on_time_rate:handler:{lan.pk}:campaign"]
    assert (handled["numerator"], handled["denominator"], handled["value"]) == (1, 2, "50")
    assert by_code[f"dissatisfied_harassment:handler:{lan.pk}:campaign"]["numerator"] == 1
    assert by_code[f"on_time_rate:receiver:{lan.pk}:campaign"]["denominator"] == 3  # she received all three
    assert all(item["period"] == "campaign" and item["formula_version"] for item in evidence)


def test_a_person_absent_from_the_logs_has_no_evidence(import_rows, campaign):
    import_rows([row("A")])
    assert evidence_for_person(campaign, Person.objects.get(full_name="Mai Văn Toàn")) == []


def test_the_one_stop_desk_gets_commune_kpis_and_monthly_figures(import_rows, campaign, officer):
    import_rows([row("A")])
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 40}, expected_version=UNCHECKED
    )
    from kpi.services import indicators_recompute

    indicators_recompute(campaign=campaign)
    desk = Unit.objects.get(unit_type=UnitType.ONE_STOP)
    evidence = evidence_for_unit(campaign, desk)
    json.dumps(evidence)
    codes = {item["code"] for item in evidence}
    assert "on_time_rate:commune:commune:campaign" in codes
    assert "e_documents:commune:commune:2022-03" in codes
    assert "e_documents:commune:commune:campaign" in codes


def test_a_department_gets_the_fields_named_in_it_and_others_nothing(import_rows, campaign, officer):
    import_rows([row("A", **{"Lĩnh vực": "Hộ tịch"})])
    # The demo commune has no such unit (its civil servants belong to the UBND); a commune that keeps
    # a department per field gets that field's figures.
    justice = unit_save(
        actor=officer,
        commune=campaign.commune,
        data={"name": "Tổ Tư pháp – Hộ tịch", "unit_type": UnitType.DEPARTMENT},
        expected_version=UNCHECKED,
    )
    evidence = evidence_for_unit(campaign, justice)
    assert evidence and all(item["scope"] == "field:Hộ tịch" for item in evidence)
    assert evidence_for_unit(campaign, Unit.objects.get(name="Ấp Tân Đông")) == []
