"""The rules behind a partnership: the intensity assessment and the status workflow.

`partnerships.intensity.assess` is pure (no database); `partnerships.workflow` is a table, and
`partnerships.services.change_status` applies that table to a stored partnership.

The gettext strings are Dutch under the test settings (LANGUAGE_CODE "nl"), so tests that read
reason texts switch to English with `translation.override("en")`; the others assert on structure.
"""

import datetime

import pytest
from django.utils import translation

from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from partnerships import intensity, services, workflow
from partnerships.intensity import Result, assess
from partnerships.models import Partnership, StatusChange
from partnerships.reference_data import LEVELS, TOPICS
from partnerships.tests.factories import PartnershipFactory

# --- partnerships.intensity -----------------------------------------------------------------

TODAY = datetime.date(2025, 6, 15)
RECENTLY = datetime.date(2025, 1, 10)  # well within the year: no re-calibration due
ALL_TOPICS = ["doel", "rolverdeling", "fasering", "financiering"]


def answers(**overrides):
    """Answers with a clear goal and nothing else ticked; a recent re-calibration."""
    values = {
        "goal_clear": True,
        "exploring": False,
        "narrow_goals": False,
        "project_development": False,
        "large_scale": False,
        "last_recalibrated": RECENTLY,
        "today": TODAY,
    }
    return {**values, **overrides}


def flags(names: str) -> dict:
    """`flags("exploring narrow_goals")` -> those answers True."""
    return dict.fromkeys(names.split(), True)


def test_reference_data_the_rules_rely_on():
    assert set(LEVELS) == {"licht", "middel", "zwaar", "formeel"}
    assert set(ALL_TOPICS) == set(TOPICS)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({}, id="nothing-else"),
        pytest.param(flags("exploring narrow_goals project_development large_scale"), id="everything-else"),
        pytest.param(flags("project_development large_scale"), id="formeel-answers"),
        pytest.param(flags("exploring"), id="licht-answers"),
    ],
)
def test_unclear_goal_suggests_no_level_but_working_on_the_goal_first(extra):
    result = assess(**answers(goal_clear=False, **extra))

    assert isinstance(result, Result)
    assert result.level is None
    assert result.goal_first is True
    assert result.forms == []
    assert result.topics == []
    assert result.level_label == ""
    assert result.topic_labels == []
    # The re-calibration is still worked out (a recent one: not due).
    assert result.recalibrate_now is False
    assert result.review_date == datetime.date(2026, 1, 10)
    assert len(result.reasons) == 2


def test_unclear_goal_first_reason_says_work_on_the_goal_first():
    with translation.override("en"):
        result = assess(**answers(goal_clear=False, **flags("project_development large_scale")))

    assert result.reasons[0] == (
        "The shared goal is not clear yet. Work on a clear shared goal first; then assess again."
    )
    assert result.reasons[1] == "Re-calibrate the core values again by Jan. 10, 2026."


LEVEL_CASES = [
    # (ticked answers, level, topics)
    pytest.param("project_development large_scale", "formeel", ALL_TOPICS, id="project+large"),
    pytest.param(
        "project_development large_scale exploring narrow_goals", "formeel", ALL_TOPICS, id="project+large+light"
    ),
    pytest.param("project_development", "zwaar", ALL_TOPICS, id="project"),
    pytest.param("project_development exploring", "zwaar", ALL_TOPICS, id="project-wins-over-exploring"),
    pytest.param("project_development narrow_goals", "zwaar", ALL_TOPICS, id="project-wins-over-narrow"),
    pytest.param("project_development exploring narrow_goals", "zwaar", ALL_TOPICS, id="project-wins-over-both"),
    pytest.param("large_scale", "zwaar", ["doel"], id="large"),
    # Not spelled out in the note; the code checks large scale before exploring/narrow goals.
    pytest.param("large_scale exploring narrow_goals", "zwaar", ["doel"], id="large-wins-over-light"),
    pytest.param("exploring", "licht", ["doel"], id="exploring"),
    pytest.param("narrow_goals", "licht", ["doel"], id="narrow"),
    pytest.param("exploring narrow_goals", "licht", ["doel"], id="exploring+narrow"),
    pytest.param("", "middel", ["doel"], id="none"),
]


