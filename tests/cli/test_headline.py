"""The headline and model-check sentence the commands print (issue 20)."""

from roi_xl.cli.headline import HEADLINE, NOT_RUN, checks_status

TOTALS = [f"Total_Costs_{k}" for k in ("Initial", "Y1", "Y2", "Y3")] + [
    f"Total_Gains_Y{t}" for t in (1, 2, 3)
]


def test_a_blank_case_says_the_checks_have_not_run():
    blank = dict.fromkeys(TOTALS, 0) | {"Checks_Failed": 0}
    assert checks_status(blank) == (NOT_RUN, True)
    assert NOT_RUN == "Checks not run: enter the case"


def test_a_case_with_figures_says_whether_its_checks_pass():
    entered = dict.fromkeys(TOTALS, 0) | {"Total_Costs_Initial": 1_000, "Checks_Failed": 0}
    assert checks_status(entered) == ("All model checks pass", True)
    assert checks_status(entered | {"Checks_Failed": 2}) == (
        "2 model checks fail - see the Checks sheet",
        False,
    )


def test_the_headline_leads_with_the_risk_adjusted_discounted_view():
    names = [name for _, name, _ in HEADLINE]
    assert names[:4] == ["ROI_TEI", "NPV_3yr", "PV_Benefits", "PV_Costs"]
    assert names.index("ROI_3yr") > names.index("PV_Costs")
    for name in ("Cash_Gains_3yr", "Capacity_Gains_3yr", "Capacity_Not_Counted_3yr"):
        assert name in names
