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

ALLOCATION_FAILURE = ("only reachable when a GFP_ATOMIC kmalloc() of a "
		      "struct module_use fails: the suite injects no "
		      "allocation failures (it would need failslab aimed at "
		      "that one allocation)")

ALLOCATION_FAILURE_NS = ("copy_modinfo_import_ns() fails only when kmalloc() "
			 "of the import list fails: the suite injects no "
			 "allocation failures")

NAME_CHECK = ("without the check an empty name, or one of MODULE_NAME_LEN "
	      "bytes without its NUL, goes to find_module(), which finds no "
	      "such module: ENOENT all the same; only the audit record and "
	      "a read past the unterminated name (stack KASAN, not on UML) "
	      "tell")

MUTEX_SIGNAL = ("only a signal that interrupts delete_module() while it "
		"waits for module_mutex tells: no case signals a removal "
		"that waits")

VERMAGIC_PREFIX = ("only a module whose version magic is the kernel's cut "
		   "short, or the kernel's with more after it, tells: the "
		   "suite's other-release module keeps the length")

NOT_MODULE_NS = ("a namespace that does not start with \"module:\" would be "
		 "read as a module list from its 8th character on: only an "
		 "export whose namespace ends in the loading module's name "
		 "would tell, and no provider has one")

NO_GOT = ("only a module with an undefined _GLOBAL_OFFSET_TABLE_ (GNU as "
	  "before 2.37, or call foo@PLT) tells: Debian 12's binutils 2.40 "
	  "makes none")

BAD_SHNDX = ("only a module whose symbol table names a section index past "
	     "its last section tells: no module of the suite is corrupted "
	     "that way (a harness hook could write one)")

WAIT_30S = ("only a provider that stays in its init for 30 s makes the loader "
	    "give up waiting; the suite's slow provider lets go sooner")

EXTENDED_TABLE = ("the extended version table is only in the modules of "
		  "configuration modversions_extended (run --all builds it; "
		  "mutate --generate --configs with modversions_extended "
		  "judges there)")

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
		"main.c:verify_namespace_is_imported:1217:drop_operand":
			"every export carries a namespace string, empty when it "
			"has none (include/linux/export-internal.h), so "
			"kernel_symbol_namespace() never returns NULL here",
	},
	"6.12": {},
}

