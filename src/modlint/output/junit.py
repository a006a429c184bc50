"""JUnit XML, as ruff writes it: one test suite per file, one failing test case per
problem; a run without problems is one passing test case."""

from __future__ import annotations

import os
from xml.etree import ElementTree as ET


def render(report) -> str:
    problems = [(result.path, d) for result in report.results for d in result.diagnostics]
    root = ET.Element("testsuites", name="modlint", tests=str(len(problems) or 1),
                      failures=str(len(problems)), errors="0")
    if not problems:
        suite = ET.SubElement(root, "testsuite", name="modlint", tests="1", disabled="0",
                              errors="0", failures="0", package="org.modlint")
        ET.SubElement(suite, "testcase", name="No problems found")
    for result in report.results:
        if not result.diagnostics:
            continue
        count = str(len(result.diagnostics))
        suite = ET.SubElement(root, "testsuite", name=result.path, tests=count, disabled="0",
                              errors="0", failures=count, package="org.modlint")
        classname = os.path.splitext(result.path)[0].replace(os.sep, ".").replace("/", ".")
        for d in result.diagnostics:
            case = ET.SubElement(suite, "testcase", name=f"org.modlint.{d.code}",
                                 classname=classname, line=str(d.line),
                                 column=str(d.column + 1))
            failure = ET.SubElement(case, "failure", message=d.message)
            failure.text = f"line {d.line}, col {d.column + 1}, {d.message}"
    ET.indent(root, "    ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
