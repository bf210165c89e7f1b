"""govsm's built-in plugins, registered exactly as third-party plugins are.

Every module here implements hooks of :mod:`govsm.spec.hookspecs` and is listed, in order, in
:data:`govsm.plugins.DEFAULT_PLUGINS`; disabling one by name (``--disable-plugin``,
``GOVSM_DISABLE_PLUGINS``) takes its records out like any other plugin's.
"""