UNCOVERED: Dict[str, Dict[str, str]] = {
	"7.3": {
		"main.c:add_module_usage:694:cond_false": ALLOCATION_FAILURE,
		"main.c:add_module_usage:695:remove_return": ALLOCATION_FAILURE,
		"main.c:add_module_usage:695:errno": ALLOCATION_FAILURE,
		"main.c:ref_module:718:cond_false": ALLOCATION_FAILURE,
		"main.c:ref_module:719:remove_call": ALLOCATION_FAILURE,
		"main.c:ref_module:720:remove_return": ALLOCATION_FAILURE,
		"main.c:setup_modinfo:1835:cond_negate": ALLOCATION_FAILURE_NS,
		"main.c:setup_modinfo:1835:cond_false": ALLOCATION_FAILURE_NS,
		"main.c:setup_modinfo:1836:remove_return": ALLOCATION_FAILURE_NS,
		"main.c:delete_module:812:drop_operand.2":
			"only a kernel with modules disabled (nomodule, or the "
			"one-way sysctl kernel.modules_disabled=1) tells: no "
			"boot of the suite disables them, which no later case "
			"of the boot could survive",
		**{f"main.c:delete_module:{n}": NAME_CHECK for n in (
			"816:cond_false", "816:drop_operand",
			"816:drop_operand.2", "817:remove_return")},
		**{f"main.c:delete_module:{n}": MUTEX_SIGNAL for n in (
			"823:cond_false", "824:remove_return", "824:errno")},
		"main.c:delete_module:864:remove_call":
			"the MODULE_STATE_GOING notifiers (jump labels, static "
			"calls, tracepoints, BPF, livepatch) keep the freed "
			"module's entries: only a later use of them tells, and "
			"no module of the suite has any",
		"main.c:delete_module:869:remove_call":
			"only a module whose init started async work that still "
			"runs at its removal tells; none of the suite does",
		"main.c:delete_module:877:remove_call":
			"only a load of the same module waiting in "
			"add_unformed_module() for its removal to end tells: no "
			"case loads a module while it is being removed",
		"version.c:same_magic:103:prefix_compare": VERMAGIC_PREFIX,
		"version.c:same_magic:103:prefix_compare.2": VERMAGIC_PREFIX,
		"main.c:try_module_get:941:drop_operand":
			"only a module that is going away with a count above 0 "
			"tells: one removed by force while a reference is held, "
			"asked for a reference during its exit function (the "
			"suite's forced removal has no slow exit)",
		"main.c:resolve_symbol:1298:remove_return":
			"a module refused for a missing namespace import then "
			"also takes a reference on the provider, which its "
			"failed load gives back (module_unload_free()); the "
			"errno differs only if the provider is going away at "
			"that moment, which no case arranges",
		"main.c:resolve_symbol:1309:remove_call":
			"the owner's name is printed only when a provider has "
			"not finished its init within 30 s (\"gave up waiting "
			"for init of module\"); no case waits that long",
		"main.c:verify_module_namespace:1186:cond_false": NOT_MODULE_NS,
		"main.c:verify_module_namespace:1187:remove_return": NOT_MODULE_NS,
		"main.c:verify_module_namespace:1199:cond_true":
			"steps past the list's terminating NUL and reads the "
			"strings that follow it in the module's memory: no case "
			"tells, nor does KASAN (judged in configuration debug "
			"too: it survived), as the read stays inside the "
			"module's allocation",
		"main.c:simplify_symbols:1576:drop_operand":
			"a weak reference whose symbol is refused with an error "
			"(a namespace not imported, a CRC that differs) would be "
			"left unresolved instead of failing the load: the weak "
			"case's symbol is refused by license, which gives no "
			"error; a weak namespaced reference would tell",
		"main.c:simplify_symbols:1577:drop_operand.2": NO_GOT,
		"main.c:simplify_symbols:1587:cond_false": BAD_SHNDX,
		"main.c:simplify_symbols:1587:relational": BAD_SHNDX,
		"main.c:simplify_symbols:1588:remove_call": BAD_SHNDX,
		"main.c:simplify_symbols:1590:errno": BAD_SHNDX,
		"main.c:resolve_symbol_wait:1323:cond_negate": WAIT_30S,
		"main.c:resolve_symbol_wait:1326:relational": WAIT_30S,
		"main.c:resolve_symbol_wait:1327:remove_call": WAIT_30S,
		"version.c:check_version:25:cond_false":
			"only an exporter without CRCs in a MODVERSIONS kernel "
			"(its __kcrctab removed) gives a NULL crc: no provider "
			"of the suite is built so",
		"version.c:check_version:26:remove_return":
			"the same: a NULL crc needs an exporter without CRCs",
		**{f"version.c:check_version:{n}": EXTENDED_TABLE for n in (
			"29:cond_false", "31:cond_negate", "31:cond_true",
			"31:cond_false", "31:prefix_compare",
			"31:prefix_compare.2", "31:relational", "33:cond_negate",
			"33:cond_true", "33:cond_false", "33:relational",
			"34:remove_return", "37:remove_return", "39:remove_call",
			"41:remove_return")},
		"version.c:check_version:52:relational":
			"reads one entry past the basic version table when the "
			"symbol is not in it: what follows the table decides "
			"(KASAN, not in the campaign, would report it)",
		"version.c:check_version:55:prefix_compare.2":
			"an entry whose name starts with the symbol's would be "
			"taken for it: a module whose table has such a longer "
			"name, before the symbol's, with another CRC, would tell",
		"main.c:simplify_symbols:1544:cond_false":
			"only GCC's LTO objects have __gnu_lto* common symbols, "
			"and no module is built with LTO here",
	},
	"6.12": {},
}
