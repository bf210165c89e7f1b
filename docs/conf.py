"""Sphinx configuration of the govsm documentation.

Build it offline, with every warning an error::

    sphinx-build -W --keep-going -n -b html docs docs/_build/html
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import attrs
from docutils import nodes
from docutils.nodes import Element, Node, TextElement
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from govsm import __version__  # noqa: E402

# -- Project ---------------------------------------------------------------------------------

project = "govsm"
author = "govsm developers"
copyright = "govsm developers; EUPL-1.2"
version = release = __version__

# -- General ---------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "sphinx_click",
]
# No intersphinx, nothing that needs the network: the build must work offline.

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Cross-references --------------------------------------------------------------------------

nitpicky = True
# Third-party types that appear in govsm's signatures (today ``pluggy.PluginManager`` on
# PluginHost.manager and ``sqlalchemy.engine.Engine`` on Store.engine; attrs, cattrs and click
# types can appear the same way). Without intersphinx (no network) their documentation has no
# inventory to link to, so they are left as plain text.
nitpick_ignore_regex = [
    ("py:.*", r"(attr|attrs|cattrs|pluggy|sqlalchemy|click|rich)(\..*)?"),
]

# -- Autodoc -----------------------------------------------------------------------------------

autodoc_typehints = "description"
autodoc_typehints_description_target = "documented"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autoclass_content = "class"
python_use_unqualified_type_names = True

# -- HTML --------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"govsm {release}"
html_static_path: list[str] = []
html_show_sourcelink = False


# -- Resolving names the source cannot give Sphinx -------------------------------------------
#
# govsm's modules use ``from __future__ import annotations`` and import some types only under
# ``typing.TYPE_CHECKING`` (to keep ``import govsm`` light and to avoid import cycles). Autodoc
# then cannot evaluate those annotations and shows bare names (``Store``, ``Workspace``) that
# Sphinx cannot qualify; standard-library types (``Path``, ``date``) have no inventory to link to
# offline; and attrs fields are documented as the ``:param:`` fields of their class, not as
# attributes of their own. Before Sphinx reports a missing reference, this resolver reads the
# name as Python would in the module (and class) the reference comes from, imports included
# (those under ``TYPE_CHECKING`` too), and then
#
# * links to the documented object the name is bound to (an attrs field links to its class);
# * renders a standard-library object or a type variable as plain text.
#
# Anything else stays a missing reference, and the build fails.

_MISSING = object()


def _type_checking_imports(module: ModuleType) -> dict[str, str]:
    """``{local name: "module.name"}`` for the imports under ``if TYPE_CHECKING:``."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return {}
    found: dict[str, str] = {}
    for statement in tree.body:
        if not isinstance(statement, ast.If) or ast.unparse(statement.test) not in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            continue
        for node in statement.body:
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def _import_dotted(dotted: str) -> Any:
    """The object at a dotted path such as ``govsm.store.Store``, or ``_MISSING``."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return _MISSING
        return obj
    return _MISSING


def _in_namespace(module: ModuleType, dotted: str) -> Any:
    """``dotted`` read as a name inside ``module``, including its type-checking imports."""
    head, _, rest = dotted.partition(".")
    if head in vars(module):
        obj = vars(module)[head]
    elif head in (checking := _type_checking_imports(module)):
        obj = _import_dotted(checking[head])
    else:
        return _MISSING
    try:
        for part in filter(None, rest.split(".")):
            obj = getattr(obj, part)
    except AttributeError:
        return _MISSING
    return obj


def _read_name(module_name: str | None, class_name: str | None, target: str) -> Any:
    """The object ``target`` designates where the reference is written, or ``_MISSING``."""
    scopes: list[ModuleType] = []
    if module_name:
        module = _import_dotted(module_name)
        if isinstance(module, ModuleType):
            if class_name:
                cls = _in_namespace(module, class_name)
                defining = sys.modules.get(getattr(cls, "__module__", "") or "")
                if defining is not None:
                    scopes.append(defining)
            scopes.append(module)
    if "." in target and (obj := _import_dotted(target)) is not _MISSING:
        return obj  # an absolute name, as Sphinx writes evaluated annotations
    for scope in scopes:
        obj = _in_namespace(scope, target)
        if obj is not _MISSING:
            return obj
    return _MISSING


def _documented_name(objects: Mapping[str, Any], obj: Any, target: str) -> str | None:
    """The name under which ``obj`` is documented (its public name when it has several)."""
    qualname = getattr(obj, "__qualname__", None)
    if not isinstance(qualname, str):  # data: a constant is known by the name it is read as
        qualname = target.rpartition(".")[2]
    names = [
        name
        for name, entry in objects.items()
        if not entry.aliased and name.endswith("." + qualname) and _import_dotted(name) is obj
    ]
    if names:
        return min(names, key=lambda name: (name.count("."), name))
    canonical = f"{getattr(obj, '__module__', '')}.{qualname}"
    return canonical if canonical in objects else None


def _refnode(
    app: Sphinx, env: BuildEnvironment, node: Element, contnode: TextElement, name: str
) -> Element:
    entry = env.get_domain("py").objects[name]  # type: ignore[attr-defined]
    return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name)


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: Element, contnode: TextElement
) -> Element | None:
    if node.get("refdomain") != "py" or node.get("reftype") in {"mod", "module"}:
        return None
    target = str(node.get("reftarget", "")).removeprefix("~").removeprefix(".")
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    module_name, class_name = node.get("py:module"), node.get("py:class")
    obj = _read_name(module_name, class_name, target)
    if obj is not _MISSING:
        if isinstance(obj, TypeVar) or _stdlib(obj):
            return contnode
        name = _documented_name(objects, obj, target)
        if name is not None:
            return _refnode(app, env, node, contnode, name)
    # an attrs field (``Channel.counting``, or ``suffixes`` inside ``Importer``): its class
    owner_path, _, field_name = target.rpartition(".")
    owner = _read_name(module_name, class_name, owner_path or class_name or "")
    if isinstance(owner, type) and attrs.has(owner) and field_name in attrs.fields_dict(owner):
        name = _documented_name(objects, owner, owner_path)
        if name is not None:
            return _refnode(app, env, node, contnode, name)
    return None


def _stdlib(obj: Any) -> bool:
    module = obj.__name__ if isinstance(obj, ModuleType) else getattr(obj, "__module__", None)
    return isinstance(module, str) and module.split(".")[0] in sys.stdlib_module_names


# -- The channel catalogue, rendered from the code ---------------------------------------------


class ChannelCatalogue(SphinxDirective):
    """``.. govsm-channel-catalogue::``: the built-in channels, read from the catalogue's data file
    as govsm reads it, so the page always shows the limits, statuses and dates govsm uses."""

    has_content = False

    def run(self) -> list[Node]:
        from govsm.channels.catalogue import CATALOGUE_FILE, CHANNELS

        # the page is rebuilt when the data file changes
        self.env.note_dependency(str(ROOT / "src" / CATALOGUE_FILE))

        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 18 10 16 30 26",
            "",
            "   * - Channel (id)",
            "     - Status",
            "     - Length counted as",
            "     - Limits",
            "     - Dates",
        ]
        for channel in CHANNELS:
            dates = []
            if channel.deprecated_on:
                dates.append(f"deprecated {channel.deprecated_on.isoformat()}")
            if channel.closed_on:
                dates.append(f"closed {channel.closed_on.isoformat()}")
            lines += [
                f"   * - {channel.name} (``{channel.id}``)",
                f"     - {channel.status.value}",
                f"     - ``{channel.counting.value}``",
                f"     - {_limits(channel.limits) or '—'}",
                f"     - {', '.join(dates) or '—'}",
            ]
        for channel in CHANNELS:
            lines += [
                "",
                f".. rubric:: {channel.name} (``{channel.id}``)",
                f"   :name: channel-{channel.id}",
                "",
            ]
            names = "; ".join(f"{name} (``{tag}``)" for tag, name in channel.names.items())
            fields = [
                ("Names", names or "—"),
                ("Status", channel.status.value),
                ("Length counted as", f"``{channel.counting.value}``"),
                ("Limits", _limits(channel.limits) or "none declared"),
                ("Capabilities", ", ".join(f"``{c.value}``" for c in channel.capabilities) or "—"),
            ]
            fields.append(("Post address", f"``{channel.post_url}``" if channel.post_url else "—"))
            if channel.reply_url:
                fields.append(("Reply address", f"``{channel.reply_url}``"))
            if channel.homepage:
                fields.append(("Home page", f"`<{channel.homepage}>`_"))
            if channel.deprecated_on:
                fields.append(("Deprecated on", channel.deprecated_on.isoformat()))
            if channel.closed_on:
                fields.append(("Closed on", channel.closed_on.isoformat()))
            lines += [f":{name}: {value}" for name, value in fields]
            if channel.notes:
                lines += ["", channel.notes]
            if channel.sources:
                lines += ["", "Sources:", ""]
                lines += [f"* {source}" for source in channel.sources]
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source=CATALOGUE_FILE), 0, container)
        return list(container.children)


_LIMIT_NAMES = {
    "text": "text",
    "text_bytes": "text in UTF-8 bytes",
    "long_text": "long post (accounts allowed them)",
    "url_length": "each URL counts as",
    "title": "title",
    "media": "media per post",
    "alt_text": "image description",
    "hashtags": "hashtags",
    "bio": "biography",
    "handle": "handle",
}


def _limits(limits: Any) -> str:
    return "; ".join(
        f"{_LIMIT_NAMES.get(field.name, field.name)} {getattr(limits, field.name):,}"
        for field in attrs.fields(type(limits))
        if getattr(limits, field.name) is not None
    )


def _drop_object_base(app: Sphinx, domain: str, objtype: str, content: Element) -> None:
    """Say nothing rather than "Bases: object" for plain classes (show-inheritance is on for
    the exceptions and enumerations, whose bases matter)."""
    for child in list(content.children):
        if isinstance(child, nodes.paragraph) and child.astext() == "Bases: object":
            content.remove(child)


# -- The rules, rendered from their metadata ----------------------------------------------------


def _markdown_to_rest(text: str) -> list[str]:
    """The small Markdown subset rule explanations use (code, links, emphasis) as reST."""
    import re

    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`__", text)
    text = re.sub(r"(?<![`\w])`([^`]+)`(?![`\w])", r"``\1``", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"**\1**", text)
    return text.strip().splitlines()


class RuleReference(SphinxDirective):
    """``.. govsm-rules:: FAMILY``: every built-in rule of a family (or ``all``: a table of every
    rule), read from the records the rule plugins declare — id, title, default severity,
    parameters with defaults, explanation and reference — so the pages cannot drift from code."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[Node]:
        from govsm.plugins import PluginHost

        rules = PluginHost(entry_points=False, strict=True).rules()
        family = self.arguments[0]
        if family == "all":
            lines = [
                ".. list-table::",
                "   :header-rows: 1",
                "   :widths: 24 16 12 48",
                "",
                "   * - Rule",
                "     - Family",
                "     - Default",
                "     - What it checks",
            ]
            for rule in sorted(rules.values(), key=lambda r: (r.family, r.id)):
                off = " (off by default)" if not rule.enabled_by_default else ""
                lines += [
                    f"   * - :ref:`{rule.id} <rule-{rule.id}>`",
                    f"     - {rule.family}",
                    f"     - {rule.default_severity.value}{off}",
                    f"     - {rule.title.en} / {rule.title.es}",
                ]
        else:
            chosen = [r for r in rules.values() if r.family == family]
            if not chosen:
                raise self.error(f"no built-in rule has family {family!r}")
            lines = []
            for rule in sorted(chosen, key=lambda r: r.id):
                lines += [
                    "",
                    f".. _rule-{rule.id}:",
                    "",
                    f".. rubric:: ``{rule.id}`` — {rule.title.en} (*{rule.title.es}*)",
                    "",
                    f":Default severity: {rule.default_severity.value}",
                    f":Enabled by default: {'yes' if rule.enabled_by_default else 'no'}",
                    f":Judges: {rule.scope.describe().en}",
                ]
                if rule.sensitive:
                    lines.append(":Personal data: findings never quote the span")
                if rule.params:
                    params = ", ".join(f"``{k} = {v!r}``" for k, v in rule.params.items())
                    lines.append(f":Parameters: {params}")
                if rule.reference:
                    lines += [f":Reference: {' '.join(_markdown_to_rest(rule.reference))}"]
                if rule.explanation:
                    lines += ["", *_markdown_to_rest(rule.explanation)]
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source="govsm rules"), 0, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("govsm-channel-catalogue", ChannelCatalogue)
    app.add_directive("govsm-rules", RuleReference)
    app.connect("object-description-transform", _drop_object_base)
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
