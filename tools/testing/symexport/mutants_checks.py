# SPDX-License-Identifier: GPL-2.0-only
"""What the loader and modpost check: licenses, namespaces, versions.

Mutants of the license checks and taints (GPL-only exports, GPL-compatible
license strings, proprietary taint inherited), of modpost's refusals,
of namespace imports, duplicate exports, version magic and the
__ksymtab_ entries in kallsyms, and of the symbol CRCs (the modversions
configuration).

Part of mutants.py's MUTANTS, in the order mutate runs them; the keys
are explained there.
"""

from mutants_common import MAIN

MUTANTS = [
    {
        'name': 'gpl_only_exports_open_to_all_licenses',
        'rule': 'a GPL-incompatible module cannot use EXPORT_SYMBOL_GPL symbols',
        'file': MAIN,
        'old': '\t\t.gplok\t= !(mod->taints & (1 << TAINT_PROPRIETARY_MODULE)),\n',
        'new': '\t\t.gplok\t= true,\n',
        'cases': ['symexport_taint.proprietary_module_using_export_symbol_gpl_refused_enoent',
                  'symexport_taint.weak_gpl_only_reference_from_proprietary_module_stays_null'],
    },
    {
        'name': 'dual_mpl_gpl_not_gpl_compatible',
        'rule': '"Dual MPL/GPL" is a GPL-compatible license',
        'file': MAIN,
        'old': '\tif (!license_is_gpl_compatible(license)) {\n',
        'new': '\tif (!license_is_gpl_compatible(license) || !strcmp(license, "Dual MPL/GPL")) {\n',
        'cases': ['symexport_license.gpl_compatible_license_may_use_export_symbol_gpl'],
    },
    {
        'name': 'license_does_not_taint',
        'rule': 'a GPL-incompatible license taints the kernel and the module',
        'file': MAIN,
        'old': '\tif (!license_is_gpl_compatible(license)) {\n',
        'new': '\tif (0) {\n',
        'cases': ['symexport_taint.proprietary_module_using_export_symbol_loads_tainted'],
    },
    {
        'name': 'license_taint_keeps_lock_debugging',
        'rule': 'a GPL-incompatible license turns lock debugging off',
        'file': MAIN,
        'old': "\t\t\t\tmod->name, license);\n\t\tadd_taint_module(mod, TAINT_PROPRIETARY_MODULE,\n\t\t\t\t LOCKDEP_NOW_UNRELIABLE);\n",
        'new': "\t\t\t\tmod->name, license);\n\t\tadd_taint_module(mod, TAINT_PROPRIETARY_MODULE,\n\t\t\t\t LOCKDEP_STILL_OK);\n",
        'cases': ['symexport_taint.proprietary_module_using_export_symbol_loads_tainted'],
    },
    {
        'name': 'proprietary_taint_not_inherited',
        'rule': 'a module using a proprietary export inherits the taint',
        'file': MAIN,
        'old': '\t\tset_bit(TAINT_PROPRIETARY_MODULE, &mod->taints);\n',
        'new': '\t\t;\n',
        'cases': ['symexport_taint.gpl_module_using_proprietary_export_inherits_taint'],
    },
    {
        'name': 'proprietary_exports_unchecked',
        'rule': 'GPL-only and proprietary exports cannot be mixed in one module',
        'file': MAIN,
        'old': '\tif (!owner || !test_bit(TAINT_PROPRIETARY_MODULE, &owner->taints))\n',
        'new': '\tif (1)\n',
        'cases': ['symexport_taint.gpl_module_using_gpl_only_and_proprietary_exports_refused'],
    },
    {
        'name': 'symbol_get_hands_out_export_symbol',
        'rule': 'symbol_get() finds only EXPORT_SYMBOL_GPL symbols (since 6.5 and 6.1.52)',
        'file': MAIN,
        'old': '\tif (fsa.license != GPL_ONLY) {\n',
        'new': '\tif (0) {\n',
        'cases': ['symexport_license.symbol_get_refuses_export_symbol_since_6_5'],
    },
    {
        'name': 'modpost_allows_gpl_only_symbols_to_all',
        'rule': 'modpost refuses a GPL-incompatible module that uses a GPL-only symbol',
        'file': 'scripts/mod/modpost.c',
        'old': '\t\tif (!mod->is_gpl_compatible && exp->is_gpl_only)\n',
        'new': '\t\tif (0)\n',
        'cases': ['symexport_build.modpost_refuses_gpl_incompatible_module_using_gpl_only_symbol',
                  'symexport_build.modpost_refuses_weak_gpl_only_reference_from_gpl_incompatible_module'],
    },
    {
        'name': 'modpost_warn_ignored',
        'text_since': (6, 12),
        'v7': {'old': '\t\t\t\tmodpost_log(!warn_unresolved, mod,\n',
               'new': '\t\t\t\tmodpost_log(true, mod,\n'},
        'rule': 'KBUILD_MODPOST_WARN turns an undefined symbol into a warning',
        'file': 'scripts/mod/modpost.c',
        'old': '\t\t\t\tmodpost_log(!warn_unresolved,\n',
        'new': '\t\t\t\tmodpost_log(true,\n',
        'cases': ['symexport_build.modpost_warn_turns_undefined_symbol_into_warning'],
    },
    {
        'name': 'namespace_import_not_checked',
        'rule': 'a namespaced symbol is refused to a module that does not import it',
        'file': MAIN,
        'old': '\tif (namespace && namespace[0]) {\n',
        'new': '\tif (0) {\n',
        'cases': ['symexport_namespace.namespaced_export_refused_without_import_einval'],
    },
    {
        'name': 'duplicate_exports_allowed',
        'v7': {'old': '\t\tif (find_symbol(&fsa)) {\n',
               'new': '\t\tif (0 && find_symbol(&fsa)) {\n'},
        'rule': 'a module may not export a symbol another loaded module exports',
        'file': MAIN,
        'old': '\t\t\tif (find_symbol(&fsa)) {\n',
        'new': '\t\t\tif (0 && find_symbol(&fsa)) {\n',
        'cases': ['symexport_out_of_tree.duplicate_export_refused_enoexec'],
    },
    {
        'name': 'vermagic_not_compared',
        'rule': 'a module built for another kernel release is refused',
        'file': MAIN,
        'old': '\t} else if (!same_magic(modmagic, vermagic, info->index.vers)) {\n',
        'new': '\t} else if (0) {\n',
        'cases': ['symexport_out_of_tree.vermagic_mismatch_refused_enoexec'],
    },
    {
        'name': 'ksymtab_hidden_from_kallsyms',
        'rule': "a loaded module's __ksymtab_ entries are in kallsyms",
        'file': 'kernel/module/kallsyms.c',
        'old': '\t\tif (strcmp(name, kallsyms_symbol_name(kallsyms, i)) == 0 &&\n',
        'new': '\t\tif (strcmp(name, kallsyms_symbol_name(kallsyms, i)) == 0 && strncmp(name, "__ksymtab_", 10) &&\n',
        'cases': ['symexport_out_of_tree.loaded_provider_exports_appear_in_kallsyms'],
    },
    {
        'name': 'unversioned_symbols_refused_without_modversions',
        'v7': {'old': '\t\t\t\tconst u32 *crc)\n{\n\treturn 1;\n}\n',
               'new': '\t\t\t\tconst u32 *crc)\n{\n\treturn 0;\n}\n'},
        'rule': 'without MODVERSIONS the loader resolves symbols by name alone',
        'file': 'kernel/module/internal.h',
        'old': '\t\t\t\tconst s32 *crc)\n{\n\treturn 1;\n}\n',
        'new': '\t\t\t\tconst s32 *crc)\n{\n\treturn 0;\n}\n',
        'cases': ['symexport_out_of_tree.consumer_built_without_module_symvers_loads_without_modversions'],
    },
    {
        'name': 'crc_not_compared',
        'rule': 'with MODVERSIONS a symbol whose CRC differs is refused',
        'config': 'modversions',
        'file': 'kernel/module/version.c',
        'old': '\t\tif (versions[i].crc == crcval)\n',
        'new': '\t\tif (1)\n',
        'cases': ['symexport_modversions.crc_mismatch_refused_einval'],
    },
    {
        'name': 'missing_crc_accepted',
        'rule': 'with MODVERSIONS a symbol without a CRC is refused',
        'config': 'modversions',
        'file': 'kernel/module/version.c',
        'old': '\tpr_warn("%s: no symbol version for %s\\n", info->name, symname);\n\treturn 0;\n',
        'new': '\tpr_warn("%s: no symbol version for %s\\n", info->name, symname);\n\treturn 1;\n',
        'cases': ['symexport_modversions.symbol_without_version_refused_by_debian_loaded_upstream'],
    },
    {
        'name': 'module_without_versions_accepted',
        'rule': 'with MODVERSIONS a module with no versions at all is refused',
        'config': 'modversions',
        'file': 'kernel/module/version.c',
        'old': '\tif (versindex == 0)\n\t\treturn try_to_force_load(mod, symname) == 0;\n',
        'new': '\tif (versindex == 0)\n\t\treturn 1;\n',
        'cases': ['symexport_modversions.module_without_versions_refused_enoexec'],
    },
    {
        'name': 'vermagic_release_compared_despite_crcs',
        'rule': 'with CRCs the kernel release in vermagic is not compared',
        'config': 'modversions',
        'file': 'kernel/module/version.c',
        'old': '\tif (has_crcs) {\n',
        'new': '\tif (0) {\n',
        'cases': ['symexport_modversions.vermagic_release_ignored_when_module_has_crcs'],
    },
]
