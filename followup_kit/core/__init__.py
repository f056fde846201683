"""The pure core: models, policy, plan engine, agenda. No I/O, no clock, no widgets, no plots."""

from followup_kit.core.agenda import agenda, pipeline
from followup_kit.core.business_days import BusinessCalendar
from followup_kit.core.models import Application, Candidate, Event, Interviewer, Round, localize
from followup_kit.core.plan import (
    Action,
    DecisionDate,
    Plan,
    application_key,
    build_plan,
    plan_warnings,
    status_contact,
)
from followup_kit.core.policy import Policy
from followup_kit.core.serialization import dump_application, load_application
from followup_kit.core.vocabulary import (
    ActionFlag,
    ActionKind,
    ActionStatus,
    Channel,
    EventKind,
    InterviewerRole,
    InterviewFormat,
    Stage,
)

__all__ = [
    "Action",
    "ActionFlag",
    "ActionKind",
    "ActionStatus",
    "Application",
    "BusinessCalendar",
    "Candidate",
    "Channel",
    "DecisionDate",
    "Event",
    "EventKind",
    "InterviewFormat",
    "Interviewer",
    "InterviewerRole",
    "Plan",
    "Policy",
    "Round",
    "Stage",
    "agenda",
    "application_key",
    "build_plan",
    "dump_application",
    "load_application",
    "localize",
    "pipeline",
    "plan_warnings",
    "status_contact",
]
