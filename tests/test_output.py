"""--output-format and --statistics, through the real command line."""

import json
import os
import pty
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest

from modlint.output.github import annotation
from modlint.diagnostics import Diagnostic

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# MOD001 with a safe fix (line 8), MOD001 with an unsafe fix (line 9), MOD101 without
# a fix (line 14: the base takes arguments).
BUGGY = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class A(nn.Module):
        def __init__(self):
            super().__init__()
            self.mask = torch.ones(2)
            self.scale = torch.ones(1, requires_grad=True)


    class B(nn.Linear):
        def __init__(self, size):
            self.size = size
""")
SEEDED = ("MOD001", "MOD101", "MOD102")


def run(*args, cwd, env=None):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("NO_COLOR", "MODLINT_OUTPUT_FORMAT")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "modlint", "--isolated", *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture
def buggy(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(BUGGY)
    return tmp_path


def text_problems(output):
    """(path, line, column, code) from the default format, for the seeded rules."""
    found = []
    for line in output.splitlines():
        match = re.match(r"(.+?):(\d+):(\d+): (MOD\d+) ", line)
        if match and match.group(4) in SEEDED:
            found.append((match.group(1), int(match.group(2)), int(match.group(3)),
                          match.group(4)))
    return found


def test_json_matches_text_and_its_edits_are_the_fixes(buggy):
    expected = text_problems(run("pkg", cwd=buggy).stdout)
    done = run("pkg", "--output-format", "json", cwd=buggy)
    assert done.returncode == 1
    items = [i for i in json.loads(done.stdout) if i["code"] in SEEDED]
    assert [(i["filename"], i["location"]["row"], i["location"]["column"], i["code"])
            for i in items] == expected == [
        (os.path.join("pkg", "m.py"), 8, 9, "MOD001"), (os.path.join("pkg", "m.py"), 9, 9, "MOD001"),
        (os.path.join("pkg", "m.py"), 13, 9, "MOD101")]
    mask, scale, base = items
    assert mask["end_location"] == {"row": 8, "column": 34}  # `self.mask = torch.ones(2)`
    assert mask["fix"]["applicability"] == "safe"
    assert scale["fix"]["applicability"] == "unsafe"
    assert base["fix"] is None
    assert mask["url"].endswith("/rules/MOD001-unregistered-tensor.md")
    # applying the JSON edits of both fixes gives what --fix --unsafe-fixes writes
    lines = BUGGY.splitlines(keepends=True)

    def offset(loc):
        return sum(len(line) for line in lines[:loc["row"] - 1]) + loc["column"] - 1

    edits = sorted((offset(e["location"]), offset(e["end_location"]), e["content"])
                   for item in (mask, scale) for e in item["fix"]["edits"])
    text = BUGGY
    for start, end, content in reversed(edits):
        text = text[:start] + content + text[end:]
    assert run("pkg", "--fix", "--unsafe-fixes", cwd=buggy).returncode == 1  # MOD101 remains
    assert (buggy / "pkg" / "m.py").read_text() == text


def test_json_of_a_clean_run_is_an_empty_list(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n")
    done = run("ok.py", "--output-format", "json", cwd=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout) == []


def test_sarif_validates_against_the_schema_and_matches_text(buggy):
    (buggy / "pkg" / "broken.py").write_text("def f(:\n")  # MOD000 has its descriptor too
    expected = text_problems(run("pkg", cwd=buggy).stdout)
    done = run("pkg", "--output-format", "sarif", cwd=buggy)
    assert done.returncode == 1
    log = json.loads(done.stdout)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    found = []
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        place = result["locations"][0]["physicalLocation"]
        if result["ruleId"] in SEEDED:
            found.append((place["artifactLocation"]["uri"], place["region"]["startLine"],
                          place["region"]["startColumn"], result["ruleId"]))
    assert found == [(p.replace(os.sep, "/"), line, col, code) for p, line, col, code in expected]
    assert "MOD000" in {r["ruleId"] for r in run_["results"]}
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["MOD001"]["helpUri"].endswith("/rules/MOD001-unregistered-tensor.md")
    assert by_id["MOD001"]["help"]["markdown"].startswith("# MOD001 unregistered-tensor")
    assert by_id["MOD101"]["name"] == "missing-super-init"
    # every rule page linked exists in the repository's rule book
    root = Path(__file__).parents[1]
    for rule in rules:
        if "helpUri" in rule:
            assert (root / "rules" / rule["helpUri"].rsplit("/", 1)[1]).is_file()


def test_github_annotations(buggy):
    done = run("pkg", "--output-format", "github", cwd=buggy)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "(MOD001)" in line]
    path = os.path.join("pkg", "m.py")
    assert lines[0] == (f"::error file={path},line=8,col=9,endLine=8,endColumn=34,"
                        f"title=modlint (MOD001)::MOD001 " + lines[0].split("::MOD001 ", 1)[1])
    assert len(lines) == 2


def test_github_escapes_what_the_runner_would_split_on():
    diagnostic = Diagnostic("MOD001", "50% of it\nbroken", 1, 0, 1, 4)
    line = annotation("a,b:c.py", diagnostic)
    assert line == ("::error file=a%2Cb%3Ac.py,line=1,col=1,endLine=1,endColumn=5,"
                    "title=modlint (MOD001)::MOD001 50%25 of it%0Abroken")


def test_full_shows_the_source_a_caret_and_the_fix_title(buggy):
    done = run("pkg/m.py", "--output-format", "full", "--select", "MOD001", cwd=buggy)
    assert done.returncode == 1
    block = done.stdout.split("\n\n")[0].splitlines()
    assert block[0].startswith("pkg/m.py:8:9: MOD001 ")
    assert block[1:8] == [
        "   |",
        " 6 |     def __init__(self):",
        " 7 |         super().__init__()",
        " 8 |         self.mask = torch.ones(2)",
        "   |         ^^^^^^^^^^^^^^^^^^^^^^^^^ MOD001",
        " 9 |         self.scale = torch.ones(1, requires_grad=True)",
        "10 |",
    ]
    assert block[9].startswith("   = help: ")
    assert "(unsafe fix)" in done.stdout.split("\n\n")[1]
    assert done.stdout.rstrip().endswith("fixable with --fix, 1 more with --unsafe-fixes).")


def test_statistics(buggy):
    done = run("pkg", "--statistics", "--select", ",".join(SEEDED), cwd=buggy)
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["2\tMOD001\t[*] unregistered-tensor",
                                        "1\tMOD101\t[ ] missing-super-init"]
    done = run("pkg", "--statistics", "--output-format", "json", "--select", "MOD1",
               cwd=buggy)
    assert json.loads(done.stdout) == [{"code": "MOD101", "name": "missing-super-init",
                                        "count": 1, "fixable": False, "applicability": None}]


def test_output_format_from_the_environment(buggy):
    done = run("pkg", cwd=buggy, env={"MODLINT_OUTPUT_FORMAT": "json"})
    assert isinstance(json.loads(done.stdout), list)


def _on_a_terminal(args, cwd, env):
    """Run with stdout on a pseudo-terminal; returns what the terminal received."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update(env)
    process = subprocess.Popen([sys.executable, "-m", "modlint", "--isolated", *args],
                               cwd=cwd, env=environment, stdout=follower,
                               stderr=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode()


@pytest.mark.parametrize("format_name", ["text", "full"])
def test_colour_only_on_a_terminal_and_never_with_no_color(buggy, format_name):
    args = ["pkg", "--output-format", format_name]
    assert "\x1b[" in _on_a_terminal(args, buggy, {})
    assert "\x1b[" not in _on_a_terminal(args, buggy, {"NO_COLOR": "1"})
    assert "\x1b[" not in run(*args, cwd=buggy).stdout  # a pipe


def test_the_readme_json_example_is_real_output():
    root = Path(__file__).parents[1]
    readme = (root / "README.md").read_text()
    example = re.search(r"The `json` format is.*?```json\n(.*?)```", readme, re.DOTALL)
    assert example, "the README documents the json format"
    done = run("--output-format", "json", "--select", "MOD001",
               os.path.join("examples", "attention.py"), cwd=root)
    assert json.loads(done.stdout)[0] == json.loads(example.group(1))[0]


# --- ruff's other format names -----------------------------------------------------------

def test_concise_is_the_one_line_format(buggy):
    text = run("pkg", cwd=buggy)
    concise = run("pkg", "--output-format", "concise", cwd=buggy)
    assert concise.returncode == 1 and concise.stdout == text.stdout


def test_grouped_lists_problems_under_their_file(buggy):
    done = run("pkg", "--output-format", "grouped", "--select", "MOD001,MOD101", cwd=buggy)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == os.path.join("pkg", "m.py") + ":"
    assert lines[1].startswith("   8:9 MOD001 [*] `self.mask`")
    assert lines[2].startswith("   9:9 MOD001 `self.scale`")  # unsafe: no [*] without the flag
    assert lines[3].startswith("  13:9 MOD101 ")
    assert lines[-1] == "Found 3 problems (1 fixable with --fix, 1 more with --unsafe-fixes)."


def test_json_lines_is_one_json_object_a_line(buggy):
    listed = json.loads(run("pkg", "--output-format", "json", cwd=buggy).stdout)
    done = run("pkg", "--output-format", "json-lines", cwd=buggy)
    assert done.returncode == 1
    assert [json.loads(line) for line in done.stdout.splitlines()] == listed


def test_junit_is_xml_with_a_failure_per_problem(buggy, tmp_path):
    from xml.etree import ElementTree

    done = run("pkg", "--output-format", "junit", "--select", "MOD001,MOD101", cwd=buggy)
    assert done.returncode == 1
    root = ElementTree.fromstring(done.stdout)
    assert root.tag == "testsuites" and root.get("failures") == "3"
    suite, = root.findall("testsuite")
    assert suite.get("name") == os.path.join("pkg", "m.py")
    cases = suite.findall("testcase")
    assert [(c.get("name"), c.get("line"), c.get("column")) for c in cases] == [
        ("org.modlint.MOD001", "8", "9"), ("org.modlint.MOD001", "9", "9"),
        ("org.modlint.MOD101", "13", "9")]
    assert cases[0].find("failure").get("message").startswith("`self.mask`")
    (tmp_path / "ok.py").write_text("x = 1\n")
    clean = ElementTree.fromstring(run("ok.py", "--output-format", "junit",
                                       cwd=tmp_path).stdout)
    assert clean.get("failures") == "0" and clean.find("testsuite/testcase") is not None


def test_gitlab_code_quality_report(buggy):
    env = {"CI_PROJECT_DIR": str(buggy)}
    done = run(str(buggy / "pkg"), "--output-format", "gitlab", "--select", "MOD001", cwd="/",
               env=env)
    assert done.returncode == 1
    items = json.loads(done.stdout)
    assert [(i["check_name"], i["location"]["path"], i["location"]["positions"]["begin"])
            for i in items] == [("MOD001", "pkg/m.py", {"line": 8, "column": 9}),
                                ("MOD001", "pkg/m.py", {"line": 9, "column": 9})]
    assert all(i["severity"] == "major" and i["description"].startswith("(MOD001) `self.")
               for i in items)
    assert len({i["fingerprint"] for i in items}) == 2
    # fingerprints do not depend on the line: a problem moved down keeps its fingerprint
    (buggy / "pkg" / "m.py").write_text("\n\n" + BUGGY)
    moved = json.loads(run(str(buggy / "pkg"), "--output-format", "gitlab", "--select",
                           "MOD001", cwd="/", env=env).stdout)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in items]


