# SPDX-License-Identifier: GPL-2.0-only
"""What a run builds and boots, as data: the external-module passes
(EXT_PASSES, with the modpost messages they expect by kernel) and the
kernel configurations (CONFIGURATIONS), with the helpers that select them.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

from harness_kernels import (arch_of, BUILD_SUITE, ByKernel, DEFAULT_ARCH, EXT_CONSUMER_DIR,
	EXT_MODNS_DIR, EXT_OOT_DIR, EXT_PROVIDER_DIR, EXT_STALE_DIR,
	FOR_MODULES_SINCE, MIN_KERNEL, Version)
from harness_results import Case, glob_matches, may_overlap, user_filter_glob
from harness_ext import (BuildCase, check_modinfo_depends,
	check_provider_symvers, check_unconfigured_tree, CONFIGURATION_INVALID,
	ExtPass, hook_add_obsolete_ksymtab_gpl, hook_bad_shndx,
	hook_blank_versions, hook_cut_versions, hook_patch_import_ns,
	hook_patch_license, hook_strip_crcs, hook_patch_vermagic,
	hook_strip_flagstab, hook_strip_versions, hook_write_stale_symvers,
	PROVIDER_SYMVERS, STALE_SYMVERS)
from harness_modpost import (check_modinfo_srcversion, check_modpost_calls,
	MODPOST_CALLS, MODPOST_CALLS_SINCE)


# modpost names the module first and quotes the symbol and namespace
# since 7.0 ("mod_error()"); 6.12 and 7.3 are the kernels seen, the
# release in between that changed it is not pinned down here.
MODPOST_MESSAGES_SINCE = (7, 0)


def gpl_only_refused(module: str, symbol: str = "symexport_ext_gpl_mul"
		     ) -> ByKernel:
	"""What modpost prints when GPL-incompatible MODULE uses SYMBOL, a
	GPL-only export, by kernel."""
	return ByKernel((
		(MIN_KERNEL, f"GPL-incompatible module {module} uses GPL-only "
			     f"symbol '{symbol}'"),
		(MODPOST_MESSAGES_SINCE, f"{module}: GPL-incompatible module "
					 f"uses GPL-only symbol '{symbol}'"),
	))


NS_REFUSED = ByKernel((
	(MIN_KERNEL, "module symexport_ext_ns_user uses symbol "
		     "symexport_ext_ns_add from namespace SYMEXPORT_NS, but "
		     "does not import it."),
	(MODPOST_MESSAGES_SINCE, "symexport_ext_ns_user.ko: module uses symbol "
				 "'symexport_ext_ns_add' from namespace "
				 "'SYMEXPORT_NS', but does not import it."),
))


def undefined_symbol(symbol: str, module: str) -> ByKernel:
	"""What modpost prints for MODULE's undefined SYMBOL, by kernel."""
	return ByKernel((
		(MIN_KERNEL, (f'"{symbol}" [', f"{module}] undefined!")),
		(MODPOST_MESSAGES_SINCE, f"{module}: symbol '{symbol}' undefined!"),
	))


# A namespace that is "SYMEXP_" and the user's name: seven characters and a
# module name, as "module:" and a module name would be; not imported, it is
# refused as any other.
NS_TAIL_REFUSED = ByKernel((
	(MIN_KERNEL, ("ERROR: modpost: module symexport_ext_ns_tail_user uses "
		      "symbol symexport_ext_tail_ns_add from namespace "
		      "SYMEXP_symexport_ext_ns_tail_user, but does not import "
		      "it.")),
	(MODPOST_MESSAGES_SINCE, ("ERROR: modpost: ",
				  "symexport_ext_ns_tail_user.ko: module uses "
				  "symbol 'symexport_ext_tail_ns_add' from "
				  "namespace 'SYMEXP_symexport_ext_ns_tail_user', "
				  "but does not import it.")),
))
# On 64-bit MODULE_NAME_LEN is 56: struct module's name needs room for its
# NUL.  modpost names the module first since 7.0, in brackets before.
LONG_NAME_MODULE = "symexport_ext_name_fifty_six_characters_long_is_too_long.ko"
LONGEST_NAME_MODULE = ("symexport_ext_name_of_fifty_five_characters_builds_"
		       "okay.ko")
