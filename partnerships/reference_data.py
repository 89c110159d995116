"""Agreement forms, intensity levels, examples and research, from reference-data.yaml.

Static reference texts: they change with a new release, not per municipality.
"""

from django.utils.translation import gettext_lazy as _

AGREEMENT_FORMS = {
    "afsprakenlijst": _("List of agreements (informal)"),
    "samenwerkingsverklaring": _("Cooperation declaration (samenwerkingsverklaring)"),
    "green_deal": _("Green Deal"),
    "intentieverklaring": _("Declaration of intent (intentieverklaring)"),
    "intentieovereenkomst": _("Agreement of intent (intentieovereenkomst), usually best efforts"),
    "samenwerkingsovereenkomst": _("Cooperation agreement (samenwerkingsovereenkomst), a legal contract"),
}

LEVELS = {
    "licht": {"label": _("light"), "forms": ["afsprakenlijst", "samenwerkingsverklaring"]},
    "middel": {"label": _("medium"), "forms": ["samenwerkingsverklaring", "intentieverklaring", "green_deal"]},
    "zwaar": {"label": _("heavy"), "forms": ["intentieovereenkomst"]},
    "formeel": {"label": _("formalised"), "forms": ["intentieovereenkomst", "samenwerkingsovereenkomst"]},
}
LEVEL_CHOICES = [(key, level["label"]) for key, level in LEVELS.items()]

TOPICS = {
    "doel": _("the shared goal and ambition"),
    "rolverdeling": _("division of roles"),
    "fasering": _("phasing and go/no-go moments"),
    "financiering": _("costs and financing"),
}

EXAMPLES = [
    {
        "key": "participatiecoalitie",
        "label": "Standaard samenwerkingsverklaring, De Participatiecoalitie (juni 2020)",
        "url": "https://departicipatiecoalitie.nl/wp-content/uploads/2020/06/Standaard-samenwerkingsverklaring-juni-2020-1.pdf",
        "form": "samenwerkingsverklaring",
        "use": _("A basis whose parts you can fill in from an existing draft partnership."),
    },
    {
        "key": "hilverzon",
        "label": "Green Deal gemeente Hilversum en HilverZon",
        "url": "https://www.hilverzon.nu/wp-content/uploads/2018/08/20151213-Green-Deal-Hilverzon-gemeente-Hilversum.pdf",
        "form": "green_deal",
        "use": _("Mutual commitments of a municipality and a local energy cooperative."),
    },
    {
        "key": "energy_common_lv",
        "label": "Intentieverklaring Energy Common Leidschendam-Voorburg en gemeente",
        "url": "https://www.lsabewoners.nl/energie/wp-content/uploads/sites/17/2020/09/Intentieovereenkomst-EC-LV.pdf",
        "form": "intentieverklaring",
        "use": _("A declaration of intent between an energy community and its municipality."),
    },
    {
        "key": "partnerschapskaart",
        "label": "Partnerschapskaart (Webbers veranderen het leren van De Grote Verbouwing, p. 21)",
        "url": "https://www.topsectorenergie.nl/sites/default/files/uploads/theme/Webbers%20veranderen%20het%20leren%20van%20%E2%80%98De%20Grote%20Verbouwing%E2%80%99.pdf",
        "form": None,
        "use": _("To explore together how to work and learn as partners, before choosing a form."),
    },
    {
        "key": "nagele",
        "label": "Intentieovereenkomst Energiek Nagele, provincie Flevoland, gemeente Noordoostpolder, Mercatus, Hendrick de Keyser (Proeftuin Nagele in Balans)",
        "url": "https://www.energieknagele.nl/nieuws/page/3/",
        "form": "intentieovereenkomst",
        "use": _("An agreement of intent with several parties, expressly without an obligation of result."),
    },
    {
        "key": "buurtwarmte_050",
        "label": "Samenwerkingsovereenkomst 050Buurtwarmte, gemeente Groningen, WarmteStad, Energieloket en anderen",
        "url": "https://www.rijksoverheid.nl/binaries/rijksoverheid/documenten/convenanten/2019/01/29/groningen---convenant-over-grootschalige-proeftuin-met-een-aardgasvrije-wijk/6Bijlage+III+Samenwerkingsovereenkomst.pdf",
        "form": "samenwerkingsovereenkomst",
        "use": _("A formal cooperation agreement for realisation, close to a legal contract."),
    },
    {
        "key": "haags_energieakkoord",
        "label": "Haags Energieakkoord (2018)",
        "url": "https://duurzaamdenhaag.nl/upload/files/Energieakkoord-versie-6februari2018.pdf",
        "form": None,
        "use": _("Initiatives taking part in a city's energy accord at a strategic level."),
    },
]

RESEARCH = [
    {
        "label": "Betrokkenheid van inwoners bij de Hilversumse energie- en warmtetransitie (I&O Research, 2021)",
        "url": "https://www.ioresearch.nl/wp-content/uploads/2021/03/eindrapport-betrokkenheid-inwoners-warmte-en-energietransitie.pdf",
    },
    {
        "label": "Warmte-initiatieven: lessen van de voorhoede (HIER opgewekt, 2020)",
        "url": "https://www.hieropgewekt.nl/uploads/inline/20201113%20-%20Rapport%20Warmte-initiatieven%20-%20HIER%20opgewekt-SIE_interactief%20enkel.pdf",
    },
    {
        "label": "Bewonersinitiatieven en gemeenten in de lokale warmtetransitie: successen voor samenwerking (HIER opgewekt, 2019)",
        "url": "https://www.hieropgewekt.nl/uploads/inline/Rapport%20Bewonersinitiatieven%20en%20gemeenten%20in%20de%20lokale%20warmtetransitie_juli%202019.pdf",
    },
]


def examples_for(forms) -> list[dict]:
    return [example for example in EXAMPLES if example["form"] in set(forms)]
