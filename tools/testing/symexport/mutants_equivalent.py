# SPDX-License-Identifier: GPL-2.0-only
"""What the generated-mutant campaign's survivors are, argued one by one.

Keyed by kernel, then by the mutant's name (FILE:FUNCTION:LINE:OPERATOR,
as mutate --generate --list prints it):

  EQUIVALENT   no behaviour changes: a one-line argument why.  A mutant
               the compiler proves equivalent (the same object code)
               needs no entry; mutants_report.py counts both alike.
  UNCOVERED    behaviour changes, but no case of the suite can see it
               yet: why, and what a case would need.  Still survivors.
"""

from typing import Dict

ALLOCATION_FAILURE_NS = ("copy_modinfo_import_ns() fails only when its "
			 "GFP_KERNEL kmalloc() of the import list fails: "
			 "symexport_load_failing_alloc() aims by the function "
			 "that fault injection's stack trace names, and both it "
			 "and setup_modinfo() are inlined into load_module(), "
			 "whose other allocations the trace cannot be told from "
			 "(failslab must also be told to fail GFP_KERNEL ones)")

NAME_CHECK = ("without the check an empty name, or one of MODULE_NAME_LEN "
	      "bytes without its NUL, goes to find_module(), which finds no "
	      "such module: ENOENT all the same; only the audit record and "
	      "a read past the unterminated name (stack KASAN, not on UML) "
	      "tell")

MUTEX_SIGNAL = ("only a signal that interrupts delete_module() while it "
		"waits for module_mutex tells: no case signals a removal "
		"that waits")

EQUIVALENT: Dict[str, Dict[str, str]] = {
	"7.3": {
		"main.c:module_unload_free:736:remove_call":
			"the module's own target_list is read by nobody after "
			"module_unload_free(): free_module() frees the module "
			"next, and the loop walks it with the _safe iterator",
		"main.c:simplify_symbols:1595:cond_false":
			"UML is built without SMP, where find_pcpusec() returns "
			"0: a defined symbol is never in section 0, so the "
			"per-CPU branch is never taken (QEMU's SMP kernels "
			"would take it; the campaign boots UML)",
		"main.c:resolve_symbol:1304:remove_return":
			"the goto jumps to the label that follows the block",
		"main.c:module_put:957:relational":
			"atomic_dec_if_positive() returns 0 only for a put that "
			"takes the count to 0, which a live module never allows "
			"(MODULE_REF_BASE stays until removal): only a put on a "
			"module already removed by force, a use after free, "
			"tells <= from <",
		"main.c:check_modinfo:2664:cond_true":
			"'if (1) return err;' before 'return 0;' returns err, "
			"which is 0 whenever the original falls through",
		"main.c:delete_module:818:relational":
			"len == 0 has returned just before, so 'len <= 0' and "
			"'len < 0' agree on every len that reaches it",
		"main.c:delete_module:877:remove_call":
			"nothing waits on module_wq for a module delete_module() "
			"can remove: resolve_symbol_wait() and "
			"module_patient_check_exists() wait for one in its init "
			"(COMING or UNFORMED), and its init's end or failure "
			"wakes them; delete_module() removes only LIVE modules",
		"main.c:verify_namespace_is_imported:1217:drop_operand":
			"every export carries a namespace string, empty when it "
			"has none (include/linux/export-internal.h), so "
			"kernel_symbol_namespace() never returns NULL here",
	},
}

