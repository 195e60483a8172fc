# SPDX-License-Identifier: GPL-2.0-only
"""Deliberately broken kernels and modules, one rule each.

Every entry breaks one rule the suites prove, with a one-line change to
the kernel's module loader (kernel/module/main.c) or to one of our own
modules or helpers, and names the cases that must go red when it does.
`mutate` applies each in turn, runs those cases, and reverts the change.
A mutant that leaves its cases green means the cases cannot fail: a defect.

Keys: 'old' and 'new' (the edit), 'v7' (the edit on 7.x, or None where
7.x has not the rule), 'also' (a second (old, new) edit), 'since' (the
first kernel with the rule), 'text_since' (the first kernel whose source
the edit is written for: the rule is older, but is written otherwise
before), 'config' (the configuration to build), 'glob' (what to boot).
test_mutants.py checks that each applies to every tree the harness has.

The table is split by area, each part a module of its own, concatenated
here in the order mutate runs them: mutants_loader (references,
unloading, symbol resolution), mutants_checks (licenses, modpost,
namespaces, versions), mutants_edges (races and edge cases),
mutants_configs (the other configurations), mutants_7x (rules newer than
6.12), mutants_syscalls (the system calls' errors, forced loads, init
functions).  MAIN and SUB, the files they name, are in mutants_common.
"""

import mutants_7x
import mutants_checks
import mutants_configs
import mutants_edges
import mutants_loader
import mutants_syscalls
from mutants_common import MAIN, SUB

__all__ = ['MAIN', 'SUB', 'MUTANTS', 'PARTS']

# In the order mutate runs them.
PARTS = (mutants_loader, mutants_checks, mutants_edges, mutants_configs,
         mutants_7x, mutants_syscalls)

MUTANTS = [mutant for part in PARTS for mutant in part.MUTANTS]
