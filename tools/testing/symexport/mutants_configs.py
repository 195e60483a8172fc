# SPDX-License-Identifier: GPL-2.0-only
"""The rules proved in the other configurations.

Mutants that only the force_unload configuration (forced removal), the
debug configuration (kmemleak, might_sleep, lockdep) and the builtin and
builtin_provider configurations (a provider and consumers built into the
kernel) catch; some of them break our own modules rather than the
kernel.

Part of mutants.py's MUTANTS, in the order mutate runs them; the keys
are explained there.
"""

from mutants_common import MAIN, SUB

MUTANTS = [
    {
        'name': 'forced_removal_refused',
        'rule': 'with CONFIG_MODULE_FORCE_UNLOAD, O_TRUNC removes a module held only by references',
        'config': 'force_unload',
        'file': MAIN,
        'old': '\tint ret = (flags & O_TRUNC);\n',
        'new': '\tint ret = 0;\n',
        'cases': ['symexport_force_unload.forced_removal_releases_module_held_by_reference_tainting_r',
                  'symexport_force_unload.forced_removal_of_module_without_exit_taints_r'],
    },
    {
        'name': 'forced_removal_does_not_taint',
        'rule': 'a forced removal taints the kernel R',
        'config': 'force_unload',
        'file': MAIN,
        'old': '\t\tadd_taint(TAINT_FORCED_RMMOD, LOCKDEP_NOW_UNRELIABLE);\n',
        'new': '\t\t;\n',
        'cases': ['symexport_force_unload.forced_removal_releases_module_held_by_reference_tainting_r',
                  'symexport_force_unload.forced_removal_of_module_without_exit_taints_r'],
    },
    {
        'name': 'forced_removal_ignores_dependents',
        'rule': 'even forced, a module another module depends on is not removed',
        'config': 'force_unload',
        'file': MAIN,
        'old': '\tif (!list_empty(&mod->source_list)) {\n',
        'new': '\tif (!list_empty(&mod->source_list) && !(flags & O_TRUNC)) {\n',
        'cases': ['symexport_force_unload.forced_removal_refused_while_dependent_loaded'],
    },
    {
        'name': 'module_args_leaked',
        # 7.x keeps no module argument string to leak.
        'v7': None,
        'rule': 'unloading a module frees everything loading it allocated (kmemleak)',
        'config': 'debug',
        'file': MAIN,
        'old': '\tkfree(mod->args);\n\tpercpu_modfree(mod);\n',
        'new': '\tpercpu_modfree(mod);\n',
        'cases': ['symexport_kmemleak.module_loads_and_unloads_leave_no_unreferenced_memory'],
    },
    {
        'name': 'module_use_leaked',
        # The loader's own leak on every kernel: the record of a
        # dependency (struct module_use) is unlinked but never freed.
        'rule': 'unloading a consumer frees the record of its dependency (kmemleak)',
        'config': 'debug',
        'glob': 'symexport_kmemleak.*',
        'file': MAIN,
        'old': '\t\tlist_del(&use->target_list);\n\t\tkfree(use);\n',
        'new': '\t\tlist_del(&use->target_list);\n',
        'cases': ['symexport_kmemleak.module_loads_and_unloads_leave_no_unreferenced_memory'],
    },
    {
        'name': 'consumer_leaks_on_load',
        'rule': 'loading and unloading leave no unreferenced memory (a module that leaks)',
        'config': 'debug',
        'glob': 'symexport_kmemleak.*',
        'file': SUB + '/consumers/symexport_consumer.c',
        'old': '\tsymexport_consumer_view.counter_value = symexport_provider_counter;\n'
               '\treturn 0;\n',
        # Kept in the module's data, which the unload frees, as the loader
        # kept mod->args.  Survived on 7.3 until the debug configuration
        # turned slab debugging on (SLUB's sheaves kept the pointer).
        'new': '\tsymexport_consumer_view.counter_value = symexport_provider_counter;\n'
               '\tsymexport_consumer_leak = kmalloc(64, GFP_KERNEL);\n'
               '\treturn 0;\n',
        'also': ('#include <linux/module.h>\n',
                 '#include <linux/module.h>\n#include <linux/slab.h>\n\nvoid *symexport_consumer_leak;\n'),
        'cases': ['symexport_kmemleak.module_loads_and_unloads_leave_no_unreferenced_memory'],
    },
    {
        'name': 'try_module_get_might_sleep',
        'text_since': (6, 12),
        'rule': 'no boot of the debug kernel reports sleeping in atomic context',
        'config': 'debug',
        'glob': '*',
        'file': MAIN,
        'old': '\tbool ret = true;\n\n\tif (module) {\n\t\t/* Note: here, we can fail to get a reference */\n',
        'new': '\tbool ret = true;\n\n\tmight_sleep();\n\tif (module) {\n'
               '\t\t/* Note: here, we can fail to get a reference */\n',
        'cases': ['symexport_console.debug_boots_print_no_warning_bug_or_leak'],
    },
    {
        'name': 'registry_inverts_lock_order',
        'rule': 'no boot of the debug kernel reports a lockdep splat (a module taking two locks in both orders)',
        'config': 'debug',
        'glob': 'symexport_lifetime.*',
        'file': SUB + '/providers/symexport_registry.c',
        'old': 'static DEFINE_MUTEX(callbacks_lock);\n',
        'new': 'static DEFINE_MUTEX(callbacks_lock);\nstatic DEFINE_MUTEX(other_lock);\n',
        'also': ('\tmutex_lock(&callbacks_lock);\n\tlist_del(&cb->node);\n\tmutex_unlock(&callbacks_lock);\n',
                 '\tmutex_lock(&callbacks_lock);\n\tmutex_lock(&other_lock);\n\tlist_del(&cb->node);\n'
                 '\tmutex_unlock(&other_lock);\n\tmutex_unlock(&callbacks_lock);\n'
                 '\tmutex_lock(&other_lock);\n\tmutex_lock(&callbacks_lock);\n'
                 '\tmutex_unlock(&callbacks_lock);\n\tmutex_unlock(&other_lock);\n'),
        'cases': ['symexport_console.debug_boots_print_no_warning_bug_or_leak'],
    },
    {
        'name': 'builtin_provider_removal_einval',
        'rule': 'a built-in provider is no module: delete_module() finds nothing (ENOENT)',
        'config': 'builtin',
        'file': MAIN,
        'old': '\tmod = find_module(name);\n\tif (!mod) {\n\t\tret = -ENOENT;\n',
        'new': '\tmod = find_module(name);\n\tif (!mod) {\n\t\tret = -EINVAL;\n',
        'cases': ['symexport_builtin.builtin_provider_cannot_be_removed'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'builtin_symbol_get_refused',
        'v7': {'old': '\t\tif (strong_try_module_get(fsa.owner))\n\t\t\treturn NULL;\n',
               'new': '\t\tif (!fsa.owner || strong_try_module_get(fsa.owner))\n\t\t\treturn NULL;\n'},
        'rule': 'symbol_get() of a built-in export succeeds: there is no module to pin',
        'config': 'builtin',
        'file': MAIN,
        'old': '\tif (strong_try_module_get(fsa.owner))\n\t\tgoto fail;\n',
        'new': '\tif (!fsa.owner || strong_try_module_get(fsa.owner))\n\t\tgoto fail;\n',
        'cases': ['symexport_builtin.symbol_get_of_builtin_export_has_no_owner_module'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'builtin_provider_exports_private_global',
        'rule': 'symbol_get() finds no unexported global, built in too',
        'config': 'builtin',
        'file': SUB + '/providers/symexport_provider.c',
        'old': 'int symexport_provider_private = SYMEXPORT_PROVIDER_PRIVATE_INIT;\n',
        'new': 'int symexport_provider_private = SYMEXPORT_PROVIDER_PRIVATE_INIT;\n'
               'EXPORT_SYMBOL_GPL(symexport_provider_private);\n',
        'cases': ['symexport_builtin.builtin_consumer_links_unexported_global'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'builtin_consumer_not_linked_to_private_global',
        'rule': 'a built-in consumer is linked to an unexported global',
        'config': 'builtin',
        'file': SUB + '/consumers/symexport_consumer.c',
        'old': '\t.private = &symexport_provider_private,\n',
        'new': '\t.private = NULL,\n',
        'cases': ['symexport_builtin.builtin_consumer_links_unexported_global'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'builtin_functions_resolve_to_each_other',
        'rule': 'a consumer module resolves its references to the built-in provider',
        'config': 'builtin_provider',
        'file': MAIN,
        'old': '\t\t\tksym = resolve_symbol_wait(mod, info, name);\n',
        'new': '\t\t\tksym = resolve_symbol_wait(mod, info, !strcmp(name, "symexport_provider_add") ? "symexport_provider_gpl_mul" : !strcmp(name, "symexport_provider_gpl_mul") ? "symexport_provider_add" : name);\n',
        'cases': ['symexport_builtin.consumer_references_resolve_to_builtin_provider'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'builtin_provider_built_as_module',
        'rule': 'a provider configured =y is part of the kernel image, owned by no module',
        'config': 'builtin_provider',
        'file': SUB + '/providers/Makefile',
        'old': 'obj-$(CONFIG_SYMEXPORT_PROVIDER) += symexport_provider.o\n',
        'new': 'obj-m += symexport_provider.o\n',
        'cases': ['symexport_builtin.builtin_provider_owns_no_module'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'builtin_export_user_depends_on_itself',
        'rule': 'using a built-in export records no dependency',
        'config': 'builtin_provider',
        'file': MAIN,
        'old': '\tif (b == NULL || already_uses(a, b))\n\t\treturn 0;\n',
        'new': '\tif (b == NULL)\n\t\treturn add_module_usage(a, a);\n'
               '\tif (already_uses(a, b))\n\t\treturn 0;\n',
        'cases': ['symexport_builtin.consumer_module_of_builtin_provider_depends_on_nothing'],
        'glob': 'symexport_builtin.*',
    },
    {
        'name': 'modpost_allows_reexport_of_vmlinux_symbol',
        'rule': 'modpost refuses an external module that exports a symbol vmlinux exports',
        'config': 'builtin_provider',
        'file': 'scripts/mod/modpost.c',
        'old': '\tif (s && (!external_module || s->module->is_vmlinux || s->module == mod)) {\n',
        'new': '\tif (s && (!external_module || s->module == mod)) {\n',
        'cases': ['symexport_build.modpost_refuses_module_exporting_symbol_vmlinux_exports'],
        'glob': 'symexport_builtin.*',
    },
]
