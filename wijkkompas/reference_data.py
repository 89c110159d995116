"""The Wijkkompas as far as we could confirm it (reference-data.yaml, wijkkompas). Editable afterwards.

The data migration 0002_seed carries its own copy: a change here reaches no database by itself
(it needs a data migration of its own).
"""

TRACKS = [
    ("A", "Bewoners doen mee", "residents take part"),
    ("B", "Zakelijke vastgoedeigenaren doen mee", "commercial property owners take part"),
    ("C", "Besluitvorming verloopt zorgvuldig en transparant", "careful and transparent decision-making"),
    ("D", "Overstap is betaalbaar en financierbaar", "the switch is affordable and financeable"),
    ("E", "Er is voor alle gebouwen passend renovatieaanbod", "a suitable renovation offer for every building"),
    ("F", "Fossielvrij energienetwerk is betrouwbaar", "a reliable fossil-free energy network"),
]

PHASES = [
    (1, "samen_starten", "Samen starten", "confirmed"),
    (2, "karakteriseren", "Karakteriseren van het gebied", "confirmed"),
    (3, "strategieen", "Strategieën identificeren", "confirmed"),
    (4, "keuzes_maken", "Keuzes maken", "confirmed"),
    (5, "voorbereiding", "Voorbereiding", "confirmed"),
    (6, "uitvoering", "Uitvoering", "unconfirmed"),
]

# (phase key, tracks, title, goal, sensitive, confidence)
NODES = [
    ("samen_starten", "C", "Gemeente bepaalt haar invulling van de regierol", "", True, "confirmed"),
    ("samen_starten", "ABC", "De juiste partijen aan tafel", "", False, "confirmed"),
    (
        "samen_starten",
        "A",
        "Samenwerking bewonersinitiatieven opstarten",
        "Het projectteam en de initiatieven kennen elkaars doelen, wensen, belangen en verwachtingen; eerste "
        "afspraken over betrokkenheid en rolverdeling.",
        False,
        "confirmed",
    ),
    ("samen_starten", "A", "Participatie- en communicatiestrategie opstellen", "", False, "confirmed"),
    ("samen_starten", "A", "Communicatieplan voor bewoners en gebruikers in de wijk", "", False, "confirmed"),
    (
        "samen_starten",
        "A",
        "Informele netwerken en verbindende actoren in de wijk identificeren",
        "",
        False,
        "confirmed",
    ),
    ("samen_starten", "", "Duidelijkheid over het doel en verhaal van het traject", "", False, "partial"),
    ("samen_starten", "", "Beeld vormen van de wijk", "", False, "partial"),
    ("samen_starten", "", "Gezamenlijke ambitie voor de wijk opstellen", "", False, "partial"),
    ("karakteriseren", "", "Sociale koppelkansen (en gemeentelijke domeinen) in kaart brengen", "", False, "partial"),
    ("strategieen", "BC", "Criteria bepalen voor keuze van energiesysteem", "", False, "confirmed"),
    ("strategieen", "", "Strategieën voor koppelkansen", "", False, "partial"),
    ("keuzes_maken", "A", "Inspraakmogelijkheden bieden op Wijkuitvoeringsplan", "", False, "confirmed"),
    ("keuzes_maken", "A", "Gekozen opgaven uitwerken in Wijkuitvoeringsplan", "", False, "confirmed"),
    ("keuzes_maken", "", "Keuze voor energiesysteem vastleggen", "", False, "partial"),
    ("keuzes_maken", "", "Keuzes maken over te verbinden opgaven", "", False, "partial"),
    ("voorbereiding", "AC", "Wijkuitvoeringsplan naar de raad", "", True, "confirmed"),
]


def seed(Track, Phase, Node):
    """Create what does not exist yet (by key or title); never overwrite a beheerder's corrections."""
    tracks = {}
    for key, label, gloss in TRACKS:
        tracks[key], _ = Track.objects.get_or_create(key=key, defaults={"label": label, "gloss": gloss})
    phases = {}
    for order, key, label, confidence in PHASES:
        phases[key], _ = Phase.objects.get_or_create(
            key=key, defaults={"order": order, "label": label, "confidence": confidence}
        )
    for phase, track_keys, title, goal, sensitive, confidence in NODES:
        node, created = Node.objects.get_or_create(
            title=title,
            defaults={"phase": phases[phase], "goal": goal, "sensitive": sensitive, "confidence": confidence},
        )
        if created:
            node.tracks.set([tracks[k] for k in track_keys])