def test_pylint_format(buggy):
    done = run("pkg", "--output-format", "pylint", "--select", "MOD101", cwd=buggy)
    assert done.returncode == 1
    assert re.fullmatch(re.escape(os.path.join("pkg", "m.py")) + r":13: \[MOD101\] .+\n",
                        done.stdout)


def test_statistics_say_safe_or_unsafe(buggy):
    (buggy / "pkg" / "u.py").write_text(textwrap.dedent("""\
        import torch
        from torch import nn


        class C(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = [nn.Linear(2, 2)]
    """))  # MOD002: an unsafe fix only
    done = run("pkg", "--statistics", "--select", "MOD001,MOD002,MOD101", cwd=buggy)
    assert done.stdout.splitlines() == ["2\tMOD001\t[*] unregistered-tensor",
                                        "1\tMOD002\t[-] plain-module-container",
                                        "1\tMOD101\t[ ] missing-super-init"]
    done = run("pkg", "--statistics", "--unsafe-fixes", "--select", "MOD002", cwd=buggy)
    assert done.stdout.splitlines() == ["1\tMOD002\t[*] plain-module-container"]
    rows = json.loads(run("pkg", "--statistics", "--output-format", "json", "--select",
                          "MOD001,MOD002,MOD101", cwd=buggy).stdout)
    assert [(r["code"], r["fixable"], r["applicability"]) for r in rows] == [
        ("MOD001", True, "safe"), ("MOD002", True, "unsafe"), ("MOD101", False, None)]


