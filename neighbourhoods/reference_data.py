"""Default reference data for step 1, from reference-data.yaml (role_frameworks), in Dutch.

The data migration 0003_seed_role_frameworks carries its own copy: a change here reaches no
database by itself (it needs a data migration of its own).
"""

FRAMEWORKS = [
    {
        "key": "nsob_sturing",
        "label": "Vier vormen van overheidssturing",
        "gloss": "Four forms of government steering",
        "source": 'NSOB, Van der Steen, Scherpenisse & Van Twist, "Sedimentatie in sturing" (2015), matrix p.23',
        "url": "https://www.nsob.nl/sites/www.nsob.nl/files/2019-10/NSOB-2015-Sedimentatiein-sturing.pdf",
        "description": (
            "De vier vormen zijn lagen die naast elkaar bestaan (sedimentatie): een gemeente kiest er één als "
            "dominant en geeft aan welke andere ook aanwezig zijn. Rechtmatig en presterend staan aan de verticale, "
            "overheidsgerichte kant; netwerkend en participerend aan de horizontale, samenlevingsgerichte kant."
        ),
        "confidence": "partial",
        "active": True,
        "has_dominant": True,
        "roles": [
            (
                "rechtmatig",
                "Rechtmatige overheid",
                "lawful government",
                "Rechtmatigheid, gelijke behandeling en zorgvuldige procedures. De gemeente stelt regels en handhaaft ze; "
                "initiatieven worden getoetst aan regels en beleid.",
            ),
            (
                "presterend",
                "Presterende overheid",
                "performing government",
                "Efficiëntie, output en resultaat. De gemeente stuurt op doelen en levering; initiatieven dragen bij aan "
                "afgesproken resultaten.",
            ),
            (
                "netwerkend",
                "Netwerkende overheid",
                "networking government",
                "Samenwerking en co-creatie. De gemeente stelt het doel en neemt het initiatief, maar werkt in een netwerk "
                "met partners; initiatieven zijn partner.",
            ),
            (
                "participerend",
                "Participerende overheid",
                "participating government",
                "De samenleving neemt het initiatief; de gemeente sluit aan, faciliteert of stapt terug; initiatieven "
                "zijn eigenaar.",
            ),
        ],
    },
    {
        "key": "af_strategische_rollen",
        "label": "Strategische rollen (Strategisch positie kiezen)",
        "gloss": "Strategic roles",
        "source": 'De Argumentenfabriek, "Strategisch positie kiezen in de energietransitie" (2019), matrix p.15',
        "url": "https://www.argumentenfabriek.nl/media/3292/strategisch-positie-kiezen-spread.pdf",
        "description": (
            "De publicatie noemt zes rollen; vier zijn hier bevestigd. Een beheerder kan de andere toevoegen."
        ),
        "confidence": "partial",
        "active": True,
        "has_dominant": False,
        "roles": [
            (
                "afwachter",
                "Afwachter",
                "bystander",
                "Laat partijen vrij om bij te dragen en laat de uitvoering aan hen; beperkt zich tot de wettelijke rol, "
                "zoals vergunningen.",
            ),
            (
                "facilitator",
                "Facilitator",
                "facilitator",
                "Laat partijen vrij en dwingt geen resultaat af; ondersteunt initiatiefnemers bij het ontwikkelen en "
                "realiseren van hun initiatief.",
            ),
            (
                "verbinder",
                "Verbinder",
                "connector",
                "Stuurt op resultaat door uit eigen beweging partijen en initiatiefnemers bij elkaar te brengen, en laat "
                "hen relatief vrij in hun bijdrage.",
            ),
            (
                "regisseur",
                "Regisseur",
                "director",
                "Stuurt actief op wat initiatiefnemers en andere partijen doen, naar een resultaat dat de gemeente "
                "bepaalt.",
            ),
        ],
    },
    {
        "key": "paw_regierol",
        "label": "Rollenkaart regierol Transitievisie Warmte",
        "gloss": "Role map for the directing role",
        "source": "De Argumentenfabriek voor Programma Aardgasvrije Wijken (januari 2020)",
        "url": "https://www.argumentenfabriek.nl/nieuws/regierol-gemeente-warmtetransitie/",
        "description": "Alleen de namen van de rollen zijn bevestigd; vul de toelichting aan als u deze set gebruikt.",
        "confidence": "confirmed",
        "active": False,
        "has_dominant": False,
        "roles": [
            ("afwachtende_regisseur", "Afwachtende regisseur", "", ""),
            ("integrale_regisseur", "Integrale regisseur", "", ""),
            ("procesregisseur", "Procesregisseur", "", ""),
            ("sturende_regisseur", "Sturende regisseur", "", ""),
        ],
    },
    {
        "key": "sturend_stimulerend_faciliterend",
        "label": "Sturend, stimulerend, faciliterend",
        "gloss": "Steering, stimulating, facilitating",
        "source": "Transitievisie Warmte Oost-Achterhoek (voorbeeld van een lokale rollenset)",
        "url": "",
        "description": "",
        "confidence": "confirmed",
        "active": False,
        "has_dominant": False,
        "roles": [
            (
                "sturend",
                "Sturende rol",
                "steering",
                "Van bovenaf: de gemeente kiest het warmtealternatief en regelt financiering en realisatie.",
            ),
            (
                "stimulerend",
                "Stimulerende rol",
                "stimulating",
                "Van onderop: lokale initiatieven kiezen; de gemeente ondersteunt met middelen en kennis.",
            ),
            (
                "faciliterend",
                "Faciliterende rol",
                "facilitating",
                "De gemeente stelt kaders en werkt nauw samen met initiatieven; de keuze wordt met bewoners gemaakt.",
            ),
        ],
    },
]


def seed_role_frameworks(RoleFramework, Role):
    """Create the default frameworks and roles that do not exist yet (by key)."""
    for order, data in enumerate(FRAMEWORKS):
        data = dict(data)
        roles = data.pop("roles")
        framework, _ = RoleFramework.objects.get_or_create(key=data["key"], defaults={**data, "order": order})
        for role_order, (key, label, gloss, summary) in enumerate(roles):
            Role.objects.get_or_create(
                framework=framework,
                key=key,
                defaults={"label": label, "gloss": gloss, "summary": summary, "order": role_order},
            )
