"""The shipped example exports are the seeded generator's output, and realistic."""

from importlib import resources

import pytest

from roi_xl.data import synthetic
from roi_xl.data.baseline import compute_baseline

FOLDER = resources.files("roi_xl").joinpath("data/exports")


def test_committed_files_are_the_generator_output():
    for name, text in synthetic.files().items():
        assert FOLDER.joinpath(name).read_text(encoding="utf-8") == text, name


def test_the_example_is_six_complete_months_with_realistic_rates():
    path = FOLDER.joinpath("tickets.csv")
    result = compute_baseline(path)
    assert result.months == [f"2024-0{m}" for m in range(1, 7)]
    assert result.rows == synthetic.TICKETS
    base = result.baseline
    assert base["Annual_Contacts"] == pytest.approx(
        synthetic.TICKETS / 6 * 12
    )  # all rows, 6 months
    # the generator's rates, within sampling noise of 3,000 tickets
    assert 0.14 < base["Deflection_Rate_Before"] < 0.24
    assert 7 < base["AHT_Before_Min"] < 11
    assert 0.55 < base["FCR_Before"] < 0.80
    assert 0.05 < base["Escalation_Rate_Before"] < 0.12


@pytest.mark.parametrize("vendor", ["zendesk", "intercom", "freshdesk", "salesforce"])
def test_vendor_files_agree_with_the_generic_rows_they_came_from(tmp_path, vendor):
    """Each vendor file holds every 75th ticket; the KPIs it exports equal the generic ones."""
    rows = synthetic.generate()[:: synthetic.VENDOR_STEP]
    if vendor == "zendesk":  # Zendesk holds the tickets people handled
        rows = [r for r in rows if r["automated"] == "false"]
    header = synthetic.HEADER
    if vendor != "intercom":  # no bot flag in the vendor's export: every ticket counts as human
        header = tuple(h for h in header if h != "automated")
    generic = tmp_path / "same.csv"
    generic.write_text(
        ",".join(header) + "\n" + "".join(",".join(str(r[h]) for h in header) + "\n" for r in rows)
    )
    expected = compute_baseline(generic, months="2024-01..2024-06")
    got = compute_baseline(FOLDER.joinpath(f"{vendor}.csv"), vendor, months="2024-01..2024-06")
    compared = {
        "zendesk": ("Contacts", "AHT_Min", "FCR", "Escalation_Rate"),
        "intercom": ("Contacts", "Automated_Contacts"),
        "freshdesk": ("Contacts", "Escalation_Rate"),
        "salesforce": ("Contacts", "AHT_Min", "Escalation_Rate"),
    }[vendor]
    for month in got.months:
        for kpi in compared:
            assert got.monthly[month][kpi] == pytest.approx(expected.monthly[month][kpi]), (
                month,
                kpi,
            )
