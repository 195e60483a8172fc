# SPDX-License-Identifier: GPL-2.0-only
"""Rules newer than 6.12: they break 7.x's loader only.

Mutants of EXPORT_SYMBOL_FOR_MODULES() (its list, its globs, "module:"
namespaces, its GPL-only flag), of the __kflagstab flags table and the
obsolete __ksymtab_gpl warning (7.0 and later), and of the extended
version table (6.14 and later, the modversions_extended
configuration).

Part of mutants.py's MUTANTS, in the order mutate runs them; the keys
are explained there.
"""

from mutants_common import MAIN

MUTANTS = [
    # Rules that came after 6.12: these break 7.x's loader only.
    {
        'name': 'for_modules_list_ignored',
        'rule': 'an EXPORT_SYMBOL_FOR_MODULES() export is for the listed modules only',
        'since': (7, 0),
        'file': MAIN,
        'old': '\t\tif (verify_module_namespace(namespace, mod->name))\n\t\t\treturn 0;\n',
        'new': '\t\tif (1)\n\t\t\treturn 0;\n',
        'cases': ['symexport_for_modules.export_for_modules_refused_for_unlisted_module_einval'],
    },
    {
        'name': 'for_modules_list_never_matches',
        'rule': 'a module on an EXPORT_SYMBOL_FOR_MODULES() list may use the export',
        'since': (7, 0),
        'file': MAIN,
        'old': '\t\tif (verify_module_namespace(namespace, mod->name))\n\t\t\treturn 0;\n',
        'new': '\t\tif (0)\n\t\t\treturn 0;\n',
        'cases': ['symexport_for_modules.export_for_modules_resolves_for_listed_module'],
    },
    {
        'name': 'for_modules_star_not_a_glob',
        'rule': "a list entry ending in '*' names every module with that prefix",
        'since': (7, 0),
        'file': MAIN,
        'old': '\t\t\tlen--;\n\t\t\tglob = true;\n',
        'new': '\t\t\tlen--;\n\t\t\tglob = false;\n',
        'cases': ['symexport_for_modules.export_for_modules_list_entry_ending_in_star_matches_prefix'],
    },
    {
        'name': 'for_modules_dash_differs',
        'rule': "the list takes '-' and '_' alike",
        'since': (7, 0),
        'file': MAIN,
        'old': "\t\tif (a == '-') a = '_';\n",
        'new': "\t\tif (0) a = '_';\n",
        'cases': ['symexport_for_modules.export_for_modules_list_takes_dash_and_underscore_alike'],
    },
    {
        'name': 'module_namespace_import_allowed',
        'rule': 'no module may import a "module:" namespace',
        'since': (7, 0),
        'file': MAIN,
        'old': '\t\tif (strstarts(imported_namespace, "module:")) {\n',
        'new': '\t\tif (0) {\n',
        'cases': ['symexport_for_modules.module_importing_module_namespace_refused_eperm'],
    },
    {
        'name': 'gpl_only_flag_ignored',
        'rule': 'an EXPORT_SYMBOL_FOR_MODULES() export is GPL-only for listed modules too',
        'since': (7, 0),
        'file': MAIN,
        'old': '\tif (!fsa->gplok && (sym_flags & KSYM_FLAG_GPL_ONLY))\n',
        'new': '\tif (0)\n',
        'cases': ['symexport_for_modules.export_for_modules_is_gpl_only_for_listed_module'],
    },
    {
        'name': 'modpost_module_namespace_import_allowed',
        'rule': 'modpost refuses a module that imports a "module:" namespace',
        'since': (7, 0),
        'file': 'scripts/mod/modpost.c',
        'old': '\t\t\tif (strstarts(namespace, MODULE_NS_PREFIX))\n',
        'new': '\t\t\tif (0)\n',
        'cases': ['symexport_build.modpost_refuses_module_importing_module_namespace'],
    },
    {
        'name': 'flags_table_not_required',
        'rule': 'a module whose exports have no __kflagstab is refused',
        'since': (7, 0),
        'file': MAIN,
        'old': '\tif (mod->num_syms && !mod->flagstab) {\n',
        'new': '\tif (0) {\n',
        'cases': ['symexport_export_flags.module_exporting_without_flags_table_refused_enoexec'],
    },
    {
        'name': 'obsolete_ksymtab_gpl_not_warned',
        'rule': 'the loader warns about an obsolete __ksymtab_gpl section',
        'since': (7, 0),
        'file': MAIN,
        'old': '\tif (section_addr(info, "__ksymtab_gpl"))\n',
        'new': '\tif (0)\n',
        'cases': ['symexport_export_flags.obsolete_ksymtab_gpl_section_ignored_with_warning'],
    },
    # The extended version table (6.14 and later), in its own configuration.
    {
        'name': 'extended_crc_not_compared',
        'rule': 'a CRC in the extended version table is compared with the exporter\'s',
        'since': (6, 14),
        'config': 'modversions_extended',
        'file': 'kernel/module/version.c',
        'old': '\t\t\tif (*version_ext.crc == *crc)\n',
        'new': '\t\t\tif (1)\n',
        'cases': ['symexport_modversions.crc_mismatch_refused_einval',
                  'symexport_modversions.long_symbol_name_crc_checked_in_extended_table'],
    },
    {
        'name': 'missing_extended_version_refused',
        'rule': 'a symbol the extended version table has no CRC for is loaded, with a warning',
        'since': (6, 14),
        'config': 'modversions_extended',
        'file': 'kernel/module/version.c',
        'old': '\t\t\t     info->name, symname);\n\t\treturn 1;\n',
        'new': '\t\t\t     info->name, symname);\n\t\treturn 0;\n',
        'cases': ['symexport_modversions.symbol_without_extended_version_loaded_with_warning'],
    },
    {
        'name': 'vermagic_release_ignored_without_basic_versions',
        'rule': 'only a module with a basic version table may differ in the kernel release',
        'since': (6, 14),
        'config': 'modversions_extended',
        'file': MAIN,
        'old': '\t} else if (!same_magic(modmagic, vermagic, info->index.vers)) {\n',
        'new': '\t} else if (!same_magic(modmagic, vermagic, 1)) {\n',
        'cases': ['symexport_modversions.vermagic_release_compared_without_basic_version_table'],
    },
    {
        'name': 'import_ns_not_recorded',
        'rule': '/sys/module/<module>/import_ns lists the namespaces a module imports (7.1)',
        'since': (7, 1),
        'file': MAIN,
        'old': '\tmod->imported_namespaces = buf;\n',
        'new': '\tkfree(buf);\n',
        'cases': ['symexport_namespace.import_ns_attribute_lists_imported_namespace'],
        'glob': 'symexport_namespace.*',
    },
    {
        'name': 'import_ns_shown_for_every_module',
        'rule': 'a module that imports no namespace has no import_ns file (7.1)',
        'since': (7, 1),
        'file': MAIN,
        'old': '\treturn mod->imported_namespaces != NULL;\n',
        'new': '\treturn 1;\n',
        'cases': ['symexport_namespace.import_ns_attribute_absent_for_module_importing_nothing'],
        'glob': 'symexport_namespace.*',
    },
    {
        'name': 'for_modules_entry_matches_longer_name',
        'rule': "a list entry without '*' names one module, not every module it is a prefix of",
        'since': (7, 0),
        'file': MAIN,
        'old': '(glob || len == modlen)',
        'new': '(glob || len <= modlen)',
        'cases': ['symexport_for_modules.export_for_modules_entry_refuses_longer_module_name'],
        'glob': 'symexport_for_modules.*',
    },
    {
        'name': 'for_modules_entry_matches_shorter_name',
        'rule': "a list entry does not name a module whose name it starts with",
        'since': (7, 0),
        'file': MAIN,
        'old': '\t\tif (mod_strncmp(namespace, modname, len) == 0 && (glob || len == modlen))\n',
        'new': '\t\tif (mod_strncmp(namespace, modname, min(len, modlen)) == 0 &&\n'
               '\t\t    (glob || len >= modlen))\n',
        'cases': ['symexport_for_modules.export_for_modules_entry_refuses_shorter_module_name'],
        'glob': 'symexport_for_modules.*',
    },
]
