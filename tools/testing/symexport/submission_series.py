# SPDX-License-Identifier: GPL-2.0-only
"""The symexport patch series as data: its patches, hooks and cover letter.

SERIES is the three commits (the modules with the Kconfig.debug and
Makefile hooks, the helpers and the suites, the documentation), each an
Edit list and the project paths it adds; COVER_SUBJECT and COVER_BODY
are the cover letter, NOT_SUBMITTED_WHY why the harness stays out.
SubmissionError is the one error of format-patch and its lint.
submission.py builds the series; submission.py's docstring says how.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

KERNEL_SUBDIR = "lib/symexport"
DOC = "Documentation/dev-tools/symexport.rst"
MAINTAINERS = "MAINTAINERS"
MAINTAINERS_FRAGMENT = "MAINTAINERS.symexport"
NOT_SUBMITTED = "tools/testing/symexport"
NOT_SUBMITTED_WHY = """\
The harness (tools/testing/symexport) is not part of the series.  It
installs the project into a kernel tree and fetches Debian's
linux-source with apt-get, which means nothing inside the kernel; it
finds the project three directories above itself, which in the kernel
would be the top of the tree, not lib/symexport; and its bench and
mutation tools (which edit kernel/module/main.c) are the project's own
business.  Within the kernel, kunit.py runs every case that needs a
single configuration and boot, and the documentation says how to run
the others by hand."""

# The kernel files the series changes; the top Makefile only gives the
# version for the cover letter.
BASE_FILES = ("Makefile", MAINTAINERS, "lib/Kconfig.debug", "lib/Makefile",
	      "Documentation/dev-tools/index.rst")

SUBJECT_PREFIXES = ("kunit: symexport: ", "lib/symexport: ")
SUBJECT_MAX = 75	# checkpatch's limit for a commit log line
BODY_WIDTH = 72


class SubmissionError(Exception):
	"""Bad input; reported as one line, exit status 2."""


@dataclass(frozen=True)
class Edit:
	"""Insert TEXT into the kernel file PATH after the line matching
	ANCHOR or, with BEFORE, before the first line after it that matches
	BEFORE (the end of the anchor's block)."""
	path: str
	anchor: str
	text: str
	before: str = ""


@dataclass(frozen=True)
class Patch:
	"""One commit: the project files at or below PREFIXES (kernel paths),
	EDITS to kernel files, and the MAINTAINERS lines that cover its new
	files.  WITHHOLD is ((path, regex), ...): files of this patch added
	without the lines that match, because what they name comes later;
	the patch whose COMPLETES lists the path writes it whole."""
	subject: str
	body: str
	prefixes: tuple
	edits: tuple = ()
	withhold: tuple = ()
	completes: tuple = ()


KCONFIG_HOOK = Edit(
	path="lib/Kconfig.debug",
	anchor=r"^config TEST_KMOD$",
	before=r"^(config|menuconfig|choice|comment|menu|endmenu|if|endif|"
	       r"source) ",
	text=f'source "{KERNEL_SUBDIR}/Kconfig"\n\n')
MAKEFILE_HOOK = Edit(
	path="lib/Makefile",
	anchor=r"^obj-\$\(CONFIG_TEST_KMOD\) \+= test_kmod\.o$",
	text="obj-$(CONFIG_SYMEXPORT_KUNIT_TEST) += "
	     f"{PurePosixPath(KERNEL_SUBDIR).name}/\n")
DOC_INDEX = Edit(
	path="Documentation/dev-tools/index.rst",
	anchor=r"^   kunit/index$",
	text="   symexport\n")

SUBDIR_MAKEFILE = f"{KERNEL_SUBDIR}/Makefile"

SERIES = (
	Patch(
		subject="kunit: symexport: add modules that export and use "
			"symbols",
		body="""\
Add the modules that the symexport KUnit suites (next patch) load and
unload to prove how the module loader treats exported symbols.

The provider exports a function with EXPORT_SYMBOL, one with
EXPORT_SYMBOL_GPL, one of each in the symbol namespace SYMEXPORT_NS,
and a variable, and keeps one global unexported.  The consumers use
all of them, a single one, or the namespaced ones, and record what
their references resolved to; six more declare each license string the
kernel treats as GPL-compatible.  A provider and consumers with a
GPL-incompatible license are for the taint cases; a callback registry,
a consumer that registers with it and a provider whose exit function
a test can hold are for the lifetime cases.

The sources in the external* directories are not built by kbuild: they
are external modules, some of which modpost refuses by design, that a
test run builds separately with make M=.  Every module is a tristate
option that depends on SYMEXPORT_KUNIT_TEST, and lib/symexport is
sourced from lib/Kconfig.debug next to TEST_KMOD.""",
		prefixes=(f"{KERNEL_SUBDIR}/Kconfig", SUBDIR_MAKEFILE,
			  f"{KERNEL_SUBDIR}/providers/",
			  f"{KERNEL_SUBDIR}/consumers/"),
		edits=(KCONFIG_HOOK, MAKEFILE_HOOK),
		withhold=((SUBDIR_MAKEFILE, r"^obj-.* \+= kunit/$"),)),
	Patch(
		subject="kunit: symexport: add tests of symbols exported "
			"between modules",
		body="""\
Add KUnit suites that prove how the module loader treats a symbol that
one module exports and another one uses.  Every case loads and unloads
real modules through finit_module() and delete_module() and asserts on
the errno, on reference counts and "used by" lists, on kallsyms and
taint flags, and on what the kernel printed.  The case names are the
rules, such as consumer_load_before_provider_fails_enoent or
provider_unload_blocked_while_consumer_loaded.

A KUnit case runs in a kernel thread, which cannot make the module
system calls.  So kunit/symexport_modctl.c, a small static program
built against tools/include/nolibc as a userprogs target, is embedded
in the kernel image, written to the root filesystem when the first
suite starts and run with call_usermodehelper() for each load and
unload.  On UML the modules are read from the build directory through
hostfs.  kunit/symexport_helpers.c is the one place that loads,
unloads and inspects modules and captures kernel messages.

The cases that need the external modules skip unless the kernel is
booted with symexport.ext_dir= naming where they were built, as do the
cases that taint the kernel (they need a boot of their own,
symexport.own_boot=1) and those that need CONFIG_MODVERSIONS=y
(configs/modversions.kunitconfig); each skip says what it needs.

  ./tools/testing/kunit/kunit.py run --kunitconfig=lib/symexport""",
		prefixes=(f"{KERNEL_SUBDIR}/.kunitconfig",
			  f"{KERNEL_SUBDIR}/kunit/",
			  f"{KERNEL_SUBDIR}/configs/"),
		completes=(SUBDIR_MAKEFILE,)),
	Patch(
		subject="kunit: symexport: add documentation",
		body="""\
Document what the symexport suites prove, case by case, how to run
them with kunit.py, how to run the cases that need a boot of their
own, the modversions configuration or modules built outside the kernel
tree, the Kconfig options and module parameters, and how to read a
failure.  The helpers' kernel-doc is included.""",
		prefixes=(DOC,),
		edits=(DOC_INDEX,)),
)

COVER_SUBJECT = "kunit: symexport: tests of symbols exported between modules"
COVER_BODY = """\
These KUnit suites prove how the module loader treats a symbol that one
module exports and another one uses: that a reference resolves to the
exporter's own address and to nothing unexported; that a consumer
loaded before its provider is refused with ENOENT and "Unknown symbol";
that a consumer takes exactly one reference on its provider and that a
provider in use cannot be removed; who may use EXPORT_SYMBOL_GPL and
what a GPL-incompatible module taints; symbol namespaces, duplicate
exports, version magic and symbol CRCs; references under concurrency
and modules on their way out; and what the module system calls say to
bad requests.  Each case loads real modules with finit_module() and
delete_module(), from a small nolibc helper that the kernel runs as a
usermode helper, and leaves the kernel as it found it.

  ./tools/testing/kunit/kunit.py run --kunitconfig=lib/symexport

runs them on UML.  The cases that need modules built outside the kernel
tree, a boot of their own (they taint the kernel) or a
CONFIG_MODVERSIONS=y kernel skip in that run and say what they need;
Documentation/dev-tools/symexport.rst says how to run them.

""" + NOT_SUBMITTED_WHY + """

Based on {base}."""
