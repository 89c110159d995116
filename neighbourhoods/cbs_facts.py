"""Which CBS figures (kerncijfers) the import keeps per neighbourhood and year.

Edit FACTS to keep another figure: `key` is the CBS property name of the Wijk- en Buurtkaart
since 2022 (lowercase), `aliases` the names in older files (BU_CODE style, compared without
underscores and case), `label` and `unit` how the pages show it, `how` how a wijk's figure is
derived from its buurten when CBS gives none ("sum", or "weighted:<key>" for a share or an average
weighted by another figure; None: not derived). `key_fact` marks the few shown beside the role and
goal forms. No migration is needed: facts are stored as (key, value) rows.

CBS's special values are never numbers; each has its own plain phrase (SPECIAL).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# CBS marks missing figures with these codes (CBS, Toelichting Wijk- en Buurtkaart).
SECRET = -99997
LATER = -99995
DISCONTINUED = -99991
OLD_SECRET = -99999999
SPECIAL = {
    SECRET: _("secret or not present"),
    LATER: _("published in a later version"),
    DISCONTINUED: _("no longer published for this level"),
    OLD_SECRET: _("secret or not available"),
}

ATTRIBUTION = _("Source: CBS, Wijk- en Buurtkaart (Kadaster/CBS), licence CC BY 4.0")
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
DEMO_SOURCE = "Demo-gegevens (verzonnen, geen CBS-cijfers)"


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    unit: str
    how: str | None = None
    aliases: tuple = ()
    key_fact: bool = False
    decimals: int = 0


FACTS = [
    Fact("aantal_inwoners", _("inhabitants"), "", "sum", ("aantinw",)),
    Fact("aantal_huishoudens", _("households"), "", "sum", ("aantalhh",)),
    Fact("woningvoorraad", _("dwellings"), "", "sum", ("woningen",), key_fact=True),
    Fact("percentage_eengezinswoning", _("single-family houses"), "%", "weighted:woningvoorraad", ("peenwon",)),
    Fact("percentage_koopwoningen", _("owner-occupied dwellings"), "%", "weighted:woningvoorraad", ("pkoopwon",), True),
    Fact(
        "perc_huurwoningen_in_bezit_woningcorporaties",
        _("rented from a housing corporation"),
        "%",
        "weighted:woningvoorraad",
        ("phuurcorp", "pwcorpw"),
        True,
    ),
    Fact(
        "percentage_bouwjaarklasse_tot_2000",
        _("built before 2000"),
        "%",
        "weighted:woningvoorraad",
        ("pbjvoor2000",),
        True,
    ),
    Fact(
        "gemiddeld_gasverbruik_totaal",
        _("average gas use per dwelling"),
        "m³",
        "weighted:woningvoorraad",
        ("ggastot",),
        True,
    ),
    Fact(
        "gemiddeld_elektriciteitsverbruik_totaal",
        _("average electricity use per dwelling"),
        "kWh",
        "weighted:woningvoorraad",
        ("gelektot",),
    ),
    Fact(
        "percentage_woningen_met_stadsverwarming",
        _("dwellings with district heating"),
        "%",
        "weighted:woningvoorraad",
        ("pstadverw",),
        True,
    ),
    Fact(
        "gemiddelde_woningwaarde", _("average property value (WOZ)"), "× € 1,000", "weighted:woningvoorraad", ("woz",)
    ),
    Fact(
        "percentage_huishoudens_onder_of_rond_sociaal_minimum",
        _("households at or below the social minimum"),
        "%",
        "weighted:aantal_huishoudens",
        ("phhsocmin",),
        True,
    ),
]
BY_KEY = {f.key: f for f in FACTS}
KEY_FACTS = [f for f in FACTS if f.key_fact]


def normalise(name: str) -> str:
    return "".join(ch for ch in str(name).lower() if ch not in " _-")


# Normalised property name -> fact key.
_LOOKUP = {}
for _fact in FACTS:
    _LOOKUP[normalise(_fact.key)] = _fact.key
    for _alias in _fact.aliases:
        _LOOKUP[normalise(_alias)] = _fact.key


def fact_key(normalised_property: str) -> str | None:
    return _LOOKUP.get(normalised_property)


def parse_value(value):
    """(number, special) from a file's value: a number, a CBS special code, or (None, None).

    CBS writes decimals with a point; a Dutch spreadsheet with a comma."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if text in {"", ".", "-", "x"}:  # older CBS tables: '.' secret, 'x' not available
            return None, SECRET if text in {".", "x"} else None
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")  # Dutch thousands separator, as Excel writes 1.234
        elif "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None, None
    if number != number or number in (float("inf"), float("-inf")):
        return None, None
    if number < 0:
        rounded = int(number)
        if rounded in SPECIAL:
            return None, rounded
        if number <= -99990:  # another CBS marker
            return None, SECRET
    return number, None


def format_number(value: float | None, fact: Fact | None = None) -> str:
    """A number as Dutch readers write it: 1.234 and 45,3."""
    if value is None:
        return ""
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", ".")
    else:
        text = f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def year_of(props: dict) -> int | None:
    """The year of a CBS row: `jaar`, else the first four digits of `jrstatcode`."""
    for key in ("jaar", "jrstatcode"):
        value = props.get(key)
        if value in (None, ""):
            continue
        text = str(value).strip()[:4]
        if text.isdigit() and 1990 <= int(text) <= 2100:
            return int(text)
    return None
