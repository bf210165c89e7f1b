"""The publishing calendar: recurring series in their zone, and the days nothing goes out.

:mod:`govsm.calendar.recurrence` expands RFC 5545 series; :mod:`govsm.calendar.exclusions`
says which days are holidays, electoral periods or pauses. The scheduling engine builds on them:
:mod:`govsm.calendar.windows` (when a profile's posts may go out, and the next free slots),
:mod:`govsm.calendar.repeat` (repeats off office hours), :mod:`govsm.calendar.suggestions` (the
best hours from a profile's history), :mod:`govsm.calendar.planned` (a planned post),
:mod:`govsm.calendar.limits` and :mod:`govsm.calendar.clashes` (caps, spacing, windows, excluded
days and clashes between units), :mod:`govsm.calendar.plan` (a period's plan, and its JSON) and
:mod:`govsm.calendar.ics` (the plan as iCalendar). Each is imported on its own: importing this
package loads none of them.
"""