@pytest.mark.parametrize("ticked, level, topics", LEVEL_CASES)
def test_level_topics_and_forms_follow_the_answers(ticked, level, topics):
    result = assess(**answers(**flags(ticked)))

    assert result.level == level
    assert result.goal_first is False
    assert result.topics == topics
    assert result.forms == LEVELS[level]["forms"]
    assert result.topic_labels == [str(TOPICS[t]) for t in topics]
    assert result.level_label == str(LEVELS[level]["label"])
    # One reason for the level (first), one for the re-calibration.
    assert len(result.reasons) == 2


@pytest.mark.parametrize(
    "level, forms",
    [
        ("formeel", ["intentieovereenkomst", "samenwerkingsovereenkomst"]),
        ("zwaar", ["intentieovereenkomst"]),
        ("middel", ["samenwerkingsverklaring", "intentieverklaring", "green_deal"]),
        ("licht", ["afsprakenlijst", "samenwerkingsverklaring"]),
    ],
)
def test_forms_per_level(level, forms):
    assert Result(level=level).forms == forms


@pytest.mark.parametrize(
    "ticked, label, first_reason_starts",
    [
        (
            "project_development large_scale",
            "formalised",
            "Project development is at stake in a serious, larger-scale initiative: formalise",
        ),
        ("project_development", "heavy", "Project development is at stake: demands on knowledge"),
        ("large_scale", "heavy", "A serious, larger-scale initiative benefits from an agreement of intent"),
        ("", "medium", "The goal is clear and the initiative is past exploring, without project development"),
    ],
)
def test_level_reason_comes_first(ticked, label, first_reason_starts):
    with translation.override("en"):
        result = assess(**answers(**flags(ticked)))
        assert result.level_label == label

    assert result.reasons[0].startswith(first_reason_starts)
    assert result.reasons[1] == "Re-calibrate the core values again by Jan. 10, 2026."


@pytest.mark.parametrize(
    "ticked, reason",
    [
        ("exploring", "A light partnership fits, because the initiative is still exploring."),
        ("narrow_goals", "A light partnership fits, because its goals are narrow."),
        (
            "exploring narrow_goals",
            "A light partnership fits, because the initiative is still exploring and its goals are narrow.",
        ),
    ],
)
def test_light_reason_names_what_led_there(ticked, reason):
    with translation.override("en"):
        result = assess(**answers(**flags(ticked)))

    assert result.level == "licht"
    assert result.reasons[0] == reason


def test_light_reason_is_translated_including_the_joining_word():
    # Default language of the test settings is Dutch; " and " is a gettext string too.
    result = assess(**answers(**flags("exploring narrow_goals")))

    assert result.reasons[0] == "Een licht partnerschap past, omdat het initiatief nog verkent en de doelen smal zijn."


RECALIBRATION_CASES = [
    # (last re-calibrated, today, recalibrate now, review date, English reason)
    pytest.param(
        None,
        TODAY,
        True,
        TODAY,
        "The core values have never been re-calibrated together: do that now.",
        id="never",
    ),
    pytest.param(
        datetime.date(2024, 7, 15),
        TODAY,
        False,
        datetime.date(2025, 7, 15),
        "Re-calibrate the core values again by July 15, 2025.",
        id="11-months-ago",
    ),
    pytest.param(
        datetime.date(2024, 6, 16),
        TODAY,
        False,
        datetime.date(2025, 6, 16),
        "Re-calibrate the core values again by June 16, 2025.",
        id="one-day-short-of-12-months",
    ),
    pytest.param(
        datetime.date(2024, 6, 15),
        TODAY,
        True,
        TODAY,
        "The last re-calibration of the core values is over a year ago: do it again now.",
        id="exactly-12-months-ago",
    ),
    pytest.param(
        datetime.date(2023, 3, 1),
        TODAY,
        True,
        TODAY,
        "The last re-calibration of the core values is over a year ago: do it again now.",
        id="more-than-a-year-ago",
    ),
    pytest.param(
        datetime.date(2025, 12, 15),
        datetime.date(2026, 1, 10),
        False,
        datetime.date(2026, 12, 15),
        "Re-calibrate the core values again by Dec. 15, 2026.",
        id="across-a-year-end",
    ),
    # A year after the 31st of January is the 31st of January again, not a few days earlier.
    pytest.param(
        datetime.date(2025, 1, 31),
        datetime.date(2026, 1, 30),
        False,
        datetime.date(2026, 1, 31),
        "Re-calibrate the core values again by Jan. 31, 2026.",
        id="31st-stays-31st",
    ),
    pytest.param(
        datetime.date(2025, 1, 31),
        datetime.date(2026, 1, 31),
        True,
        datetime.date(2026, 1, 31),
        "The last re-calibration of the core values is over a year ago: do it again now.",
        id="31st-due-on-the-31st",
    ),
]


