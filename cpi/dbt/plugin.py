"""A dbt-duckdb plugin that imports the Python models' heavy libraries once, up front.

With ``threads: 2`` two Python models can start at the same moment; two threads importing
scipy for the first time at once can fail with "partially initialized module" (a circular
import race inside scipy). Importing the libraries when dbt opens its DuckDB environment, before
any model runs, removes the race. Configured in profiles.yml (``plugins``).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

log = logging.getLogger(__name__)


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        for name in plugin_config.get("modules") or []:
            try:
                importlib.import_module(name)
            except ImportError as exc:  # a model that needs it reports the problem itself
                log.warning("could not pre-import %s: %s", name, exc)
