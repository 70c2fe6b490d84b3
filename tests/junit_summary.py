"""Adds up the JUnit reports of this run's pytest suites into one closing line."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(folder: str) -> int:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path in sorted(Path(folder).glob("*.xml")):
        for suite in ET.parse(path).getroot().iter("testsuite"):
            for key in totals:
                totals[key] += int(suite.get(key, 0))
    failed = totals["failures"] + totals["errors"]
    passed = totals["tests"] - failed - totals["skipped"]
    print(f"tests: {passed} passed, {failed} failed, {totals['skipped']} skipped")
    return 1 if failed or not totals["tests"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
