"""GitHub Actions workflow commands: one ``::error ...::message`` annotation per problem."""

from __future__ import annotations

from modlint.diagnostics import Diagnostic


def render(report) -> str:
    return "".join(annotation(result.path, d) + "\n"
                   for result in report.results for d in result.diagnostics)


def annotation(path: str, diagnostic: Diagnostic) -> str:
    properties = {
        "file": path,
        "line": diagnostic.line,
        "col": diagnostic.column + 1,
        "endLine": diagnostic.end_line,
        "endColumn": diagnostic.end_column + 1,
        "title": f"modlint ({diagnostic.code})",
    }
    fields = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::error {fields}::{_escape_data(f'{diagnostic.code} {diagnostic.message}')}"


def _escape_data(text: str) -> str:
    """As the Actions runner unescapes a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
