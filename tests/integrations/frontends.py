"""Running the real front-ends (modlint, flake8, a language server client) on a file."""

from __future__ import annotations

import asyncio
import importlib.metadata
import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Awaitable, Callable, TypeVar

SRC = Path(__file__).resolve().parents[2] / "src"

# Three classes with every rule's bug: a non-ASCII string before a finding on the same
# line, tab indentation, and a finding silenced by `# noqa`.
BUGGY = (
    "import torch\n"
    "from torch import nn\n"
    "\n"
    "\n"
    "class Encoder(nn.Module):\n"
    "    def __init__(self):\n"
    "        self.proj = nn.Linear(4, 4)\n"
    "        super().__init__()\n"
    '        self.label = "é🙂"; self.mask = torch.ones(3)\n'
    "\n"
    "\n"
    "class Head(nn.Module):\n"
    "\tdef __init__(self):\n"
    "\t\tself.scale = torch.ones(1)  # noqa: E501\n"
    "\n"
    "\n"
    "class Tail(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.offset = torch.zeros(2)  # noqa: MOD001\n"
)

CLEAN = (
    "import torch\n"
    "from torch import nn\n"
    "\n"
    "\n"
    "class Encoder(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.proj = nn.Linear(4, 4)\n"
    '        self.register_buffer("mask", torch.ones(3))\n'
)

Finding = tuple[int, int, str]  # line, 1-based column, code
_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) ")


def report_lines(output: str) -> list[str]:
    """The `path:line:col: CODE message` lines of a report, without the summary."""
    return [line for line in output.splitlines() if _LINE.match(line)]


def findings(output: str) -> set[Finding]:
    found = set()
    for line in report_lines(output):
        match = _LINE.match(line)
        assert match is not None
        found.add((int(match["line"]), int(match["col"]), match["code"]))
    return found


def run_modlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def plugin_installed() -> bool:
    """Whether this environment registers the `MOD` entry point (an install of modlint)."""
    return any(ep.name == "MOD" and ep.value == "modlint.flake8:Plugin"
               for ep in importlib.metadata.entry_points(group="flake8.extension"))


def flake8_config(folder: Path) -> list[str]:
    """flake8 arguments that load the plugin: its entry point when modlint is installed,
    else flake8's local-plugins from this checkout (a checkout run with PYTHONPATH=src)."""
    if plugin_installed():
        return []
    config = folder / "flake8-local-plugins.cfg"
    config.write_text("[flake8:local-plugins]\nextension =\n    MOD = modlint.flake8:Plugin\n"
                      f"paths = {SRC}\n")
    return ["--config", str(config)]


def run_flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", *flake8_config(cwd), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


T = TypeVar("T")


def with_language_server(workspace: Path, session: Callable[..., Awaitable[T]],
                         client_spec: str = "visual-studio-code") -> T:
    """Start `modlint server` over stdio, initialise a real LSP client with ``workspace``
    as its root, run ``session(client, initialize_result)`` and shut down."""
    from lsprotocol import types as lsp
    from pytest_lsp import client_capabilities, make_test_lsp_client

    async def run() -> T:
        client = make_test_lsp_client()
        await client.start_io(sys.executable, "-m", "modlint", "server")
        try:
            result = await asyncio.wait_for(client.initialize_session(lsp.InitializeParams(
                capabilities=client_capabilities(client_spec),
                root_uri=workspace.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(uri=workspace.as_uri(),
                                                       name=workspace.name)],
            )), 60)
            return await asyncio.wait_for(session(client, result), 120)
        finally:  # a failed assertion too must end the server, or stop() waits for it
            try:
                await asyncio.wait_for(client.shutdown_session(), 30)
            finally:
                await client.stop()

    return asyncio.run(run())


def diagnostics_published(client):
    """A future for the next publishDiagnostics: ask before sending what causes it."""
    from lsprotocol import types as lsp

    return client.protocol.wait_for_notification_async(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


async def open_document(client, path: Path, text: str):
    """didOpen, and the diagnostics the server publishes for it."""
    from lsprotocol import types as lsp

    waiting = diagnostics_published(client)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        lsp.TextDocumentItem(uri=path.as_uri(), language_id="python", version=1, text=text)))
    await waiting
    return client.diagnostics[path.as_uri()]


async def change_document(client, path: Path, text: str, version: int):
    """didChange with the whole new text, and the diagnostics published for it."""
    from lsprotocol import types as lsp

    waiting = diagnostics_published(client)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
        [lsp.TextDocumentContentChangeWholeDocument(text=text)]))
    await waiting
    return client.diagnostics[path.as_uri()]


def character_column(line_text: str, units: int, encoding: str) -> int:
    """An LSP column (in the negotiated encoding's units) as a count of characters."""
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    return len(line_text.encode(codec)[:units * width].decode(codec))


def apply_text_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """What a client does with the TextEdits of a WorkspaceEdit (positions all relative
    to the text before any of them)."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text) + [""]
    starts = list(itertools.accumulate(map(len, lines), initial=0))

    def offset(position) -> int:
        line = lines[position.line].rstrip("\r\n")
        return starts[position.line] + character_column(line, position.character, encoding)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


# A project whose module class derives from a base defined in another of its files: every
# front-end must know the base whatever file it is given.
PROJECT = {
    "pyproject.toml": "[project]\nname = \"demo\"\n",
    "pkg/__init__.py": "",
    "pkg/base.py": "from torch import nn\n\n\nclass Base(nn.Module):\n    pass\n",
    "pkg/model.py": (
        "import torch\n"
        "\n"
        "from .base import Base\n"
        "\n"
        "\n"
        "class Net(Base):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.mask = torch.ones(2)\n"
        "\n"
        "    def forward(self, x):\n"
        "        return x * self.mask\n"
    ),
}
PROJECT_FINDING = "pkg/model.py:9:9: MOD001"
NOT_A_MODULE = "class Base:\n    pass\n"  # pkg/base.py once the base is no module

# The code cells of a notebook using the project's base: magics, a shell line, a cell magic
# that is not Python, a finding silenced by `# noqa`, and one finding (cell 4, line 4).
NOTEBOOK_CELLS = [
    ("markdown", "# A model\n\nSome text."),
    ("code", "%matplotlib inline\n!pip install torch\nimport torch\nfrom pkg.base import Base"),
    ("code", "%%bash\necho 'class X(Base): pass'"),
    ("code", "class Net(Base):\n"
             "    def __init__(self):\n"
             "        super().__init__()\n"
             "        self.mask = torch.ones(2)\n"
             "        self.keep = torch.ones(2)  # noqa: MOD001\n"
             "        files = !ls\n"
             "\n"
             "    def forward(self, x):\n"
             "        return x * self.mask * self.keep\n"),
]
NOTEBOOK_FINDING = ":cell 4:4:9: MOD001"


def _source_lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def notebook_json(cells=NOTEBOOK_CELLS) -> str:
    """A notebook as Jupyter writes it (nbformat 4, one-space indentation, outputs and
    metadata included)."""
    import json

    raw = []
    for number, (kind, text) in enumerate(cells):
        cell = {"cell_type": kind, "metadata": {"tags": [f"t{number}"]},
                "source": _source_lines(text)}
        if kind == "code":
            cell["execution_count"] = number
            cell["outputs"] = [{"name": "stdout", "output_type": "stream",
                                "text": ["out é\n"]}]
        raw.append(cell)
    notebook = {"cells": raw, "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11.0"}},
        "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write_project(folder: Path, files: dict[str, str] = PROJECT) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
