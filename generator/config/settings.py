"""The one reader of a project's mkdocs.yml.

mkdocs.yml is read where its settings are needed: by the content check, the build
(``theme.custom_dir``, ``hooks``, ``site_name``), the handbook (``site_name``,
``extra.organizer``) and the anchor check (``markdown_extensions``). Each reads it
through ``read_settings``, under one policy:

* an mkdocs.yml that is not UTF-8 or not YAML is a ``ContentError`` with one problem
  placed in it (``mkdocs.yml:line:column``, worded as a content file's would be);
* one that cannot be read at all is a ``ProjectError`` naming it;
* one that is YAML but not a mapping reads as no settings (``{}``): MkDocs says why.

Its tags never run code: ``!!python/…`` and MkDocs' own (``!ENV``, ``!relative``) read
as None, except the slug functions the ``toc`` extension may name
(``!!python/object/apply:pymdownx.slugs.slugify``), which are made, so that anchors
are computed as the site computes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, ProjectError, os_reason
from generator.i18n import _
from generator.utils.yamlhelp import not_utf8, yaml_problem

#: Slug functions mkdocs.yml may name with !!python/object/apply (no other code is run).
SLUGIFIERS = ("pymdownx.slugs.slugify", "pymdownx.slugs.uslugify",
              "markdown.extensions.toc.slugify", "markdown.extensions.toc.slugify_unicode")


class _SettingsLoader(yaml.SafeLoader):
    """A known slug function is made; any other tag stands for nothing (None)."""


def _apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if suffix not in SLUGIFIERS or not isinstance(node, yaml.MappingNode):
        return None
    module, _dot, name = suffix.rpartition(".")
    args = loader.construct_mapping(node, deep=True)
    try:
        function = getattr(__import__(module, fromlist=[name]), name)
        kwds = args.get("kwds") or {}
        return function(**kwds) if suffix.startswith("pymdownx") else function
    except (ImportError, AttributeError, TypeError):  # not installed here, or bad arguments:
        return None  # the anchor check falls back to the default slugs; MkDocs will say why


_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)
_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data ({} when it is not a mapping).

    Raises ContentError (not UTF-8, not YAML: placed in the file) or ProjectError (not
    readable), as the module's policy says.
    """
    shown = config.name
    try:
        raw = config.read_bytes()
    except OSError as exc:
        raise ProjectError(_("{path}: cannot read the site settings: {reason}").format(
            path=shown, reason=os_reason(exc))) from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ContentError([not_utf8(shown, raw, exc)]) from None
    try:
        data = yaml.load(text, Loader=_SettingsLoader)
    except yaml.YAMLError as exc:
        raise ContentError([yaml_problem(shown, exc, text)]) from None
    return data if isinstance(data, dict) else {}