def test_full_explains_with_the_rule_page(buggy):
    done = run("pkg/m.py", "--output-format", "full", "--select", "MOD101", cwd=buggy)
    block = done.stdout.split("\n\n")[0]
    flat = " ".join(line.strip() for line in block.splitlines())
    why = flat.split("= why: ", 1)[1].split("= see: ")[0]
    assert "cannot assign module before Module.__init__() call" in why
    assert "= see: https://github.com/modlint/modlint/blob/main/rules/MOD101-" in block


def test_grouped_and_pylint_name_the_cell_in_a_notebook(tmp_path):
    cell = BUGGY.split("\n\n\n", 1)[1].split("\n\n\nclass B")[0]
    notebook = {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {},
                           "outputs": [], "source": "import torch\nimport torch.nn as nn"},
                          {"cell_type": "code", "execution_count": 2, "metadata": {},
                           "outputs": [], "source": cell}],
                "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook))
    grouped = run("nb.ipynb", "--output-format", "grouped", cwd=tmp_path).stdout.splitlines()
    assert grouped[0] == "nb.ipynb:"
    assert grouped[1].startswith("  cell 2:4:9 MOD001 [*] `self.mask`")
    pylint = run("nb.ipynb", "--output-format", "pylint", cwd=tmp_path).stdout.splitlines()
    assert pylint[0].startswith("nb.ipynb:cell 2:4: [MOD001] `self.mask`")
