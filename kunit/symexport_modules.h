/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every module the cases load, written once:
 *
 *	SYMEXPORT_MODULE(dir, subdir, name)
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

SYMEXPORT_MODULE(IN_TREE, "providers", symexport_provider)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_consumer)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_consumer_single)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_license_gpl)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_license_gpl_v2)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_license_gpl_and_additional_rights)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_license_dual_bsd_gpl)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_license_dual_mit_gpl)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_license_dual_mpl_gpl)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_proprietary_provider)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_proprietary_consumer)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_taint_inheritor)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_taint_conflict)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_taint_conflict_gpl_first)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_provider)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_gpl_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_kernel_gpl_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_weak)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_ns_consumer)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_formod)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_listed)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_glob_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_unlisted)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_list)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_listed_too)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_dash)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_proprietary)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_formod_import)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_dup)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_ns_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_ns_other_imports)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_common)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_unversioned_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_consumer)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_stripped)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_blank_versions)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_vermagic)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_stale", symexport_ext_stale_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_long_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_stale", symexport_ext_stale_long_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_noflags)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_oldgpl)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_nocrcs)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_nocrcs_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "providers/external", symexport_ext_bad_shndx)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_ns_tail_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_livepatch)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_vermagic_release)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_vermagic_extended)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_lto_common)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_got)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external", symexport_ext_ns_weak_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_kfree_user)
SYMEXPORT_MODULE(OUT_OF_TREE, "consumers/external_oot", symexport_ext_versions_cut)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_registry)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_callback_consumer)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_slow_exit)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_async_exit)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_slow_exit_consumer)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_init_gate)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_slow_init)
SYMEXPORT_MODULE(IN_TREE, "consumers", symexport_slow_init_consumer)
SYMEXPORT_MODULE(IN_TREE, "providers", symexport_no_exit)
