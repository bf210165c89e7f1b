"""The main job, ``govsm audit``: a sequence of steps contributed by plugins, then a report."""

from govsm.audit.report import AuditReport
from govsm.audit.runner import run_audit
from govsm.audit.step import AuditContext, AuditStep, StepResult

__all__ = ["AuditContext", "AuditReport", "AuditStep", "StepResult", "run_audit"]
