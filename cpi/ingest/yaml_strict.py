"""A YAML loader for codebooks: safe, fast (libyaml's C parser when installed), strict.

* Only ``true``/``false`` are booleans (``yes``/``no``/``on``/``off`` stay text: answer codes).
* A key given twice in one mapping is an error naming both lines (plain YAML keeps the last
  value without a word: ``year:`` twice turned the 2023 wave into 2021).
* The line of every key is kept (``key_line``), so schema errors can name the line as well.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~7x faster


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping key listed twice; ``first_line`` and ``second_line`` are 1-based."""

    def __init__(self, key: Any, first_line: int, second_line: int, node: yaml.Node):
        self.key, self.first_line, self.second_line = key, first_line, second_line
        super().__init__(
            None, None, f"key {key!r} is given twice (lines {first_line} and {second_line})", node.start_mark
        )


class StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with YAML 1.2 booleans, duplicate keys refused and key lines recorded."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.key_lines: dict[int, dict[Any, int]] = {}  # id(mapping) -> {key: 1-based line}
        self._node_lines: dict[int, dict[Any, int]] = {}
        self._keep: list[Any] = []  # mappings recorded by id stay alive as long as the loader

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                ) from None
            line = key_node.start_mark.line + 1
            if key in lines:
                raise DuplicateKeyError(key, lines[key], line, key_node)
            lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        self._node_lines[id(node)] = lines
        return mapping


def _construct_map(loader: StrictLoader, node: yaml.MappingNode) -> Any:
    data: dict[Any, Any] = {}
    yield data
    data.update(loader.construct_mapping(node))
    loader.key_lines[id(data)] = loader._node_lines.pop(id(node), {})
    loader._keep.append(data)


StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> tuple[Any, dict[int, dict[Any, int]]]:
    """(document, key lines by ``id`` of each mapping in it). Raises ``yaml.YAMLError``."""
    made: list[StrictLoader] = []

    class _Recorded(StrictLoader):  # yaml.load builds the loader; keep it to read its key lines
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            made.append(self)

    doc = yaml.load(text, Loader=_Recorded)
    return doc, made[0].key_lines if made else {}
