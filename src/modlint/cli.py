"""The command line: options -> Config -> engine -> report. No logic of its own."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, NoReturn, Optional

import click

from modlint import __version__, messages, rulebook
from modlint.config import Config, ConfigError, check_codes
from modlint.discovery import discover
from modlint.engine import FileResult, FixMode, lint_files, lint_text
from modlint.workspace import Workspace
from modlint.output import FORMATS, Report, render, statistics, use_color
from modlint.rules import CODES, all_rules, load


class _DefaultToCheck(click.Group):
    """``modlint PATH...`` means ``modlint check PATH...``, as in ruff."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h",
                                                                          "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modlint")
def main() -> None:
    """modlint: finds and fixes the silent bugs of PyTorch nn.Module code."""


def _codes(value: Optional[str], option: str) -> tuple[str, ...]:
    return check_codes((value or "").split(","), option)


def _globs(value: str) -> tuple[str, ...]:
    return tuple(g.strip() for g in value.split(",") if g.strip())


def _overrides(select: Optional[str], extend_select: Optional[str], ignore: Optional[str],
               exclude: Optional[str], extend_exclude: Optional[str],
               force_exclude: Optional[bool], respect_gitignore: Optional[bool],
               unsafe_fixes: Optional[bool]) -> dict[str, Any]:
    """The Config fields the command line sets; they win over the configuration file."""
    given: dict[str, Any] = {}
    try:
        if select is not None:
            given["select"] = _codes(select, "--select")
        if extend_select is not None:
            given["extend_select"] = _codes(extend_select, "--extend-select")
        if ignore is not None:
            given["ignore"] = _codes(ignore, "--ignore")
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    if exclude is not None:
        given["exclude"] = _globs(exclude)
    if extend_exclude is not None:
        given["extend_exclude"] = _globs(extend_exclude)
    for name, value in (("force_exclude", force_exclude),
                        ("respect_gitignore", respect_gitignore),
                        ("unsafe_fixes", unsafe_fixes)):
        if value is not None:
            given[name] = value
    return given


def _fail(error: ConfigError) -> NoReturn:
    click.echo(f"modlint: error: {error}", err=True)
    sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
              help="With --fix or --diff: unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--select", metavar="CODES", help="Rules to run: codes or prefixes, comma-separated.")
@click.option("--extend-select", metavar="CODES", help="Rules to run on top of the selection.")
@click.option("--ignore", metavar="CODES", help="Rules not to run: codes or prefixes.")
@click.option("--exclude", metavar="GLOBS", help="Files and folders to skip (replaces the defaults).")
@click.option("--extend-exclude", metavar="GLOBS", help="Files and folders to skip as well.")
@click.option("--force-exclude/--no-force-exclude", default=None,
              help="Apply the exclusions to paths given on the command line too.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip the files git ignores (default: on).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="PATH",
              help="Read [tool.modlint] from this file instead of the nearest pyproject.toml.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--project-root", type=click.Path(file_okay=False, exists=True), metavar="DIR",
              help="The project's root folder, whose files define the module bases "
                   "(default: the nearest folder above the paths with a pyproject.toml, "
                   "setup.cfg, setup.py or .git).")
@click.option("--output-format", type=click.Choice(FORMATS), default="text",
              envvar="MODLINT_OUTPUT_FORMAT", show_default=True,
              help="How to print the problems (see the README).")
@click.option("--statistics", is_flag=True, help="Print the number of problems per rule.")
@click.option("--show-fixes/--no-show-fixes", default=False,
              help="After --fix, list the problems fixed; else the fix of each problem.")
@click.option("--add-noqa", is_flag=True,
              help="Add `# noqa: CODE` to every line with a problem; write nothing else.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--stdin-filename", metavar="PATH", help="The name to report for input on '-'.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: one per CPU; few files run in one).")
@click.option("--file-time-limit", type=click.FloatRange(min=0), metavar="SECONDS",
              help="Skip (and report) a file that takes longer (default: 120; 0: no limit).")
@click.option("--file-memory-limit", type=click.IntRange(min=0), metavar="MIB",
              help="Skip (and report) a file that needs more memory (default: 3072; 0: no "
                   "limit).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="PATH",
              envvar="MODLINT_CACHE_DIR",
              help="Where to keep the result cache (default: .modlint_cache in the project root).")