# 6.12's are 7.3's, at other lines (the same code and argument).
EQUIVALENT["6.12"] = {
		"main.c:module_unload_free:664:remove_call":
			EQUIVALENT["7.3"]["main.c:module_unload_free:736:remove_call"],
		"main.c:simplify_symbols:1492:cond_false":
			EQUIVALENT["7.3"]["main.c:simplify_symbols:1595:cond_false"],
		"main.c:module_put:887:relational":
			EQUIVALENT["7.3"]["main.c:module_put:957:relational"],
		"main.c:check_modinfo:2323:cond_true":
			EQUIVALENT["7.3"]["main.c:check_modinfo:2664:cond_true"],
		"main.c:delete_module:746:relational":
			EQUIVALENT["7.3"]["main.c:delete_module:818:relational"],
		"main.c:verify_namespace_is_imported:1106:drop_operand":
			EQUIVALENT["7.3"]["main.c:verify_namespace_is_imported:1217:drop_operand"],
		"main.c:delete_module:805:remove_call":
			EQUIVALENT["7.3"]["main.c:delete_module:877:remove_call"],
}

UNCOVERED: Dict[str, Dict[str, str]] = {
	"7.3": {
		"main.c:setup_modinfo:1835:cond_negate": ALLOCATION_FAILURE_NS,
		"main.c:setup_modinfo:1835:cond_false": ALLOCATION_FAILURE_NS,
		"main.c:setup_modinfo:1836:remove_return": ALLOCATION_FAILURE_NS,
		**{f"main.c:delete_module:{n}": NAME_CHECK for n in (
			"816:cond_false", "816:drop_operand",
			"816:drop_operand.2", "817:remove_return")},
		**{f"main.c:delete_module:{n}": MUTEX_SIGNAL for n in (
			"823:cond_false", "824:remove_return", "824:errno")},
		"main.c:resolve_symbol:1298:remove_return":
			"a module refused for a missing namespace import then "
			"also takes a reference on the provider, which its "
			"failed load gives back (module_unload_free()); the "
			"errno differs only if the provider is going away at "
			"that moment, which no case arranges",
		"main.c:verify_module_namespace:1199:cond_true":
			"steps past the list's terminating NUL and reads the "
			"strings that follow it in the module's memory: no case "
			"tells, nor does KASAN (judged in configuration debug "
			"too: it survived), as the read stays inside the "
			"module's allocation",
	},
}

UNCOVERED["6.12"] = {
	**{f"main.c:delete_module:{n}": NAME_CHECK for n in (
		"744:cond_false", "744:drop_operand", "744:drop_operand.2",
		"745:remove_return")},
	**{f"main.c:delete_module:{n}": MUTEX_SIGNAL for n in (
		"751:cond_false", "752:remove_return", "752:errno")},
	"main.c:resolve_symbol:1183:remove_return":
		UNCOVERED["7.3"]["main.c:resolve_symbol:1298:remove_return"],
	"main.c:resolve_symbol:1177:remove_return":
		"the same for a module refused for a CRC that differs "
		"(check_version()): it goes on to take a reference on the "
		"provider, which its failed load gives back",
	"version.c:same_magic:82:cond_true":
		"only a module without a version table whose version magic "
		"names another release, in a MODVERSIONS kernel, tells (the "
		"release is compared then): the module the harness strips of "
		"its tables keeps the kernel's release; on 7.3 the extended "
		"table's case vermagic_release_compared_without_basic_"
		"version_table proves the rule",
}

# modpost (scripts/mod/modpost.c), judged by mutants_modpost.py.
SPARC_ONLY = ("the block is SPARC's (register directives, symbols named "
	      "'.x'): no object of x86_64 (UML, QEMU) or arm64 has a symbol "
	      "of type STT_SPARC_REGISTER or an undefined one that starts "
	      "with '.', so entering it, or not, changes nothing there")
NSDEPS_ONLY = ("mod->missing_namespaces is read only by 'make nsdeps' "
	       "(modpost -d writes modules.nsdeps, which scripts/nsdeps turns "
	       "into MODULE_IMPORT_NS() lines with Coccinelle's spatch): no "
	       "pass runs it, and Debian 12 has no spatch the harness installs")
SRCVERSION_ALL = ("a srcversion for every module, and the test for vmlinux, "
		  "matter only with CONFIG_MODULE_SRCVERSION_ALL (modpost -a): "
		  "no configuration sets it, and modpost computes a srcversion "
		  "from the .mod and .cmd files a pass leaves beside the object, "
		  "which a case's copy does not have")
