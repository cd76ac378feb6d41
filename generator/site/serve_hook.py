"""MkDocs hook used by ``serve``: regenerate the pages before every rebuild.

``mkdocs serve`` reloads the config and calls ``on_config`` on each change
under content/ or quizzes/ (they are in ``watch``), so edits to the YAML show
up in the browser; a content error is printed and the last good site stays. Pages and
compiled templates are kept between rebuilds, so a save re-renders only what it changed.

The generated docs folder is not watched: only this hook writes it, from the watched
content, so a change there would only start a second rebuild of what was just built.
A dirty rebuild reads only the pages whose Markdown changed: ``on_nav`` reads the source of
the others that have no title in the navigation, which would otherwise be listed as "None".
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from generator.errors import GeneratorError
from generator.site.build import SERVE_TEMPLATES, generate
from generator.site.project import load_project


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parents[2]  # PROJECT/.build/serve/mkdocs.yml
    try:
        generated = generate(load_project(root), serve=True)
    except GeneratorError as exc:
        raise Abort(f"Error: {exc.message}") from None
    config["nav"] = generated.nav
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    for page in nav.pages:
        if page.title is None:  # its title comes from its front matter or first heading
            page.read_source(config)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = SERVE_TEMPLATES
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]
             ) -> LiveReloadServer:
    server.unwatch(config.docs_dir)
    # What the first build leaves (the theme, jieba's dictionary, the pages and files kept
    # for the next saves) lives as long as the server. Once the first build's garbage is
    # collected, that is moved out of the cyclic collector's sight: the collections during
    # a rebuild then go over what the rebuild makes, not over all of it (0.2 s of a save at
    # 1,000 lessons; benchmarks/README.md).
    gc.collect()
    gc.freeze()
    return server
