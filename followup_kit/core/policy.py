"""The timing policy: every knob the plan engine uses, named after the rule it implements."""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import Self

__all__ = ["Policy"]


class Policy(BaseModel):
    """Defaults come from the rule sheet; a coach may tune any of them per client."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    # R-C1: as soon as possible, 24 h at the latest by default; 48 h is the hard limit.
    thank_you_due_hours: float = Field(default=24, gt=0, le=72)
    thank_you_latest_hours: float = Field(default=48, gt=0, le=168)
    # R-C4: a handwritten card keeps its immediacy only if it is posted the same day.
    card_post_by: time = time(17, 30)
    # R-B1: notes straight after the interview, while memory is fresh.
    notes_due_hours: float = Field(default=2, gt=0, le=24)
    # R-A1: when the employer gave no date, assume this many calendar days (flagged).
    default_decision_days: int = Field(default=7, ge=1, le=90)
    # R-E2: the first status check waits this many business days after the decision date.
    status_check_grace_business_days: int = Field(default=3, ge=1, le=20)
    # R-E3: at most this many status checks, about this many days apart.
    max_status_checks: int = Field(default=2, ge=0, le=3)
    status_check_spacing_days: int = Field(default=7, ge=3, le=30)
    # How long a status check stays reasonable before it counts as late.
    status_check_latest_business_days: int = Field(default=2, ge=0, le=10)
    # R-D1: a LinkedIn request follows the thank-you while the conversation is remembered.
    linkedin_due_hours: float = Field(default=48, gt=0, le=336)
    linkedin_latest_days: int = Field(default=7, ge=1, le=60)
    # R-F1: keep warm about monthly while a process is on hold, a bounded number of times.
    keep_warm_interval_days: int = Field(default=30, ge=7, le=120)
    max_keep_warm: int = Field(default=3, ge=0, le=12)
    # R-F2: reply to a rejection promptly and briefly.
    rejection_reply_due_hours: float = Field(default=24, gt=0, le=168)
    rejection_reply_latest_hours: float = Field(default=72, gt=0, le=336)
    # R-E7: after the last unanswered status check, nudge to keep searching this many days on.
    keep_searching_after_days: int = Field(default=7, ge=0, le=60)
    # R-F4 and withdrawals: a short note to close the process, within a couple of days.
    outcome_note_due_hours: float = Field(default=48, gt=0, le=336)
    outcome_note_latest_hours: float = Field(default=168, gt=0, le=672)
    # An unsent step this many days past its latest time is no longer worth doing (issue 13).
    stale_after_days: int = Field(default=30, ge=1, le=365)
    # An interview this many days before `now` is probably a mistyped year: warn at the field.
    old_interview_days: int = Field(default=61, ge=14, le=730)
    # Local time of day at which planned contacts (status checks, keep-warm) fall due.
    contact_time: time = time(10, 0)
    # R-D1: LinkedIn's cap on a connection note (200 on free accounts, 300 on paid).
    linkedin_note_max_chars: int = Field(default=200, ge=50, le=300)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.thank_you_latest_hours < self.thank_you_due_hours:
            raise ValueError(
                f"thank_you_latest_hours {self.thank_you_latest_hours} is before "
                f"thank_you_due_hours {self.thank_you_due_hours}; expected latest >= due"
            )
        if self.rejection_reply_latest_hours < self.rejection_reply_due_hours:
            raise ValueError(
                f"rejection_reply_latest_hours {self.rejection_reply_latest_hours} is before "
                f"rejection_reply_due_hours {self.rejection_reply_due_hours}; expected latest >= due"
            )
        if self.outcome_note_latest_hours < self.outcome_note_due_hours:
            raise ValueError(
                f"outcome_note_latest_hours {self.outcome_note_latest_hours} is before "
                f"outcome_note_due_hours {self.outcome_note_due_hours}; expected latest >= due"
            )
        return self