PARSE_ELF_FINISH = ("parse_elf_finish() only unmaps the object modpost has "
		    "read: nothing reads the mapping after it, and modpost "
		    "exits at the end of the pass, which unmaps it too")


BLANK_LINE = ("one blank line less in the generated .mod.c: it compiles to "
	      "the same module")


def sparc_block(line: int) -> Dict[str, str]:
	"""handle_symbol()'s SPARC block at LINE: its condition (two lines),
	the register test two lines on and the '.' test two after."""
	ops = ("cond_negate", "cond_true", "cond_false", "relational")
	names = [f"{line}:{op}" for op in ops]
	names += [f"{line}:drop_operand", f"{line}:drop_operand.2",
		  f"{line + 1}:relational"]
	names += [f"{line + n}:{op}" for n in (3, 5) for op in ops]
	return {f"modpost.c:handle_symbol:{n}": SPARC_ONLY for n in names}


EQUIVALENT["7.3"].update(sparc_block(649))
EQUIVALENT["7.3"]["modpost.c:read_symbols:1661:remove_call"] = PARSE_ELF_FINISH
EQUIVALENT["7.3"]["modpost.c:add_depends:2021:remove_call"] = BLANK_LINE
EQUIVALENT["6.12"].update({
	**sparc_block(625),
	"modpost.c:add_depends:1878:remove_call": BLANK_LINE,
})
UNCOVERED["7.3"].update({
	"modpost.c:check_exports:1803:remove_call": NSDEPS_ONLY,
})
UNCOVERED["6.12"].update({
	"modpost.c:check_exports:1726:remove_call": NSDEPS_ONLY,
})

PATH_HAS_SLASH = ("kbuild names every module by a path with a '/' (in-tree "
		  "modules by their directory, external ones by M=), so "
		  "strrchr() never returns NULL: the test of its result "
		  "always comes out as the mutant makes it")
NO_DUMP_FILE = ("get_line() returns NULL for a NULL buffer, so without a "
		"dump file the loop ends at once, as the return did")

EQUIVALENT["6.12"].update({
	"modpost.c:check_exports:1717:cond_true": PATH_HAS_SLASH,
	"modpost.c:add_depends:1890:cond_true": PATH_HAS_SLASH,
	"modpost.c:check_modname_len:1757:cond_false": PATH_HAS_SLASH,
	"modpost.c:read_dump:2012:cond_false": NO_DUMP_FILE,
	"modpost.c:read_dump:2014:remove_return": NO_DUMP_FILE,
	"modpost.c:read_symbols:1620:remove_call": PARSE_ELF_FINISH,
})
EQUIVALENT["7.3"].update({
	"modpost.c:read_dump:2175:cond_false": NO_DUMP_FILE,
	"modpost.c:read_dump:2177:remove_return": NO_DUMP_FILE,
})
UNCOVERED["6.12"].update({
	"modpost.c:read_symbols:1613:cond_true": SRCVERSION_ALL,
	"modpost.c:read_symbols:1615:drop_operand.2": SRCVERSION_ALL,
})
UNCOVERED["7.3"].update({
	"modpost.c:read_symbols:1654:cond_true": SRCVERSION_ALL,
	"modpost.c:read_symbols:1656:drop_operand.2": SRCVERSION_ALL,
	"modpost.c:read_symbols:1612:cond_true":
		"a module without a .no_trim_symbol section gets a zero-byte "
		"copy of it, which keep_no_trim_symbols() (with -t) reads as a "
		"string: a read past an allocation that only a sanitizer "
		"(modpost built with ASan) tells",
	"modpost.c:verify_module_namespace:1762:cond_true":
		"steps past the NUL that ends the list's last name and reads "
		"what follows it in modpost's heap: only a sanitizer (modpost "
		"built with ASan) tells",
})
