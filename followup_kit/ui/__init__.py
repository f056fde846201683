"""ipywidgets views over the kit: interview form, plan, drafts, status, coach dashboard.

Thin by design: callbacks read widget values and call core/render/store. Every view exposes
its values and actions in Python (``form.values``, ``form.submit()``, ``status.record(...)``) so
notebooks and tests can drive it without a browser.
"""

from followup_kit.ui.backup_panel import BackupPanel
from followup_kit.ui.caseload_panel import CaseloadPanel
from followup_kit.ui.dashboard import CoachDashboard
from followup_kit.ui.drafts_view import DraftsView
from followup_kit.ui.forms import InterviewForm
from followup_kit.ui.history_panel import HistoryPanel
from followup_kit.ui.plan_view import PlanView
from followup_kit.ui.session import Session, open_session
from followup_kit.ui.status_panel import StatusPanel
from followup_kit.ui.workspace import StartPanel, Workspace, open_workspace

__all__ = [
    "BackupPanel",
    "CaseloadPanel",
    "CoachDashboard",
    "DraftsView",
    "HistoryPanel",
    "InterviewForm",
    "PlanView",
    "Session",
    "StartPanel",
    "StatusPanel",
    "Workspace",
    "open_session",
    "open_workspace",
]
