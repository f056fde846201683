"""followup_kit: plan, draft and track the follow-up after a job interview.

The public API is re-exported here; importing it never loads ipywidgets or matplotlib.
"""

from followup_kit.core import (
    Action,
    ActionKind,
    ActionStatus,
    Application,
    Candidate,
    Channel,
    Event,
    EventKind,
    Interviewer,
    InterviewerRole,
    InterviewFormat,
    Plan,
    Policy,
    Round,
    agenda,
    build_plan,
    dump_application,
    load_application,
    localize,
)
from followup_kit.errors import InvalidInputError

__all__ = [
    "Action",
    "ActionKind",
    "ActionStatus",
    "Application",
    "Candidate",
    "Channel",
    "Event",
    "EventKind",
    "InterviewFormat",
    "Interviewer",
    "InterviewerRole",
    "InvalidInputError",
    "Plan",
    "Policy",
    "Round",
    "agenda",
    "build_plan",
    "dump_application",
    "load_application",
    "localize",
]
__version__ = "0.1.0"