NAME_TOO_LONG = ByKernel((
	(MIN_KERNEL, ("ERROR: modpost: module name is too long [",
		      f"{LONG_NAME_MODULE}]")),
	(MODPOST_MESSAGES_SINCE, ("ERROR: modpost: ",
				  f"{LONG_NAME_MODULE}: module name is too long")),
))
# symexport_ext_export_undefined exports a symbol it only declares.
EXPORT_UNDEFINED = ByKernel((
	(MIN_KERNEL, ("ERROR: modpost: ", '"symexport_ext_never_defined" [',
		      "symexport_ext_export_undefined.ko] was exported without "
		      "definition")),
	(MODPOST_MESSAGES_SINCE, ("ERROR: modpost: ",
				  "symexport_ext_export_undefined.ko: symbol "
				  "'symexport_ext_never_defined' was exported "
				  "without definition")),
))


def formod_refused(user: str) -> Tuple[str, str]:
	"""modpost's refusal of symexport_ext_formod_USER.ko, which uses the
	EXPORT_SYMBOL_FOR_MODULES() export of symexport_ext_formod: the
	module is not in its list (modpost compares whole names, a '*' at the
	end a prefix, and '-' is not '_' there)."""
	return (f"symexport_ext_formod_{user}.ko: module uses symbol "
		"'symexport_ext_formod_add' from namespace 'module:",
		"but does not import it.")


# symexport_ext_kernel_export_dup exports sort(), which vmlinux exports: an
# error, not a warning (the pass fails for other modules' errors too).
KERNEL_EXPORT_DUP = ByKernel((
	(MIN_KERNEL, ("ERROR: modpost: ", "symexport_ext_kernel_export_dup: "
		      "'sort' exported twice. Previous export was in vmlinux")),
	(MODPOST_MESSAGES_SINCE, ("ERROR: modpost: ",
				  "symexport_ext_kernel_export_dup.ko: symbol "
				  "'sort' exported twice. Previous export was "
				  "in vmlinux")),
))
# modpost warns of symexport_ext_common's common symbol; of the LTO marker
# symexport_ext_lto_common has (__gnu_lto_symexport) it says nothing.
COMMON_WARNED = ByKernel((
	(MIN_KERNEL, ('"symexport_ext_common_counter" [', "symexport_ext_common",
		      "] is COMMON symbol")),
	(MODPOST_MESSAGES_SINCE, "symexport_ext_common.ko: "
				 "'symexport_ext_common_counter' is COMMON symbol"),
))
MODNS_IMPORT_REFUSED = ("symexport_ext_modns_import.ko: explicitly importing "
			"namespace 'module:symexport_ext_formod_listed' is "
			"not allowed.")
EXT_WARN_MODULES = ("symexport_ext_gpl_user.ko",
		    "symexport_ext_ns_other_imports.ko",
		    "symexport_ext_common.ko",
		    "symexport_ext_kernel_gpl_user.ko", "symexport_ext_weak.ko",
		    "symexport_ext_ns_user.ko", "symexport_ext_unversioned_user.ko",
		    "symexport_ext_formod_listed.ko",
		    "symexport_ext_formod_glob_user.ko",
		    "symexport_ext_formod_unlisted.ko",
		    "symexport_ext_formod_list.ko",
		    "symexport_ext_formod_listed_too.ko",
		    "symexport_ext_formod_dash.ko",
		    "symexport_ext_formod_proprietary.ko",
		    "symexport_ext_formod_import.ko",
		    "symexport_ext_ns_tail_user.ko",
		    "symexport_ext_lto_common.ko", "symexport_ext_got.ko",
		    "symexport_ext_ns_weak_user.ko", LONGEST_NAME_MODULE)
