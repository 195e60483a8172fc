/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every module the cases load, written once:
 *
 *	SYMEXPORT_MODULE(name, dir, subdir)
 *
 * @name.ko is in @subdir of the directory @dir names (IN_TREE: the kernel's
 * modules directory, OUT_OF_TREE: the external modules' stage).  Each user
 * defines SYMEXPORT_MODULE, includes this file and undefines it:
 * symexport_test.h numbers them (SYMEXPORT_KO(name) is the module's handle,
 * without the "symexport_" of its name), symexport_helpers.c defines them in
 * symexport_modules[] (symexport_case_init() checks each), and the harness
 * reads the OUT_OF_TREE ones (harness_input.project_modules(): which external
 * passes a filter glob needs).
 */

SYMEXPORT_MODULE(symexport_provider, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_consumer, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_consumer_single, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_license_gpl, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_license_gpl_v2, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_license_gpl_and_additional_rights, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_license_dual_bsd_gpl, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_license_dual_mit_gpl, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_license_dual_mpl_gpl, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_proprietary_provider, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_proprietary_consumer, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_taint_inheritor, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_taint_conflict, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_taint_conflict_gpl_first, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_ext_provider, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_gpl_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_kernel_gpl_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_weak, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ns_consumer, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_ext_formod, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_formod_listed, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_glob_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_unlisted, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_list, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_listed_too, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_dash, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_proprietary, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_formod_import, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_dup, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_ns_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_ns_other_imports, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_common, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_unversioned_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_consumer, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_stripped, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_blank_versions, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_vermagic, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_stale_user, OUT_OF_TREE, "consumers/external_stale")
SYMEXPORT_MODULE(symexport_ext_long_user, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_stale_long_user, OUT_OF_TREE, "consumers/external_stale")
SYMEXPORT_MODULE(symexport_ext_noflags, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_oldgpl, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_nocrcs, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_nocrcs_user, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_bad_shndx, OUT_OF_TREE, "providers/external")
SYMEXPORT_MODULE(symexport_ext_ns_tail_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_livepatch, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_vermagic_release, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_vermagic_extended, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_lto_common, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_got, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_ns_weak_user, OUT_OF_TREE, "consumers/external")
SYMEXPORT_MODULE(symexport_ext_kfree_user, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_ext_versions_cut, OUT_OF_TREE, "consumers/external_oot")
SYMEXPORT_MODULE(symexport_registry, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_callback_consumer, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_slow_exit, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_async_exit, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_slow_exit_consumer, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_init_gate, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_slow_init, IN_TREE, "providers")
SYMEXPORT_MODULE(symexport_slow_init_consumer, IN_TREE, "consumers")
SYMEXPORT_MODULE(symexport_no_exit, IN_TREE, "providers")
