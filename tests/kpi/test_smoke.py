from django.core.management import call_command

from kpi.models import Dossier, IndicatorValue
from kpi.selectors import evidence_for_person, export_rows


def test_small_file_imports_and_computes(demo, campaign):
    call_command("import_dossiers", "/tmp/kpi-small.csv")
    assert Dossier.objects.count() == 3
    rows = {(r["indicator"], r["period"]): r for r in export_rows(campaign)}
    print(rows[("on_time_rate", "2022-03")], rows[("dissatisfaction_rate", "2022-03")])
    from campaigns.models import Person

    print(evidence_for_person(campaign, Person.objects.get(full_name="Võ Thị Lan")))
    call_command("import_dossiers", "/tmp/kpi-small.csv")
    assert IndicatorValue.objects.count() > 0
