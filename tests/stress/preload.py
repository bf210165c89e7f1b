"""Imported once by the crash harness's fork server: the worker, warmed up (see
:func:`tests.stress.worker_process.warm`), so that every worker forked from it starts warm."""

from tests.stress import worker_process

worker_process.warm()
