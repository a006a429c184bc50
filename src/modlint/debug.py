"""What the semantic model sees, for people checking modlint against runtime truth."""

from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from modlint.config import Config
from modlint.discovery import discover
from modlint.engine import decode, project_configs
from modlint.semantic.builder import build_model
from modlint.workspace import ProjectFiles, is_notebook


def classes(paths: list[str], config: Config,
            project: Optional[ProjectFiles] = None) -> list[dict]:
    """Every class of the files (with whole-project resolution), and whether it is a module."""
    found = discover(paths, config, notebooks=False)
    rows = []
    for path, file_config in project_configs(found.files, config, project).items():
        if is_notebook(path):
            continue
        try:
            with open(path, "rb") as handle:
                module = cst.parse_module(decode(handle.read()).text)
        except (OSError, SyntaxError, UnicodeDecodeError, cst.ParserSyntaxError,
                RecursionError):
            continue
        model = build_model(module, file_config.extend_module_bases,
                            file_config.project_facts)
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        for cls in model.classes:
            rows.append({
                "path": path,
                "name": cls.name,
                "line": positions[cls.node.name].start.line,
                "is_module": cls.is_module,
                "bases": cls.bases,
            })
    return rows
