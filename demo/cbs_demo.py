"""Made-up CBS figures for the demo's Hilversum buurten, for two years (2022 and 2024).

Plausible, not real: derived from a hash of the CBS code, so every run gives the same figures.
They are stored as demo data (neighbourhoods.services.store_demo_facts): the pages say so and the
source reads "Demo-gegevens (verzonnen, geen CBS-cijfers)".
"""

import hashlib

YEARS = (2022, 2024)


def _unit(code: str, salt: str) -> float:
    """A number in [0, 1) fixed by the code."""
    digest = hashlib.sha256(f"{code}:{salt}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def figures(code: str) -> dict:
    """{year: {fact key: value}} for one buurt."""
    r = lambda salt: _unit(code, salt)  # noqa: E731
    dwellings = round(300 + 1700 * r("w"))
    households = round(dwellings * (0.9 + 0.08 * r("h")))
    own = round(25 + 55 * r("k"), 1)
    corporation = round(max(2.0, (100 - own) * (0.4 + 0.5 * r("c"))), 1)
    old = round(55 + 43 * r("b"), 1)
    gas = round(850 + 900 * r("g") + 4 * (old - 55))
    result = {}
    for step, year in enumerate(YEARS):
        result[year] = {
            "aantal_inwoners": round(households * 2.1),
            "aantal_huishoudens": households,
            "woningvoorraad": dwellings + step * round(20 * r("n")),
            "percentage_eengezinswoning": round(35 + 55 * r("e"), 1),
            "percentage_koopwoningen": round(own + step * 0.8, 1),
            "perc_huurwoningen_in_bezit_woningcorporaties": round(corporation - step * 0.6, 1),
            "percentage_bouwjaarklasse_tot_2000": round(old - step * 0.7, 1),
            # Gas use falls over the years (insulation, heat pumps), electricity rises a little.
            "gemiddeld_gasverbruik_totaal": round(gas * (1 - step * (0.06 + 0.06 * r("d")))),
            "gemiddeld_elektriciteitsverbruik_totaal": round((2400 + 900 * r("el")) * (1 + step * 0.04)),
            "percentage_woningen_met_stadsverwarming": round(12 * r("s") ** 3 + step * 0.5, 1),
            "percentage_huishoudens_onder_of_rond_sociaal_minimum": round(3 + 9 * r("m") - step * 0.3, 1),
        }
    return result
