#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the harness's unit tests and write their counts, for check.

  tools/testing/symexport/selftest.py START_DIR COUNTS

Discovers test_*.py in START_DIR, runs them, prints unittest's report and
writes [passed, failed] as JSON to COUNTS: a skip counts as a failure, and
so does an unexpected success.  check runs this in a process of its own
(harness.run_harness_tests()): the tests make fake runs in-process, whose
event file, printers and signal handlers would otherwise replace check's.
"""

import json
import sys
import unittest
from typing import List, Tuple


def run_tests(start_dir: str) -> Tuple[int, int]:
	"""Run the tests below START_DIR; return (passed, failed)."""
	tests = unittest.TestLoader().discover(start_dir, pattern="test_*.py",
					       top_level_dir=start_dir)
	result = unittest.TextTestRunner(stream=sys.stdout).run(tests)
	failed = (len(result.failures) + len(result.errors) +
		  len(result.skipped) + len(result.unexpectedSuccesses))
	return result.testsRun - failed, failed


def main(argv: List[str]) -> int:
	if len(argv) != 2:
		print("usage: selftest.py START_DIR COUNTS", file=sys.stderr)
		return 2
	passed, failed = run_tests(argv[0])
	with open(argv[1], "w", encoding="utf-8") as f:
		json.dump([passed, failed], f)
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