EXT_OOT_MODULES = ("symexport_ext_consumer.ko", "symexport_ext_stripped.ko",
		   "symexport_ext_vermagic.ko", "symexport_ext_blank_versions.ko",
		   "symexport_ext_nocrcs_user.ko", "symexport_ext_livepatch.ko",
		   "symexport_ext_vermagic_release.ko",
		   "symexport_ext_vermagic_extended.ko",
		   "symexport_ext_kfree_user.ko", "symexport_ext_versions_cut.ko")
# The external-module passes (ExtPass, in harness_ext), in order, for every
# configuration.  A make pass runs
#   make ARCH=um -C BUILD_DIR M=BUILD_DIR/EXT_STAGE/<dir> -j N \
#	[KBUILD_EXTRA_SYMBOLS=<EXT_STAGE/symvers...>] [make_args] modules
# after running its before hooks and deleting MODPOST_OUTPUT and the files
# matching remove in <dir>, and runs its after hooks once make met its
# expectations (the hooks are functions of harness_ext, called with the
# run (harness_steps.RunSteps), the configuration and the stage).  A required pass that
# misses its own expect_* fails the whole run.  Each of its cases (a
# BuildCase) is a case of suite BUILD_SUITE that passes when make meets its
# expect_*:
#   expect_success  True: make exits 0; False: non-zero; None: either
#   expect_output   strings that must be in make's output; a tuple of
#		    strings must all be on one line
#   expect_present  files in <dir> that must exist afterwards
#   expect_absent   files in <dir> that must not exist afterwards
# A pass with since runs only on that kernel version and later.
# A pass with a check runs no make: each of its cases is decided by that
# function of harness_ext (called as the hooks are, with the case too).
# A case with modversions is only evaluated in the configurations whose
# modversions is the same; the others in all of them, and a configuration
# records those of its build_cases (an unmet case it does not record fails
# the run all the same).
EXT_PASSES = (
	ExtPass(
		what="the provider",
		dir=EXT_PROVIDER_DIR,
		required=True,
		expect_success=True,
		expect_present=("symexport_ext_provider.ko",
				"symexport_ext_dup.ko", "symexport_ext_formod.ko",
				"symexport_ext_noflags.ko",
				"symexport_ext_oldgpl.ko",
				"symexport_ext_nocrcs.ko",
				"symexport_ext_bad_shndx.ko", "Module.symvers"),
		after=(hook_strip_flagstab, hook_add_obsolete_ksymtab_gpl,
		       hook_strip_crcs, hook_bad_shndx),
	),
	ExtPass(
		what="the consumers, with the provider's Module.symvers",
		dir=EXT_CONSUMER_DIR,
		remove=("*.ko",),
		symvers=(PROVIDER_SYMVERS,),
		cases=(
			BuildCase(
				name="modpost_refuses_gpl_incompatible_module_"
					"using_gpl_only_symbol",
				expect_success=False,
				expect_output=(gpl_only_refused(
					"symexport_ext_gpl_user.ko"),),
				expect_absent=("symexport_ext_gpl_user.ko",),
			),
			BuildCase(
				name="modpost_refuses_gpl_incompatible_module_"
					"using_kernel_gpl_only_symbol",
				expect_success=False,
				expect_output=(gpl_only_refused(
					"symexport_ext_kernel_gpl_refused.ko",
					"synchronize_rcu"),),
				expect_absent=(
					"symexport_ext_kernel_gpl_refused.ko",),
			),
			BuildCase(
				name="modpost_refuses_weak_gpl_only_reference_"
					"from_gpl_incompatible_module",
				expect_output=(gpl_only_refused(
					"symexport_ext_weak.ko"),),
				expect_absent=("symexport_ext_weak.ko",),
			),
			BuildCase(
				name="modpost_refuses_namespaced_symbol_"
					"without_import",
				expect_output=(NS_REFUSED,),
				expect_absent=("symexport_ext_ns_user.ko",),
			),
			BuildCase(
				name="modpost_refuses_namespace_ending_in_"
					"module_name_without_import",
				expect_success=False,
				expect_output=(NS_TAIL_REFUSED,),
				expect_absent=("symexport_ext_ns_tail_user.ko",),
			),
			BuildCase(
				name="modpost_refuses_module_name_of_"
					"module_name_len_characters",
				expect_success=False,
				expect_output=(NAME_TOO_LONG,),
				expect_absent=(LONG_NAME_MODULE,),
			),
			BuildCase(
				name="modpost_refuses_export_of_symbol_module_"
					"does_not_define",
				expect_success=False,
				expect_output=(EXPORT_UNDEFINED,),
				expect_absent=(
					"symexport_ext_export_undefined.ko",),
			),
			BuildCase(
				name="modpost_allows_export_for_modules_to_"
					"listed_modules_only",
				since=FOR_MODULES_SINCE,
				expect_output=tuple(formod_refused(m) for m in (
					"unlisted", "list", "listed_too",
					"dash")),
				reject_output=tuple(formod_refused(m) for m in (
					"listed", "glob_user")),
			),
			BuildCase(
				name="modpost_refuses_module_exporting_symbol_"
					"kernel_image_exports",
				expect_success=False,
				expect_output=(KERNEL_EXPORT_DUP,),
				expect_absent=(
					"symexport_ext_kernel_export_dup.ko",),
			),
		),
	),
	ExtPass(
		what="the consumers, with KBUILD_MODPOST_WARN=1",
		dir=EXT_CONSUMER_DIR,
		make_args=("KBUILD_MODPOST_WARN=1",),
		required=True,
		expect_success=True,
		expect_present=EXT_WARN_MODULES,
		cases=(
			BuildCase(
				name="modpost_warn_turns_undefined_symbol_"
					"into_warning",
				expect_success=True,
				expect_output=(undefined_symbol(
					"symexport_ext_gpl_mul",
					"symexport_ext_gpl_user.ko"),),
				expect_present=("symexport_ext_gpl_user.ko",
						"symexport_ext_weak.ko"),
			),
			BuildCase(
				name="modpost_warns_of_common_symbol_not_of_"
					"lto_marker",
				expect_success=True,
				expect_output=(COMMON_WARNED,),
				reject_output=("__gnu_lto_symexport",),
			),
			BuildCase(
				name="modpost_builds_module_name_one_shorter_"
					"than_module_name_len",
				expect_success=True,
				expect_present=(LONGEST_NAME_MODULE,),
			),
		),
		after=(hook_patch_import_ns, hook_patch_license),
	),
	ExtPass(
		what="a module importing a \"module:\" namespace",
		dir=EXT_MODNS_DIR,
		since=FOR_MODULES_SINCE,
		remove=("*.ko",),
		cases=(
			BuildCase(
				name="modpost_refuses_module_importing_"
					"module_namespace",
				expect_success=False,
				expect_output=(MODNS_IMPORT_REFUSED,),
				expect_absent=("symexport_ext_modns_import.ko",),
			),
		),
	),
	ExtPass(
		what="the out-of-tree consumers, without KBUILD_EXTRA_SYMBOLS",
		dir=EXT_OOT_DIR,
		remove=("*.ko",),
		cases=(
			BuildCase(
				name="consumer_build_without_kbuild_extra_"
					"symbols_fails_undefined",
				expect_success=False,
				expect_output=(undefined_symbol(
					"symexport_ext_add",
					"symexport_ext_consumer.ko"),),
				expect_absent=("symexport_ext_consumer.ko",),
			),
		),
	),
	ExtPass(
		what="the out-of-tree consumers, with the provider's "
			"Module.symvers",
		dir=EXT_OOT_DIR,
		symvers=(PROVIDER_SYMVERS,),
		required=True,
		expect_success=True,
		expect_present=EXT_OOT_MODULES,
		cases=(
			BuildCase(
				name="consumer_builds_with_kbuild_extra_symbols",
				expect_success=True,
				expect_present=EXT_OOT_MODULES,
			),
		),
		after=(hook_patch_vermagic, hook_strip_versions, hook_blank_versions,
		       hook_cut_versions),
	),
	ExtPass(
		what="a consumer, with a stale Module.symvers",
		dir=EXT_STALE_DIR,
		before=(hook_write_stale_symvers,),
		symvers=(STALE_SYMVERS,),
		required=True,
		expect_success=True,
		expect_present=("symexport_ext_stale_user.ko",),
	),
	ExtPass(
		what="the out-of-tree consumers, against a tree never "
			"configured",
		check=check_unconfigured_tree,
		cases=(
			BuildCase(
				name="external_build_against_unconfigured_"
					"tree_fails_configuration_invalid",
				expect_success=False,
				expect_output=(CONFIGURATION_INVALID,),
			),
		),
	),
	ExtPass(
		what="the modules' .modinfo",
		check=check_modinfo_depends,
		cases=(
			BuildCase(
				name="modinfo_depends_names_modules_whose_"
					"exports_are_used",
			),
			# With MODVERSIONS every module uses vmlinux's
			# module_layout.
			BuildCase(
				name="modinfo_depends_never_names_vmlinux",
				modversions=True,
			),
		),
	),
	ExtPass(
		what="the modules' srcversion",
		check=check_modinfo_srcversion,
		cases=(
			BuildCase(
				name="modinfo_srcversion_only_for_module_with_"
					"module_version",
			),
		),
	),
	ExtPass(
		what="modpost on symbol dumps and an object of its own",
		check=check_modpost_calls,
		cases=tuple(BuildCase(name=name, since=MODPOST_CALLS_SINCE.get(
			name)) for name in MODPOST_CALLS),
	),
	ExtPass(
		what="the provider's Module.symvers",
		check=check_provider_symvers,
		cases=(
			BuildCase(
				name="module_symvers_lists_each_export",
				modversions=False,
			),
			BuildCase(
				name="module_symvers_records_crcs_with_"
					"modversions",
				modversions=True,
			),
		),
	),
)