def check(paths: tuple[str, ...], fix: bool, unsafe_fixes: Optional[bool], diff: bool,
          select: Optional[str], extend_select: Optional[str], ignore: Optional[str],
          exclude: Optional[str], extend_exclude: Optional[str],
          force_exclude: Optional[bool], respect_gitignore: Optional[bool],
          config_file: Optional[str], isolated: bool, project_root: Optional[str],
          output_format: str, statistics: bool, show_fixes: bool, add_noqa: bool,
          exit_zero: bool, stdin_filename: Optional[str], jobs: Optional[int],
          file_time_limit: Optional[float], file_memory_limit: Optional[int],
          no_cache: bool, cache_dir: Optional[str]) -> None:
    """Lint PATHS (files or folders; '-' for standard input)."""
    overrides = _overrides(select, extend_select, ignore, exclude, extend_exclude,
                           force_exclude, respect_gitignore, unsafe_fixes)
    for name, limit in (("file_time_limit", file_time_limit),
                        ("file_memory_limit", file_memory_limit)):
        if limit is not None:
            overrides[name] = limit
    workspace = Workspace(config_file=config_file, isolated=isolated, overrides=overrides,
                          project_root=project_root,
                          cache_dir=None if no_cache else cache_dir or "")
    mode = FixMode.DIFF if diff else FixMode.WRITE if fix else FixMode.NONE
    output = _Output(output_format, statistics, show_fixes)
    if add_noqa and (fix or diff or paths == ("-",)):
        raise click.UsageError("--add-noqa works on files, without --fix or --diff")
    try:
        if paths == ("-",):
            name = stdin_filename or "-"
            config = workspace.config(stdin_filename or os.curdir)
            sys.exit(_check_stdin(config, mode, name, exit_zero, output, workspace,
                                  stdin_filename))
        results, errors, unsafe = _lint_paths(list(paths) or ["."], workspace, mode, jobs,
                                              None if no_cache else cache_dir or "")
    except ConfigError as error:
        _fail(error)
    if add_noqa:
        sys.exit(_add_noqa(results, errors))
    failed = _report(results, errors, mode, unsafe, output)
    remaining = any(r.diagnostics for r in results)
    if mode is FixMode.DIFF:
        remaining = remaining or any(r.fixed_source is not None for r in results)
    sys.exit(2 if failed else 1 if remaining and not exit_zero else 0)


def _lint_paths(paths: list[str], workspace: Workspace, mode: FixMode, jobs: Optional[int],
                cache_dir: Optional[str]) -> tuple[list[FileResult], list[tuple[str, str]], bool]:
    """Each path with its own configuration and project; a file reached twice is linted
    once. ``cache_dir`` None: no cache; "": the default folder of each configuration."""
    groups: dict[tuple[Config, Optional[str]], list[str]] = {}
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in paths:
        config = workspace.config(path)
        found = discover([path], config)
        errors.extend(found.errors)
        new = [f for f in found.files if f not in seen]
        seen.update(new)
        groups.setdefault((config, workspace.root(path)), []).extend(new)
    results: list[FileResult] = []
    for (config, root), files in groups.items():
        cache = workspace.cache(config, root)
        project = workspace.project(root, config) if files else None
        results.extend(lint_files(sorted(files), config, mode, bool(config.unsafe_fixes),
                                  jobs, cache, project))
    results.sort(key=lambda r: r.path)
    return results, errors, any(c.unsafe_fixes for c, _ in groups)


class _Output:
    """Where and how the problems are printed."""

    def __init__(self, format_name: str, statistics: bool, show_fixes: bool = False) -> None:
        self.format_name, self.statistics = format_name, statistics
        self.show_fixes = show_fixes

    def print(self, results: list[FileResult], fixing: bool, unsafe: bool,
              err: bool = False, summary: bool = True, failed: bool = False) -> None:
        stream = click.get_text_stream("stderr" if err else "stdout")
        report = Report(results, fixing, unsafe, use_color(stream), summary, failed,
                        self.show_fixes)
        if self.statistics:
            text = statistics.render(report, as_json=self.format_name in ("json",
                                                                           "json-lines"))
        else:
            text = render(self.format_name, report)
        click.echo(text, nl=False, err=err, color=report.color)


def _report(results: list[FileResult], discovery_errors: list[tuple[str, str]],
            mode: FixMode, unsafe: bool, output: _Output) -> bool:
    """Print everything; returns whether some file could not be handled."""
    failed = False
    for path, message in discovery_errors:
        click.echo(messages.file_error(path, message), err=True)
        failed = True
    for result in results:
        failed = _report_errors(result) or failed
    if mode is FixMode.DIFF:
        for result in results:
            if result.fixed_source is not None:
                click.echo(_diff(result), nl=False)
        count = sum(r.fixed for r in results)
        click.echo(f"Would fix {count} problem{'s' if count != 1 else ''}.", err=True)
    else:
        output.print(results, mode is FixMode.WRITE, unsafe, failed=failed)
    return failed


