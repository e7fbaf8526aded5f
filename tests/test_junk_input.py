"""No input a user can type gives a server error: every page in the matrix, for the roles allowed
on it, with NUL bytes, SQL-looking text, huge numbers and empty forms (GET as query parameters)."""

import pytest

from tests.test_permission_matrix import COLUMN_ROLE, award_round, matrix_rows, url_for  # noqa: F401

FIELDS = [
    "reason",
    "comment",
    "name",
    "full_name",
    "text",
    "order",
    "kind",
    "target_1",
    "indicator_1",
    "comparator_1",
    "registration_deadline",
    "version",
    "date",
    "month",
    "value",
    "file",
    "nominations",
    "decision_date",
    "signatory",
    "agree",
    "disagree",
    "invalid",
    "quota",
    "percentage",
    "start_date",
    "end_date",
    "person",
    "unit",
    "award_form",
    "place",
    "meeting_date",
    "outcome",
    "choice",
    "e_documents",
    "key",
    "label",
    "unit",
    "help_text",
    "aggregation",
    "is_active",
    "criterion",
    "document_date",
    "title",
    "slug",
    "role",
    "threshold",
    "q",
    "loai",
    "tap_the",
    "page",
]
PAYLOADS = [
    dict.fromkeys(FIELDS, "\x00'; DROP TABLE x; --"),
    dict.fromkeys(FIELDS, "-99999999999999999999"),
    {},
]


@pytest.mark.parametrize("column", ["CT", "VP", "HĐ", "CB", "NV"])
def test_junk_input_never_gives_a_server_error(column, campaign, client_as, award_round):  # noqa: F811
    username = COLUMN_ROLE[column]
    client = client_as(username)
    client.raise_request_exception = False
    errors = []
    for row in matrix_rows():
        if column not in row["allowed"]:
            continue
        url = url_for(row["name"], campaign, username)
        for data in PAYLOADS:
            response = client.post(url, data) if row["method"] == "POST" else client.get(url, data)
            if response.status_code >= 500:
                errors.append(f"{row['method']} {url}: {response.status_code}")
    assert errors == []