# With the provider built in (builtin_provider), vmlinux exports
# symexport_provider_add, and modpost refuses an external module that
# exports it again; another module's export it allows (the provider pass
# above builds symexport_ext_dup.ko beside the provider module).
DUP_OF_VMLINUX = ByKernel((
	(MIN_KERNEL, "symexport_ext_dup: 'symexport_provider_add' exported "
		     "twice. Previous export was in vmlinux"),
	(MODPOST_MESSAGES_SINCE, "symexport_ext_dup.ko: symbol "
				 "'symexport_provider_add' exported twice. "
				 "Previous export was in vmlinux"),
))

# The namespace_imports configuration loads the provider and the consumers
# built with KBUILD_MODPOST_WARN=1; modpost -N (which its option adds)
# warns where the other passes' cases expect modpost's errors.
NAMESPACE_IMPORTS_EXT_PASSES = tuple(
	p for p in EXT_PASSES
	if p.what in ("the provider",
			 "the consumers, with KBUILD_MODPOST_WARN=1"))
BUILTIN_PROVIDER_EXT_PASSES = (
	ExtPass(
		what="the external provider, against a built-in provider",
		dir=EXT_PROVIDER_DIR,
		remove=("*.ko",),
		cases=(
			BuildCase(
				name="modpost_refuses_module_exporting_symbol_"
					"vmlinux_exports",
				expect_success=False,
				expect_output=(DUP_OF_VMLINUX,),
				expect_absent=("symexport_ext_dup.ko",),
			),
		),
	),
)


