"""ruff's ``json-lines``: one JSON object per problem and per line, as in the json format."""

from __future__ import annotations

import json

from modlint.output import source_text
from modlint.output.json import diagnostic_json


def render(report) -> str:
    lines = []
    for result in report.results:
        text = source_text(result)
        lines.extend(json.dumps(diagnostic_json(result.path, d, text), ensure_ascii=False)
                     for d in result.diagnostics)
    return "".join(line + "\n" for line in lines)
