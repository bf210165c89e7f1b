"""The main job, ``govsm audit``: every step plugins declare, in order, then every exporter.

The records a step or an exporter receives (:class:`~govsm.spec.AuditContext`,
:class:`~govsm.spec.StepResult`, :class:`~govsm.spec.AuditReport`) are part of the plugin API,
:mod:`govsm.spec`.
"""

from govsm.audit.runner import DEFAULT_REPORT_DIR, run_audit

__all__ = ["DEFAULT_REPORT_DIR", "run_audit"]