@dataclass(frozen=True)
class Configuration:
	"""A kernel configuration that a run builds, builds the external
	modules for, and boots."""
	name: str
	kunitconfig: Optional[str]	# fragment below --subdir merged into
					# the main one; None: --kunitconfig
	suffix: str			# its build dir is the main one + suffix
	boot_glob: Optional[str]	# its one boot; None: the main boot
	build_cases: tuple		# fnmatch patterns of the cases it records
	modversions: bool = False	# its kernel has CONFIG_MODVERSIONS=y
	own_boot_globs: tuple = ()	# its skipped cases that get a boot
					# each, with OWN_BOOT_ARG
	report_group: Optional[str] = None	# every suite, reported
					# again below this group
	kernel_args: tuple = ()		# more kernel parameters for its boots
	proves: tuple = ()		# with report_group: the cases only it
					# runs; the main boot's skips of them
					# are dropped once it has run them
	in_run: bool = True		# run boots it without --all
	by_glob: bool = False		# without --all, run boots it when
					# the filter glob selects its boot
	uml_only_globs: tuple = ()	# its own boots that only UML has
					# (time-travel): not booted, and
					# their skips not counted, off UML
	standalone: bool = False	# kunitconfig is a whole one, not a
					# fragment merged into the main one
	external: bool = True		# build the external modules for it
	since: tuple = ()		# ((major, minor), fragment): merged too
					# on that kernel and later
	ext_passes: Optional[tuple] = None	# its external passes, if
					# not EXT_PASSES
	after_main: bool = True		# with ccache, its background build
					# starts once the main kernel is
					# built (it compiles mostly the same
					# objects: they are cache hits then)
	min_kernel: tuple = ()		# built only on this kernel and later