def _add_noqa(results: list[FileResult], discovery_errors: list[tuple[str, str]]) -> int:
    """``--add-noqa``: suppress every problem found where it is reported, as ruff does."""
    from modlint.noqa import add_noqa_file

    failed = False
    for path, message in discovery_errors:
        click.echo(messages.file_error(path, message), err=True)
        failed = True
    added = 0
    for result in results:
        failed = _report_errors(result) or failed
        if result.diagnostics:
            count, error = add_noqa_file(result.path, result.diagnostics)
            added += count
            if error:
                click.echo(messages.file_error(result.path, error), err=True)
                failed = True
    click.echo(f"Added {added} noqa directive{'s' if added != 1 else ''}.", err=True)
    return 2 if failed else 0


def _report_errors(result: FileResult) -> bool:
    if result.io_error:
        click.echo(messages.file_error(result.path, result.io_error), err=True)
    for error in result.errors:
        click.echo(messages.internal_error(result.path, error.where, error.message), err=True)
    return bool(result.io_error or result.errors)


def _diff(result: FileResult) -> str:
    import difflib  # --diff only

    assert result.source is not None and result.fixed_source is not None
    return "".join(difflib.unified_diff(
        result.source.splitlines(keepends=True), result.fixed_source.splitlines(keepends=True),
        fromfile=result.path, tofile=result.path))


def _check_stdin(config: Config, mode: FixMode, name: str, exit_zero: bool,
                 output: _Output, workspace: Workspace, stdin_filename: Optional[str]) -> int:
    data = click.get_binary_stream("stdin").read()
    if config.force_exclude and name != "-" and config.is_excluded(name):
        if mode is FixMode.WRITE:  # a filter must give its input back
            click.get_binary_stream("stdout").write(data)
        return 0
    if stdin_filename:  # the project's bases, with this text in place of the file's
        config = workspace.file_config(stdin_filename, data.decode("utf-8", "replace"))
    result = lint_text(name, data, config, mode, bool(config.unsafe_fixes))
    failed = _report_errors(result)
    if mode is FixMode.WRITE:  # the fixed text goes to stdout, the problems to stderr
        click.echo(result.fixed_source if result.fixed_source is not None
                   else result.source if result.source is not None else data.decode(
                       "utf-8", "replace"), nl=False)
        output.print([result], True, bool(config.unsafe_fixes), err=True, summary=False)
    elif mode is FixMode.DIFF:
        if result.fixed_source is not None:
            click.echo(_diff(result), nl=False)
    else:
        output.print([result], False, bool(config.unsafe_fixes), summary=False)
    remaining = bool(result.diagnostics)
    return 2 if failed else 1 if remaining and not exit_zero else 0


@main.group()
def debug() -> None:
    """Show what modlint's analysis sees."""


@debug.command("classes")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="PATH")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def debug_classes(paths: tuple[str, ...], config_file: Optional[str], isolated: bool) -> None:
    """Every class in PATHS as JSON: path, name, line, is_module, bases."""
    workspace = Workspace(config_file=config_file, isolated=isolated, cache_dir=None)
    first = paths[0] if paths else os.curdir
    try:
        config = workspace.config(first)
        project = workspace.project(workspace.root(first), config)
    except ConfigError as error:
        _fail(error)
    from modlint.debug import classes
    click.echo(json.dumps(classes(list(paths) or ["."], config, project), indent=1))


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code: Optional[str], show_all: bool) -> None:
    """Print the rule book page of CODE (a code such as MOD001 or a name such as
    unregistered-tensor), or list the rules with --all."""
    if show_all or code is None:
        rules = all_rules()
        width = max(len(r.name) for r in rules)
        click.echo(f"{'code':<7} {'name':<{width}}  {'default':<7}  fix")
        for r in rules:
            click.echo(f"{r.code:<7} {r.name:<{width}}  {'on' if r.default else 'opt-in':<7}  {r.fix}")
        return
    text = rulebook.page(code.upper()) if code.upper() in CODES else None
    if text is not None:  # a code: its page, without loading the rules (nor LibCST)
        click.echo(text, nl=False)
        return
    by_name = {r.name: r.code for r in all_rules()}
    wanted = by_name.get(code.lower().replace("_", "-"), code.upper())
    text = rulebook.page(wanted) if wanted in CODES else None
    if text is None:
        import difflib

        guess = difflib.get_close_matches(code.upper(), CODES, n=1) or [
            by_name[n] for n in difflib.get_close_matches(code.lower(), by_name, n=1)]
        hint = f"; did you mean {guess[0]} ({load(guess[0]).name})?" if guess else ";"
        raise click.UsageError(f"unknown rule {code!r}{hint} `modlint rule --all` lists them")
    click.echo(text, nl=False)


@main.command()
def server() -> None:
    """Run the language server on standard input and output (LSP)."""
    try:
        from modlint.lsp import serve
    except ImportError as error:
        if (error.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        raise click.UsageError("the language server needs the lsp extra: "
                               "pip install 'modlint[lsp]'") from None
    serve()
