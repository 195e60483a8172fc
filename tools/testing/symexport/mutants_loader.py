# SPDX-License-Identifier: GPL-2.0-only
"""The loader's references, unloading and symbol resolution.

Mutants of kernel/module/main.c that break how a dependency takes and
gives back its reference on the provider, how try_module_get(),
module_put(), __module_get() and symbol_get() count, when delete_module()
refuses or removes a module, and what an unresolved or resolved symbol
gives; and two of our own: a provider that exports its private global,
a helper whose cleanup leaves modules loaded.

Part of mutants.py's MUTANTS, in the order mutate runs them; the keys
are explained there.
"""

from mutants_common import MAIN, SUB

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
        'cases': ['symexport_load_order.consumer_loads_after_provider',
                  'symexport_lifetime.consumer_waits_for_provider_init_then_resolves'],
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
        'cases': ['symexport_refcount.get_and_put_move_refcount_by_one'],
    },
    {
        'name': 'module_put_drops_nothing',
        'rule': 'module_put() drops one reference',
        'file': MAIN,
        'old': '\t\tret = atomic_dec_if_positive(&module->refcnt);\n',
        'new': '\t\tret = atomic_read(&module->refcnt);\n',
        'cases': ['symexport_refcount.get_and_put_move_refcount_by_one'],
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
        'v7': {'old': '\t\tif (strong_try_module_get(fsa.owner))\n\t\t\treturn NULL;\n',
               'new': '\t\tif (0)\n\t\t\treturn NULL;\n'},
        'rule': 'symbol_get() pins the owner of the symbol',
        'file': MAIN,
        'old': '\tif (strong_try_module_get(fsa.owner))\n\t\tgoto fail;\n',
        'new': '\tif (0)\n\t\tgoto fail;\n',
        'cases': ['symexport_refcount.get_and_put_move_refcount_by_one'],
    },
    {
        'name': 'delete_module_ignores_references',
        'rule': 'delete_module() refuses a module that is in use',
        'file': MAIN,
        'old': '\tif (try_release_module_ref(mod) != 0) {\n',
        'new': '\tif (try_release_module_ref(mod) != 0 && 0) {\n',
        'cases': ['symexport_unload.provider_unload_blocked_while_reference_held'],
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
        'old': '\tint ret = modctl_unload(NULL, module, "");\n',
        'new': '\tint ret = 0;\n',
        'cases': ['symexport_refcount.consumer_dependency_adds_one_reference'],
        'glob': 'symexport_refcount.*',
    },
]