# The first is the main configuration: its boot runs every suite (with the
# arguments after --), followed by the own boots.  Each other one boots
# only for boot_glob, and its results replace the main boot's skips (which
# are what needs that configuration), followed by its own boots.  A filter
# glob after -- leaves out those whose boot_glob it cannot match.
#
# A configuration with a report_group (debug) boots for every suite again,
# in a kernel built with lock, memory and leak debugging; its cases are
# reported below that group ("debug.symexport_unload...."), except the
# skips of cases that another configuration or a boot of their own proves.
#
# Own boots: the cases that taint the kernel ('P', 'R') or leave a module
# loaded each get a boot of their own, with OWN_BOOT_ARG on the kernel
# command line; the kernel skips them without it.
OWN_BOOT_ARG = "symexport.own_boot=1"
# The case that waits 30 s, in a boot of its own in UML's time-travel mode.
TIME_TRAVEL_GLOB = "symexport_faults.*_after_30_s_*"
# More kernel parameters for the own boots of the cases these globs match.
OWN_BOOT_KERNEL_ARGS = (
	("symexport_bad_input.*_when_modules_disabled", ("nomodule",)),
	(TIME_TRAVEL_GLOB, ("time-travel",)),
)
DEBUG_STRESS_ARGS = ("symexport.stress_cycles=20",
		     "symexport.stress_pairs=100000")
