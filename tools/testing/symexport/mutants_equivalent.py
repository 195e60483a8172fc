# SPDX-License-Identifier: GPL-2.0-only
"""Generated mutants that survive because no behaviour changes: each with
a one-line argument.  Keyed by kernel, then by the mutant's name
(FILE:FUNCTION:LINE:OPERATOR, as mutate --generate --list prints it).

A mutant the compiler proves equivalent (the same object code) needs no
entry here; mutants_report.py counts these as equivalent too.
"""

from typing import Dict

REASONS: Dict[str, Dict[str, str]] = {
	"7.3": {
	},
	"6.12": {
	},
}
