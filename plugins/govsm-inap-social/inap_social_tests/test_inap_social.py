"""govsm-inap-social: the digest to paste into an INAP Social group, its text alternative, its settings.

The suite is shared with the other paste plugin (:mod:`tests.exporting.paste_plugin_suite`).
"""

from __future__ import annotations

import govsm_inap_social as plugin
from tests.exporting.paste_plugin_suite import paste_plugin_suite

globals().update(paste_plugin_suite(plugin, "inap-social"))