CONFIGURATIONS = (
	Configuration("main", None, "", None, ("*",),
		      own_boot_globs=("symexport_taint.*",
				      "symexport_for_modules.export_for_modules_"
				      "is_gpl_only_*",
				      "symexport_force_unload.module_without_"
				      "exit_*",
				      "symexport_bad_input.*_when_modules_"
				      "disabled",
				      TIME_TRAVEL_GLOB),
		      uml_only_globs=(TIME_TRAVEL_GLOB,)),
	Configuration("modversions", "configs/modversions.kunitconfig",
		      "-modversions", "symexport_modversions.*",
		      ("module_symvers_records_crcs_with_modversions",
		       "modinfo_depends_never_names_vmlinux"),
		      modversions=True, in_run=False, by_glob=True),
	# CRCs in the extended version table only (CONFIG_BASIC_MODVERSIONS=n):
	# the rules for a missing CRC and for vermagic differ from the basic
	# table's, and only this table versions long names.
	Configuration("modversions_extended",
		      "configs/modversions_extended.kunitconfig",
		      "-modversions-extended", "symexport_modversions.*", (),
		      modversions=True, report_group="modversions_extended",
		      in_run=False, min_kernel=(6, 14)),
	# The forcing options; MODVERSIONS too, for the forced load that
	# ignores symbol versions.
	# A missing namespace import is a warning: symexport_namespace again.
	Configuration("namespace_imports", "configs/namespace_imports.kunitconfig",
		      "-namespace-imports", "symexport_namespace.*", (),
		      report_group="namespace_imports", in_run=False,
		      ext_passes=NAMESPACE_IMPORTS_EXT_PASSES),
	Configuration("force_unload", "configs/force_unload.kunitconfig",
		      "-force-unload", "symexport_force_unload.*", (),
		      modversions=True, in_run=False, by_glob=True,
		      own_boot_globs=("symexport_force_unload.forced_removal_*",
				      "symexport_force_unload.forced_load_*")),
	Configuration("debug", "configs/debug.kunitconfig", "-debug", "*", (),
		      report_group="debug",
		      kernel_args=DEBUG_STRESS_ARGS + ("kmemleak.verbose=1",),
		      proves=("symexport_kmemleak.*",), in_run=False,
		      after_main=False,
		      since=(((6, 12), "configs/debug_atomic_sleep.kunitconfig"),
			     ((7, 0), "configs/debug_slab.kunitconfig"))),
	# The boots of these need no external modules; builtin_provider's one
	# external pass is a build case (BUILTIN_PROVIDER_EXT_PASSES).
	Configuration("builtin", "configs/builtin.kunitconfig", "-builtin",
		      "symexport_builtin.*", (), report_group="builtin",
		      proves=("symexport_builtin.*",), in_run=False,
		      standalone=True, external=False),
	Configuration("builtin_provider", "configs/builtin_provider.kunitconfig",
		      "-builtin-provider", "symexport_builtin.*",
		      ("modpost_refuses_module_exporting_symbol_vmlinux_exports",),
		      report_group="builtin_provider",
		      proves=("symexport_builtin.*",), in_run=False,
		      standalone=True, ext_passes=BUILTIN_PROVIDER_EXT_PASSES),
)
OWN_BOOT_GLOBS = tuple(glob for config in CONFIGURATIONS
		       for glob in config.own_boot_globs)
EXT_DIR_PARAM = "symexport.ext_dir"

# The rule for a symbol a module has no CRC for: Debian's kernels carry
# "module: Disable matching missing version CRC" and refuse it; upstream
# loads it.  Debian's trees get "refuse", a --kernel-src tree upstream's
# "load" unless --missing-crc says otherwise.
MISSING_CRC_PARAM = "symexport.missing_crc"
MISSING_CRC_RULES = ("refuse", "load")


def missing_crc_rule(opts: object) -> str:
	"""Return the missing-CRC rule of the kernel OPTS runs."""
	rule = getattr(opts, "missing_crc", None)
	if rule:
		return rule
	return "load" if getattr(opts, "kernel_src", None) else "refuse"


def own_boot_args(name: str) -> List[str]:
	"""Return the kernel parameters of the own boot of case NAME."""
	return [OWN_BOOT_ARG] + [arg for glob, args in OWN_BOOT_KERNEL_ARGS
				 if glob_matches(glob, name) for arg in args]


def config_build_dir(build_dir: Union[str, Path], config: Configuration
		     ) -> Path:
	"""Return CONFIG's build dir, given the main one."""
	return Path(str(build_dir) + config.suffix)


