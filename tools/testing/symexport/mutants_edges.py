# SPDX-License-Identifier: GPL-2.0-only
"""Races and edge cases of the main configuration.

Mutants of a module on its way out and of references racing its
removal, of a second load, of module parameters, of the CAP_SYS_MODULE
checks, of modpost's namespace and undefined-symbol refusals, of
Module.symvers, of a module's first reference, of a matching CRC, of a
module without an exit function and of O_TRUNC without forced unload.

Part of mutants.py's MUTANTS, in the order mutate runs them; the keys
are explained there.
"""

from mutants_common import MAIN, SUB

MUTANTS = [
    {
        'name': 'try_module_get_ignores_going_state',
        'rule': 'a module on its way out gives no new references',
        'file': MAIN,
        # Both halves guard it: the live state and the count that
        # try_stop_module() dropped to zero.
        'old': '\t\tif (likely(module_is_live(module) &&\n\t\t\t   atomic_inc_not_zero(&module->refcnt) != 0))\n',
        'new': '\t\tif (likely((atomic_inc(&module->refcnt), 1)))\n',
        'cases': ['symexport_lifetime.module_going_away_refuses_new_references'],
    },
    {
        'name': 'delete_module_ignores_running_callback',
        'rule': 'a module whose code runs under a reference cannot be removed',
        'file': MAIN,
        'old': '\tif (try_release_module_ref(mod) != 0) {\n',
        'new': '\tif (try_release_module_ref(mod) != 0 && 0) {\n',
        'cases': ['symexport_lifetime.consumer_removal_blocked_while_its_callback_runs'],
    },
    {
        'name': 'race_workers_take_no_references',
        'rule': 'the race case proves something only if removals overlap the gets and puts',
        'file': SUB + '/kunit/lifetime_test.c',
        'old': '\twhile (!completion_done(&w->release)) {\n\t\tif (!try_module_get(w->mod)) {\n',
        'new': '\twhile (0) {\n\t\tif (!try_module_get(w->mod)) {\n',
        'cases': ['symexport_lifetime.removal_attempts_race_get_put_without_losing_count'],
    },
    {
        'name': 'delete_module_ignores_racing_references',
        'rule': 'removal never wins against a held reference, however the gets and puts interleave',
        'file': MAIN,
        'old': '\tif (try_release_module_ref(mod) != 0) {\n',
        'new': '\tif (try_release_module_ref(mod) != 0 && 0) {\n',
        'cases': ['symexport_lifetime.removal_attempts_race_get_put_without_losing_count'],
    },
    {
        'name': 'second_load_not_refused',
        'text_since': (6, 12),
        'rule': 'loading a module that is already loaded fails with EEXIST',
        'file': MAIN,
        'old': '\tif (old && old->state == MODULE_STATE_LIVE)\n\t\treturn -EEXIST;\n',
        'new': '\tif (old && old->state == MODULE_STATE_LIVE)\n\t\treturn -EBUSY;\n',
        'cases': ['symexport_bad_input.loading_a_loaded_module_fails_eexist'],
    },
    {
        'name': 'unknown_parameter_silent',
        'rule': 'an unknown module parameter is ignored with a warning',
        'file': MAIN,
        'old': '\t\tpr_warn("%s: unknown parameter \'%s\' ignored\\n", modname, param);\n',
        'new': '\t\tpr_debug("%s: unknown parameter \'%s\' ignored\\n", modname, param);\n',
        'cases': ['symexport_bad_input.unknown_module_parameter_is_ignored_with_warning'],
    },
    {
        'name': 'delete_module_bad_name_einval',
        'rule': 'delete_module() of an empty or over-long name is ENOENT',
        'file': MAIN,
        'old': '\tif (len == 0 || len == MODULE_NAME_LEN)\n\t\treturn -ENOENT;\n',
        'new': '\tif (len == 0 || len == MODULE_NAME_LEN)\n\t\treturn -EINVAL;\n',
        'cases': ['symexport_bad_input.delete_module_of_name_no_module_can_have_fails_enoent'],
    },
    {
        'name': 'init_module_without_capability_check',
        'rule': 'loading needs CAP_SYS_MODULE',
        'file': MAIN,
        'old': 'static int may_init_module(void)\n{\n\tif (!capable(CAP_SYS_MODULE) || modules_disabled)\n',
        'new': 'static int may_init_module(void)\n{\n\tif (modules_disabled)\n',
        'cases': ['symexport_bad_input.load_without_cap_sys_module_fails_eperm'],
    },
    {
        'name': 'delete_module_without_capability_check',
        'rule': 'unloading needs CAP_SYS_MODULE',
        'file': MAIN,
        'old': '\tint ret, len, forced = 0;\n\n\tif (!capable(CAP_SYS_MODULE) || modules_disabled)\n',
        'new': '\tint ret, len, forced = 0;\n\n\tif (modules_disabled)\n',
        'cases': ['symexport_bad_input.unload_without_cap_sys_module_fails_eperm'],
    },
    {
        'name': 'modpost_namespace_import_not_checked',
        'text_since': (6, 12),
        'v7': {'old': '\t\t    !contains_namespace(&mod->imported_namespaces, exp->namespace)) {\n',
               'new': '\t\t    0) {\n'},
        'rule': 'modpost refuses a namespaced symbol that is not imported',
        'file': 'scripts/mod/modpost.c',
        'old': '\t\tif (!contains_namespace(&mod->imported_namespaces, exp->namespace)) {\n',
        'new': '\t\tif (0) {\n',
        'cases': ['symexport_build.modpost_refuses_namespaced_symbol_without_import'],
    },
    {
        'name': 'modpost_undefined_only_warns',
        'text_since': (6, 12),
        'v7': {'old': '\t\t\t\tmodpost_log(!warn_unresolved, mod,\n',
               'new': '\t\t\t\tmodpost_log(false, mod,\n'},
        'rule': 'modpost refuses an undefined symbol unless KBUILD_MODPOST_WARN is set',
        'file': 'scripts/mod/modpost.c',
        'old': '\t\t\t\tmodpost_log(!warn_unresolved,\n',
        'new': '\t\t\t\tmodpost_log(false,\n',
        'cases': ['symexport_build.consumer_build_without_kbuild_extra_symbols_fails_undefined'],
    },
    {
        'name': 'module_symvers_drops_gpl',
        'rule': 'Module.symvers records EXPORT_SYMBOL_GPL as such',
        'file': 'scripts/mod/modpost.c',
        'old': '\t\t\t\t   sym->is_gpl_only ? "_GPL" : "",\n',
        'new': '\t\t\t\t   "",\n',
        'cases': ['symexport_build.module_symvers_lists_each_export'],
    },
    {
        'name': 'new_module_starts_with_a_reference',
        'rule': 'a module nothing uses has no references',
        'file': MAIN,
        'old': '\tatomic_set(&mod->refcnt, MODULE_REF_BASE);\n',
        'new': '\tatomic_set(&mod->refcnt, MODULE_REF_BASE + 1);\n',
        'cases': ['symexport_refcount.unused_provider_has_no_references'],
    },
    {
        'name': 'malformed_parameter_silent',
        'rule': 'the kernel names a parameter value it cannot parse',
        'file': 'kernel/params.c',
        'old': '\t\t\tpr_err("%s: `%s\' invalid for parameter `%s\'\\n",\n',
        'new': '\t\t\tpr_debug("%s: `%s\' invalid for parameter `%s\'\\n",\n',
        'cases': ['symexport_bad_input.malformed_module_parameter_fails_einval'],
    },
    {
        'name': 'matching_crc_refused',
        'rule': 'with MODVERSIONS a symbol whose CRC matches is accepted',
        'config': 'modversions',
        'file': 'kernel/module/version.c',
        'old': '\t\tif (versions[i].crc == crcval)\n\t\t\treturn 1;\n',
        'new': '\t\tif (versions[i].crc == crcval)\n\t\t\treturn 0;\n',
        'cases': ['symexport_modversions.matching_crc_loads'],
    },
    {
        'name': 'module_without_exit_removed',
        'rule': 'a module with an init function and no exit function cannot be removed',
        'file': MAIN,
        'old': '\t\tforced = try_force_unload(flags);\n\t\tif (!forced) {\n',
        'new': '\t\tforced = try_force_unload(flags);\n\t\tif (0) {\n',
        'cases': ['symexport_force_unload.module_without_exit_refuses_removal_ebusy'],
    },
    {
        'name': 'o_trunc_forces_without_force_unload',
        'rule': 'without CONFIG_MODULE_FORCE_UNLOAD, O_TRUNC forces nothing',
        'file': MAIN,
        'old': 'static inline int try_force_unload(unsigned int flags)\n{\n\treturn 0;\n}\n',
        'new': 'static inline int try_force_unload(unsigned int flags)\n{\n\treturn flags & O_TRUNC;\n}\n',
        'cases': ['symexport_force_unload.removal_not_forced_without_force_unload'],
    },
]