@pytest.mark.parametrize("goal_clear", [True, False], ids=["goal-clear", "goal-unclear"])
@pytest.mark.parametrize("last, today, now, review_date, reason", RECALIBRATION_CASES)
def test_recalibration(goal_clear, last, today, now, review_date, reason):
    with translation.override("en"):
        result = assess(**answers(goal_clear=goal_clear, last_recalibrated=last, today=today))

    assert result.recalibrate_now is now
    assert result.review_date == review_date
    # The level's (or the goal's) reason comes first, the re-calibration reason after it.
    assert result.reasons[1:] == [reason]
    assert result.level == ("middel" if goal_clear else None)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2025, 5, 10), 0, datetime.date(2025, 5, 10)),
        (datetime.date(2025, 5, 10), 12, datetime.date(2026, 5, 10)),
        (datetime.date(2025, 12, 15), 12, datetime.date(2026, 12, 15)),
        (datetime.date(2025, 12, 15), 1, datetime.date(2026, 1, 15)),
        (datetime.date(2025, 11, 15), 14, datetime.date(2027, 1, 15)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 1, 31), 12, datetime.date(2026, 1, 31)),
        (datetime.date(2025, 1, 31), 3, datetime.date(2025, 4, 30)),  # April has 30 days
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2023, 2, 28), 12, datetime.date(2024, 2, 28)),
        (datetime.date(2025, 3, 28), 12, datetime.date(2026, 3, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert intensity.add_months(day, months) == expected


def test_recalibration_interval_is_a_year():
    assert intensity.RECALIBRATE_EVERY_MONTHS == 12


# --- partnerships.workflow ------------------------------------------------------------------

S = Partnership.Status
STATUSES = list(S.values)
ALLOWED = sorted((source, target) for source, targets in workflow.TRANSITIONS.items() for target in targets)
NOT_ALLOWED = [(source, target) for source in STATUSES for target in STATUSES if (source, target) not in ALLOWED]


def test_transition_table():
    assert workflow.TRANSITIONS == {
        "exploring": {"in_conversation", "stopped_together", "ended"},
        "in_conversation": {"exploring", "agreements_recorded", "stopped_together", "ended"},
        "agreements_recorded": {"in_conversation", "active", "stopped_together", "ended"},
        "active": {"review_due", "stopped_together", "ended"},
        "review_due": {"active", "in_conversation", "stopped_together", "ended"},
        "ended": {"exploring"},
        "stopped_together": {"exploring"},
    }
    assert len(ALLOWED) == 20
    assert len(NOT_ALLOWED) == len(STATUSES) ** 2 - 20


def test_every_status_has_a_way_out_and_closed_ones_only_reopen():
    assert set(workflow.TRANSITIONS) == set(STATUSES)
    assert workflow.CLOSED == {"ended", "stopped_together"}
    for status in workflow.CLOSED:
        assert workflow.TRANSITIONS[status] == {"exploring"}


@pytest.mark.parametrize("source, target", [(s, t) for s in STATUSES for t in STATUSES])
def test_allowed_follows_the_table(source, target):
    assert workflow.allowed(source, target) is ((source, target) in ALLOWED)


def test_allowed_with_an_unknown_status_is_false():
    assert workflow.allowed("unknown", "exploring") is False
    assert workflow.allowed("exploring", "unknown") is False


@pytest.mark.parametrize("status", STATUSES)
def test_next_statuses_in_the_order_of_the_status_list(status):
    result = workflow.next_statuses(status)

    assert set(result) == workflow.TRANSITIONS[status]
    assert result == sorted(result, key=STATUSES.index)


def test_next_statuses_examples():
    assert STATUSES == [
        "exploring",
        "in_conversation",
        "agreements_recorded",
        "active",
        "review_due",
        "ended",
        "stopped_together",
    ]
    in_conversation = ["exploring", "agreements_recorded", "ended", "stopped_together"]
    assert workflow.next_statuses("in_conversation") == in_conversation
    assert workflow.next_statuses("review_due") == ["in_conversation", "active", "ended", "stopped_together"]
    assert workflow.next_statuses("stopped_together") == ["exploring"]
    assert workflow.next_statuses("unknown") == []


# --- partnerships.services.change_status ----------------------------------------------------

STOP = {"stop_reasons": "Geen draagvlak meer.", "stop_agreed_by": "Bestuur en wethouder", "stop_date": TODAY}
REOPEN_NOTE = "Nieuw bestuur wil het opnieuw proberen."


@pytest.fixture
def actor(db):
    return UserFactory()


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


def set_status(partnership, status):
    Partnership.objects.filter(pk=partnership.pk).update(status=status)
    partnership.refresh_from_db()


def transitions_of(partnership):
    return ChangeEntry.objects.for_object(partnership).filter(action=ChangeEntry.Action.TRANSITION)


def test_a_new_partnership_starts_exploring(partnership):
    assert partnership.status == S.EXPLORING
    assert partnership.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("source, target", ALLOWED)
def test_every_allowed_transition_succeeds(partnership, actor, source, target):
    set_status(partnership, source)
    version = partnership.version
    note = REOPEN_NOTE if source in workflow.CLOSED else ""
    stop = STOP if target == S.STOPPED_TOGETHER else {}

    returned = services.change_status(partnership, target, actor=actor, note=note, **stop)

    partnership.refresh_from_db()
    assert partnership.status == target
    assert partnership.version == version + 1
    assert (returned.pk, returned.status, returned.version) == (partnership.pk, target, version + 1)

    [change] = StatusChange.objects.filter(partnership=partnership)
    assert (change.from_status, change.to_status, change.by, change.note) == (source, target, actor, note)

    [entry] = transitions_of(partnership)
    assert entry.actor == actor
    assert entry.note == note
    assert entry.version == version + 1
    status_change = {"field": "status", "old": source, "new": target}
    assert status_change in [{k: c[k] for k in ("field", "old", "new")} for c in entry.changes]

    if target == S.STOPPED_TOGETHER:
        assert (partnership.stop_reasons, partnership.stop_agreed_by, partnership.stop_date) == (
            STOP["stop_reasons"],
            STOP["stop_agreed_by"],
            STOP["stop_date"],
        )
        assert {c["field"] for c in entry.changes} == {"status", "stop_reasons", "stop_agreed_by", "stop_date"}
    else:
        assert [c["field"] for c in entry.changes] == ["status"]


@pytest.mark.django_db
@pytest.mark.parametrize("source, target", NOT_ALLOWED)
def test_every_other_transition_is_refused_and_changes_nothing(partnership, actor, source, target):
    set_status(partnership, source)
    version = partnership.version

    # Everything else a transition could need is given: only the table refuses.
    with pytest.raises(services.TransitionError):
        services.change_status(partnership, target, actor=actor, note=REOPEN_NOTE, **STOP)

    partnership.refresh_from_db()
    assert partnership.status == source
    assert partnership.version == version
    assert partnership.stop_reasons == ""
    assert not StatusChange.objects.filter(partnership=partnership).exists()
    assert not ChangeEntry.objects.for_object(partnership).exists()


@pytest.mark.django_db
def test_refusal_names_both_statuses(partnership, actor):
    set_status(partnership, S.ACTIVE)

    with translation.override("en"), pytest.raises(services.TransitionError) as refused:
        services.change_status(partnership, S.EXPLORING, actor=actor)

    assert str(refused.value) == "A partnership cannot go from 'active' to 'exploring'."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "missing",
    [
        pytest.param({"stop_reasons": None}, id="no-reasons"),
        pytest.param({"stop_reasons": ""}, id="empty-reasons"),
        pytest.param({"stop_reasons": "   "}, id="blank-reasons"),
        pytest.param({"stop_agreed_by": None}, id="no-agreed-by"),
        pytest.param({"stop_agreed_by": ""}, id="empty-agreed-by"),
        pytest.param({"stop_agreed_by": " \n "}, id="blank-agreed-by"),
        pytest.param({"stop_date": None}, id="no-date"),
    ],
)
def test_stopping_together_needs_reasons_agreed_by_and_date(partnership, actor, missing):
    stop = {k: v for k, v in {**STOP, **missing}.items() if v is not None}

    with pytest.raises(services.TransitionError):
        services.change_status(partnership, S.STOPPED_TOGETHER, actor=actor, note="Gestopt.", **stop)

    partnership.refresh_from_db()
    assert partnership.status == S.EXPLORING
    assert partnership.version == 1
    assert (partnership.stop_reasons, partnership.stop_agreed_by, partnership.stop_date) == ("", "", None)
    assert not StatusChange.objects.filter(partnership=partnership).exists()
    assert not ChangeEntry.objects.for_object(partnership).exists()


@pytest.mark.django_db
def test_stop_fields_are_stored_stripped(partnership, actor):
    services.change_status(
        partnership,
        S.STOPPED_TOGETHER,
        actor=actor,
        stop_reasons="  Geen draagvlak meer.\n",
        stop_agreed_by=" Bestuur ",
        stop_date=TODAY,
    )

    partnership.refresh_from_db()
    assert (partnership.stop_reasons, partnership.stop_agreed_by) == ("Geen draagvlak meer.", "Bestuur")


@pytest.mark.django_db
def test_stopping_without_a_note_is_allowed_from_an_open_status(partnership, actor):
    services.change_status(partnership, S.STOPPED_TOGETHER, actor=actor, **STOP)

    partnership.refresh_from_db()
    assert partnership.status == S.STOPPED_TOGETHER


def close(partnership, actor, closed_status):
    """Close the partnership the proper way, through change_status."""
    stop = STOP if closed_status == S.STOPPED_TOGETHER else {}
    services.change_status(partnership, closed_status, actor=actor, **stop)
    partnership.refresh_from_db()
    assert partnership.status == closed_status
    return partnership.version


@pytest.mark.django_db
@pytest.mark.parametrize("closed_status", [S.STOPPED_TOGETHER, S.ENDED])
@pytest.mark.parametrize("note", ["", "   \n"], ids=["no-note", "blank-note"])
def test_reopening_without_a_note_is_refused(partnership, actor, closed_status, note):
    version = close(partnership, actor, closed_status)

    with pytest.raises(services.TransitionError):
        services.change_status(partnership, S.EXPLORING, actor=actor, note=note)

    partnership.refresh_from_db()
    assert partnership.status == closed_status
    assert partnership.version == version
    assert StatusChange.objects.filter(partnership=partnership).count() == 1  # only the closing one
    assert transitions_of(partnership).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("closed_status", [S.STOPPED_TOGETHER, S.ENDED])
def test_reopening_with_a_note_works_and_keeps_the_stop_reasons(partnership, actor, closed_status):
    version = close(partnership, actor, closed_status)
    reopener = UserFactory()

    services.change_status(partnership, S.EXPLORING, actor=reopener, note=REOPEN_NOTE)

    partnership.refresh_from_db()
    assert partnership.status == S.EXPLORING
    assert partnership.version == version + 1
    if closed_status == S.STOPPED_TOGETHER:
        assert (partnership.stop_reasons, partnership.stop_agreed_by, partnership.stop_date) == (
            STOP["stop_reasons"],
            STOP["stop_agreed_by"],
            STOP["stop_date"],
        )
    latest = StatusChange.objects.filter(partnership=partnership).first()  # ordered newest first
    assert (latest.from_status, latest.to_status, latest.by, latest.note) == (
        closed_status,
        S.EXPLORING,
        reopener,
        REOPEN_NOTE,
    )
    entries = list(transitions_of(partnership).order_by("pk"))
    assert len(entries) == 2
    assert (entries[-1].actor, entries[-1].note) == (reopener, REOPEN_NOTE)
    assert [c["field"] for c in entries[-1].changes] == ["status"]


@pytest.mark.django_db
def test_a_walk_through_the_workflow_keeps_a_timeline(partnership, actor):
    path = [S.IN_CONVERSATION, S.AGREEMENTS_RECORDED, S.ACTIVE, S.REVIEW_DUE, S.ACTIVE, S.ENDED]
    for target in path:
        services.change_status(partnership, target, actor=actor)
    services.change_status(partnership, S.EXPLORING, actor=actor, note=REOPEN_NOTE)

    partnership.refresh_from_db()
    assert partnership.status == S.EXPLORING
    assert partnership.version == 1 + len(path) + 1
    timeline = list(StatusChange.objects.filter(partnership=partnership).order_by("pk"))
    assert [(c.from_status, c.to_status) for c in timeline] == list(
        zip([S.EXPLORING, *path], [*path, S.EXPLORING], strict=True)
    )
    entries = list(transitions_of(partnership).order_by("pk"))
    assert [e.version for e in entries] == list(range(2, 2 + len(path) + 1))


@pytest.mark.django_db
def test_an_unknown_status_is_refused_like_a_forbidden_one():
    from partnerships.tests.factories import PartnershipFactory

    partnership = PartnershipFactory()
    with pytest.raises(services.TransitionError):
        services.change_status(partnership, "bestaat_niet", actor=None)
    partnership.refresh_from_db()
    assert partnership.status == "exploring" and partnership.version == 1
