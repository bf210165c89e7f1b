"""Reading govsm's own files — JSON Lines archives and Markdown drafts — into messages.

Every problem is a :class:`~govsm.errors.ConfigError` that names the file and line, in Spanish
and English. The built-in importers (``govsm.builtin.importers``) and ``govsm check`` read
through these functions.
"""
