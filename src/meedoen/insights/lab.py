"""Glue between the policy-lab library and the pages: presets, levers, stored results.

Results are stored as plain numbers (5th, 50th and 95th percentile per month and outcome),
so a saved comparison reads back exactly as it was computed, without re-running.
"""

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from meedoen.simulation.policy_lab import Population, Scenario, simulate
from meedoen.simulation.policy_lab.outcomes import BANDS

# Outcomes shown, with the scale each is drawn on; shares are shown as percentages.
SHOWN = {
    "paid_work_share": (_("Paid work"), _("percent of people"), 100.0),
    "participation_share": (_("Taking part"), _("percent of people"), 100.0),
    "wellbeing": (_("Well-being (WHO-5)"), _("average, 0 to 100"), 1.0),
    "income": (_("Income"), _("euro per person per month"), 1.0),
    "on_benefit_share": (_("On benefit"), _("percent of people"), 100.0),
    "cost_total": (_("Cost to the municipality"), _("euro per month"), 1.0),
}

LEVERS = ("sanction_coverage", "exemption_share", "earnings_disregard",
          "intensive_support_places", "free_choice_of_provider", "basisbanen",
          "programme_length_months")


def presets(people: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """Named starting points; every lever stays editable. Sizes scale with the town."""
    return {
        "status_quo": (_("Status quo"), {}),
        "sanctions": (_("Obligations with sanctions"), {"sanction_coverage": 0.8}),
        "regie": (_("Regie with intensified support"), {
            "exemption_share": 1.0, "free_choice_of_provider": True,
            "intensive_support_places": max(1, people // 20)}),
        "basisbanen": (_("Basisbanen"), {"basisbanen": max(1, people // 50)}),
        "disregard": (_("Earnings disregard"), {"earnings_disregard": True}),
    }


def scenario(name: str, levers: dict[str, Any]) -> Scenario:
    """A validated scenario; raises ScenarioError naming the field that is impossible."""
    return Scenario(name=name, **{key: levers[key] for key in LEVERS if key in levers})


def run(scenarios: list[Scenario], *, people: int, months: int, draws: int, seed: int,
        progress=None) -> dict:
    """Simulate each scenario and keep what the pages need as plain numbers.

    Besides each scenario's own bands, the result keeps the bands of its *difference* from the
    first scenario. All scenarios share one seed and so one set of parameter draws; the paired
    difference is then much narrower than the two separate bands suggest, and it is what the
    plain-language summary may call certain or uncertain.
    """
    population = Population.synthetic(people)
    results = []
    runs = []
    for index, item in enumerate(scenarios):
        result = simulate(item, population, months=months, draws=draws, seed=seed)
        entry = {
            "name": item.name,
            "levers": {key: value for key, value in asdict(item).items() if key in LEVERS},
            "bands": {name: (result.band(name) * scale).round(3).tolist()
                      for name, (_label, _unit, scale) in SHOWN.items()},
        }
        if runs:
            entry["difference"] = {
                name: (runs[0].compare(result, name) * scale).round(3).tolist()
                for name, (_label, _unit, scale) in SHOWN.items()
            }
        runs.append(result)
        results.append(entry)
        if progress:
            progress(index + 1, len(scenarios))
    out = {"bands": list(BANDS), "months": months, "draws": draws, "scenarios": results}
    # With all levers off the model should reproduce the CBS figures it was calibrated to:
    # keep that check with the comparison, so the page shows it for this very run.
    status_quo = next((r for r in runs if r.scenario.is_status_quo), None)
    if status_quo is not None:
        out["calibration"] = [
            {"target": row.target, "value": round(float(row.value), 5),
             "simulated": round(float(row.simulated), 5)}
            for row in status_quo.calibration_table().itertuples()
        ]
    return out
