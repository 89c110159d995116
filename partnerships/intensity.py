"""How intensive a partnership should be: the note's criteria, as rules.

The guidance note ("Mate van intensiteit van de partnerschappen") says:
- the shared goal must be clear in every partnership; if it is not, work on that first;
- an exploring initiative, or one with narrow goals, calls for a light partnership;
- when project development is at stake, demands rise sharply: agreements on division of roles,
  phasing and financing are needed;
- a serious, larger-scale initiative benefits from formalising in an agreement of intent;
- core values on sustainability and governance are re-calibrated regularly.

`assess` turns the answers into a suggestion; every rule adds a reason in plain words, so the
result page can explain which answers led there.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerships.reference_data import LEVELS, TOPICS

RECALIBRATE_EVERY_MONTHS = 12


@dataclass
class Result:
    level: str | None  # None: the shared goal is not clear yet; no level can be suggested
    reasons: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    review_date: datetime.date | None = None
    recalibrate_now: bool = False

    @property
    def goal_first(self) -> bool:
        return self.level is None

    @property
    def forms(self) -> list[str]:
        return LEVELS[self.level]["forms"] if self.level else []

    @property
    def level_label(self) -> str:
        return str(LEVELS[self.level]["label"]) if self.level else ""

    @property
    def topic_labels(self) -> list[str]:
        return [str(TOPICS[t]) for t in self.topics]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def assess(
    *,
    goal_clear: bool,
    exploring: bool,
    narrow_goals: bool,
    project_development: bool,
    large_scale: bool,
    last_recalibrated: datetime.date | None,
    today: datetime.date,
) -> Result:
    result = Result(level=None)

    # Re-calibration applies in every case, so it is worked out first.
    if last_recalibrated is None:
        result.recalibrate_now = True
        result.review_date = today
        result.reasons.append(_("The core values have never been re-calibrated together: do that now."))
    else:
        due = add_months(last_recalibrated, RECALIBRATE_EVERY_MONTHS)
        result.recalibrate_now = due <= today
        result.review_date = max(due, today)
        if result.recalibrate_now:
            result.reasons.append(_("The last re-calibration of the core values is over a year ago: do it again now."))
        else:
            result.reasons.append(_("Re-calibrate the core values again by %(date)s.") % {"date": date_format(due)})

    if not goal_clear:
        result.reasons.insert(
            0, _("The shared goal is not clear yet. Work on a clear shared goal first; then assess again.")
        )
        return result

    result.topics.append("doel")
    if project_development and large_scale:
        result.level = "formeel"
        result.reasons.insert(
            0,
            _(
                "Project development is at stake in a serious, larger-scale initiative: formalise the "
                "relations and goals, and agree on division of roles, phasing and financing."
            ),
        )
    elif project_development:
        result.level = "zwaar"
        result.reasons.insert(
            0,
            _(
                "Project development is at stake: demands on knowledge, capacity, means and cooperation rise "
                "sharply, so agree on division of roles, phasing and financing."
            ),
        )
    elif large_scale:
        result.level = "zwaar"
        result.reasons.insert(
            0,
            _(
                "A serious, larger-scale initiative benefits from an agreement of intent: it keeps the "
                "cooperation clear when roles change and obstacles come."
            ),
        )
    elif exploring or narrow_goals:
        result.level = "licht"
        why = []
        if exploring:
            why.append(_("the initiative is still exploring"))
        if narrow_goals:
            why.append(_("its goals are narrow"))
        result.reasons.insert(
            0, _("A light partnership fits, because %(why)s.") % {"why": _(" and ").join(str(w) for w in why)}
        )
    else:
        result.level = "middel"
        result.reasons.insert(
            0,
            _(
                "The goal is clear and the initiative is past exploring, without project development: a "
                "partnership of medium intensity fits."
            ),
        )
    if project_development:
        result.topics += ["rolverdeling", "fasering", "financiering"]
    return result