def builds_only(kunit_args: Sequence[str]) -> bool:
	"""True if the filter glob in KUNIT_ARGS selects build cases only
	(BUILD_SUITE's): a run builds and runs the external passes, and
	boots nothing."""
	user_glob = user_filter_glob(kunit_args)
	return user_glob is not None and \
		user_glob.split(".", 1)[0] == BUILD_SUITE


def config_wanted(config: Configuration, kunit_args: Sequence[str]) -> bool:
	"""True unless the filter glob in KUNIT_ARGS leaves CONFIG out: it
	selects none of its boot's cases, nor, for a glob of build cases
	only, of its build cases."""
	user_glob = user_filter_glob(kunit_args)
	if user_glob is not None and builds_only(kunit_args):
		return config.boot_glob is None or any(
			may_overlap(f"{BUILD_SUITE}.{pattern}", user_glob)
			for pattern in config.build_cases)
	return (config.boot_glob is None or user_glob is None or
		may_overlap(config.boot_glob, user_glob))


def selected_configurations(opts: object, version: Version
			    ) -> List[Configuration]:
	"""Return the configurations a run builds and boots on the kernel
	VERSION: those in_run, and with opts.all all; without it, also the
	by_glob ones whose boot the filter glob in opts.kunit_args selects;
	with opts.only, those it names.  Off UML, not the standalone ones
	(their kunitconfigs ask for HOSTFS)."""
	only = getattr(opts, "only", None)
	kunit_args = getattr(opts, "kunit_args", ())
	return [config for config in CONFIGURATIONS
		if (config.in_run or getattr(opts, "all", False) or
		    (config.by_glob and user_filter_glob(kunit_args) and
		     config_wanted(config, kunit_args))) and
		(only is None or config.name in only) and
		version >= config.min_kernel and
		not (config.standalone and arch_of(opts) != DEFAULT_ARCH)]


def proving_globs(config: Configuration) -> Tuple[str, ...]:
	"""Return the globs of the cases CONFIG runs where another
	configuration skips them: its boot's (unless it reports every
	suite again below a group), its own boots', and what it proves."""
	return config.own_boot_globs + config.proves + (
		(config.boot_glob,) if config.boot_glob and
		not config.report_group else ())


def own_boot_globs(config: Configuration, arch: str) -> Tuple[str, ...]:
	"""Return CONFIG's own boots' globs on ARCH (off UML, less
	uml_only_globs)."""
	if arch == DEFAULT_ARCH:
		return config.own_boot_globs
	return tuple(glob for glob in config.own_boot_globs
		     if glob not in config.uml_only_globs)


UML_ONLY = "UML's time-travel mode"	# left_out_groups()'s need off UML


def need_text(need: str) -> str:
	"""Say a need of left_out_groups() as the summary prints it."""
	return need if need == UML_ONLY else \
		f"the {need} configuration (run --all builds it)"


def left_out_groups(cases: Sequence[Case], configs: Sequence[Configuration],
		    arch: str = DEFAULT_ARCH) -> Dict[str, List[Case]]:
	"""Return the skips among CASES that a run of CONFIGS on ARCH
	cannot run, by what they need: {configuration name: its skips} for
	the cases only a configuration not in CONFIGS boots (its
	boot_glob, its own boots, what it proves), and {UML_ONLY: skips}
	off UML for those of uml_only_globs."""
	names = {config.name for config in configs}
	needs = [(config.name, glob) for config in CONFIGURATIONS
		 if config.name not in names
		 for glob in proving_globs(config)]
	if arch != DEFAULT_ARCH:
		needs += [(UML_ONLY, glob) for config in configs
			  for glob in config.uml_only_globs]
	groups: Dict[str, List[Case]] = {}
	for case in cases:
		if case.status != "SKIP":
			continue
		need = next((name for name, glob in needs
			     if glob_matches(glob, case.name)), None)
		if need is not None:
			groups.setdefault(need, []).append(case)
	return groups
