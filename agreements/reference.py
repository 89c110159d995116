"""Agreement sections (reference-data.yaml, agreement_sections) and which forms use which."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("partijen", _("Parties")),
    ("overwegingen", _("Considerations")),
    ("doel", _("Goal and shared ambition")),
    ("uitgangspunten", _("Principles")),
    ("rolverdeling", _("Roles and responsibilities")),
    ("activiteiten", _("Activities and effort per party")),
    ("ondersteuning", _("Support from the municipality (knowledge, budget, capacity)")),
    ("overleg", _("Consultation and frequency of contact")),
    ("communicatie", _("Communication and exchange of information")),
    ("fasering", _("Phasing and go/no-go moments")),
    ("financiering", _("Costs and financing")),
    ("inspanning", _("Best-efforts clause")),
    ("looptijd", _("Term, review and ending")),
    ("geschillen", _("Disputes")),
    ("ondertekening", _("Signatures")),
]
SECTION_LABELS = dict(SECTIONS)
ALL = [key for key, _label in SECTIONS]

FORM_SECTIONS = {
    "afsprakenlijst": ["partijen", "doel", "activiteiten", "overleg", "looptijd", "ondertekening"],
    "samenwerkingsverklaring": [
        "partijen",
        "overwegingen",
        "doel",
        "uitgangspunten",
        "rolverdeling",
        "activiteiten",
        "ondersteuning",
        "overleg",
        "communicatie",
        "looptijd",
        "ondertekening",
    ],
    "green_deal": [
        "partijen",
        "overwegingen",
        "doel",
        "rolverdeling",
        "activiteiten",
        "ondersteuning",
        "overleg",
        "communicatie",
        "looptijd",
        "ondertekening",
    ],
    "intentieverklaring": [
        "partijen",
        "overwegingen",
        "doel",
        "uitgangspunten",
        "rolverdeling",
        "activiteiten",
        "ondersteuning",
        "overleg",
        "communicatie",
        "inspanning",
        "looptijd",
        "ondertekening",
    ],
    "intentieovereenkomst": ALL,
    "samenwerkingsovereenkomst": ALL,
}

ALWAYS_REQUIRED = ["partijen", "doel", "ondertekening"]
# When project development is at stake the note asks for agreements on roles, phasing and financing.
PROJECT_DEVELOPMENT_REQUIRED = ["rolverdeling", "fasering", "financiering"]


def sections_for(form: str, *, project_development: bool) -> list[tuple[str, bool]]:
    """(section key, required) in document order for a form and the partnership's intensity."""
    required = set(ALWAYS_REQUIRED) | (set(PROJECT_DEVELOPMENT_REQUIRED) if project_development else set())
    chosen = set(FORM_SECTIONS[form]) | required
    return [(key, key in required) for key in ALL if key in chosen]
