# SPDX-License-Identifier: GPL-2.0-only
"""Deliberately broken kernels and modules, one rule each.

Every entry breaks one rule the suites prove, with a one-line change to
the kernel's module loader (kernel/module/main.c) or to one of our own
modules or helpers, and names the cases that must go red when it does.
`mutate` applies each in turn, runs those cases, and reverts the change.
A mutant that leaves its cases green means the cases cannot fail: a defect.
"""

MAIN = 'kernel/module/main.c'
SUB = '{subdir}'  # replaced by the project's place in the kernel tree

MUTANTS = [
    {
        'name': 'dependency_takes_two_references',
        'rule': 'a dependency takes exactly one reference on its provider',
        'file': MAIN,
        'old': '\terr = strong_try_module_get(b);\n\tif (err)\n\t\treturn err;\n',
        'new': '\terr = strong_try_module_get(b) ?: strong_try_module_get(b);\n'
               '\tif (err)\n\t\treturn err;\n',
        'cases': ['symexport_refcount.consumer_dependency_adds_one_reference',
                  'symexport_refcount.two_consumers_add_two_references'],
    },
    {
        'name': 'dependency_not_recorded',
        'rule': 'the kernel records which module uses which (lsmod "Used by")',
        'file': MAIN,
        'old': '\terr = add_module_usage(a, b);\n',
        'new': '\terr = 0;\n',
        'cases': ['symexport_load_order.consumer_loads_after_provider'],
    },
    {
        'name': 'consumer_unload_keeps_reference',
        'rule': 'unloading a consumer gives its reference back',
        'file': MAIN,
        'old': '\t\tmodule_put(i);\n',
        'new': '\t\t;\n',
        'cases': ['symexport_refcount.consumer_unload_returns_reference'],
    },
    {
        'name': 'try_module_get_takes_no_reference',
        'rule': 'try_module_get() takes one reference',
        'file': MAIN,
        'old': 'atomic_inc_not_zero(&module->refcnt) != 0))',
        'new': 'atomic_read(&module->refcnt) != 0))',
        'cases': ['symexport_refcount.try_module_get_and_module_put_move_refcount_by_one'],
    },
    {
        'name': 'module_put_drops_nothing',
        'rule': 'module_put() drops one reference',
        'file': MAIN,
        'old': '\t\tret = atomic_dec_if_positive(&module->refcnt);\n',
        'new': '\t\tret = atomic_read(&module->refcnt);\n',
        'cases': ['symexport_refcount.try_module_get_and_module_put_move_refcount_by_one'],
    },
    {
        'name': '__module_get_takes_two_references',
        'rule': '__module_get() takes one reference',
        'file': MAIN,
        'old': '\t\tatomic_inc(&module->refcnt);\n',
        'new': '\t\tatomic_add(2, &module->refcnt);\n',
        'cases': ['symexport_refcount.__module_get_and_module_put_move_refcount_by_one'],
    },
    {
        'name': 'symbol_get_takes_no_reference',
        'rule': 'symbol_get() pins the owner of the symbol',
        'file': MAIN,
        'old': '\tif (strong_try_module_get(fsa.owner))\n\t\tgoto fail;\n',
        'new': '\tif (0)\n\t\tgoto fail;\n',
        'cases': ['symexport_refcount.symbol_get_and_symbol_put_move_refcount_by_one'],
    },
    {
        'name': 'delete_module_ignores_references',
        'rule': 'delete_module() refuses a module that is in use',
        'file': MAIN,
        'old': '\tif (try_release_module_ref(mod) != 0) {\n',
        'new': '\tif (try_release_module_ref(mod) != 0 && 0) {\n',
        'cases': ['symexport_unload.provider_unload_blocked_while_module_reference_held'],
    },
    {
        'name': 'delete_module_ignores_references_symbol_get',
        'rule': 'delete_module() refuses a module pinned by symbol_get()',
        'file': MAIN,
        'old': '\tif (try_release_module_ref(mod) != 0) {\n',
        'new': '\tif (try_release_module_ref(mod) != 0 && 0) {\n',
        'cases': ['symexport_unload.provider_unload_blocked_while_symbol_get_reference_held'],
    },
    {
        'name': 'delete_module_ignores_users',
        'rule': 'delete_module() refuses a provider whose consumer is loaded',
        'file': MAIN,
        'old': '\tif (!list_empty(&mod->source_list)) {\n',
        'new': '\tif (0) {\n',
        # The consumer's reference blocks the unload too: break both.
        'also': ('\tif (try_release_module_ref(mod) != 0) {\n',
                 '\tif (try_release_module_ref(mod) != 0 && 0) {\n'),
        'cases': ['symexport_unload.provider_unload_blocked_while_consumer_loaded'],
    },
    {
        'name': 'delete_module_removes_nothing',
        'rule': 'delete_module() of an unused module removes it',
        'file': MAIN,
        'old': '\tif (!list_empty(&mod->source_list)) {\n'
               '\t\t/* Other modules depend on us: get rid of them first. */\n'
               '\t\tret = -EWOULDBLOCK;\n',
        'new': '\tif (1) {\n'
               '\t\t/* Other modules depend on us: get rid of them first. */\n'
               '\t\tret = list_empty(&mod->source_list) ? 0 : -EWOULDBLOCK;\n',
        'cases': ['symexport_unload.reverse_order_unload_succeeds'],
    },
    {
        'name': 'delete_module_not_loaded_einval',
        'rule': 'delete_module() of a module that is not loaded is ENOENT',
        'file': MAIN,
        'old': '\tmod = find_module(name);\n\tif (!mod) {\n\t\tret = -ENOENT;\n',
        'new': '\tmod = find_module(name);\n\tif (!mod) {\n\t\tret = -EINVAL;\n',
        'cases': ['symexport_unload.unload_of_module_not_loaded_fails_enoent'],
    },
    {
        'name': 'unknown_symbol_einval',
        'rule': 'an unresolved symbol fails the load with ENOENT',
        'file': MAIN,
        'old': '\t\t\tret = PTR_ERR(ksym) ?: -ENOENT;\n',
        'new': '\t\t\tret = PTR_ERR(ksym) ?: -EINVAL;\n',
        'cases': ['symexport_load_order.consumer_load_before_provider_fails_enoent'],
    },
    {
        'name': 'unknown_symbol_silent',
        'rule': 'the kernel names the symbol it could not resolve',
        'file': MAIN,
        'old': '\t\t\tpr_warn("%s: Unknown symbol %s (err %d)\\n",\n',
        'new': '\t\t\tpr_debug("%s: Unknown symbol %s (err %d)\\n",\n',
        'cases': ['symexport_load_order.consumer_load_before_provider_fails_enoent'],
    },
    {
        'name': 'functions_resolve_to_each_other',
        'rule': 'a reference to an exported function resolves to that function',
        'file': MAIN,
        'old': '\t\t\tksym = resolve_symbol_wait(mod, info, name);\n',
        'new': '\t\t\tksym = resolve_symbol_wait(mod, info, !strcmp(name, "symexport_provider_add") ? "symexport_provider_gpl_mul" : !strcmp(name, "symexport_provider_gpl_mul") ? "symexport_provider_add" : name);\n',
        'cases': ['symexport_resolution.export_symbol_function_resolves_to_provider_address',
                  'symexport_resolution.export_symbol_gpl_function_resolves_to_provider_address'],
    },
    {
        'name': 'data_resolves_off_by_four',
        'rule': 'a reference to an exported variable resolves to that variable',
        'file': MAIN,
        'old': '\t\t\t\tsym[i].st_value = kernel_symbol_value(ksym);\n',
        'new': '\t\t\t\tsym[i].st_value = kernel_symbol_value(ksym) + (strcmp(name, "symexport_provider_counter") ? 0 : 4);\n',
        'cases': ['symexport_resolution.exported_variable_resolves_to_provider_address'],
    },
    {
        'name': 'provider_exports_private_global',
        'rule': 'a global the provider does not export is not resolvable',
        'file': SUB + '/providers/symexport_provider.c',
        'old': 'int symexport_provider_private = SYMEXPORT_PROVIDER_PRIVATE_INIT;\n',
        'new': 'int symexport_provider_private = SYMEXPORT_PROVIDER_PRIVATE_INIT;\n'
               'EXPORT_SYMBOL_GPL(symexport_provider_private);\n',
        'cases': ['symexport_resolution.unexported_global_is_not_resolvable'],
    },
    {
        'name': 'cleanup_leaves_modules_loaded',
        'rule': 'every case leaves no module loaded (checked by the next case)',
        'file': SUB + '/kunit/symexport_helpers.c',
        'old': '\tint ret = modctl_unload(module, false);\n',
        'new': '\tint ret = 0;\n',
        'cases': ['symexport_refcount.consumer_dependency_adds_one_reference'],
        'glob': 'symexport_refcount.*',
    },
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
        'rule': 'symbol_get() finds only EXPORT_SYMBOL_GPL symbols (since 6.5)',
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
        'rule': 'KBUILD_MODPOST_WARN turns an undefined symbol into a warning',
        'file': 'scripts/mod/modpost.c',
        'old': '\t\t\t\tmodpost_log(!warn_unresolved,\n',
        'new': '\t\t\t\tmodpost_log(true,\n',
        'cases': ['symexport_build.modpost_warn_turns_undefined_symbol_into_warning'],
    },
]
