"""The publishing calendar: recurring series in their zone, and the days nothing goes out.

:mod:`govsm.calendar.recurrence` expands RFC 5545 series; :mod:`govsm.calendar.exclusions`
says which days are holidays, electoral periods or pauses.
"""
