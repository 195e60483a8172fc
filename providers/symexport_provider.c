// SPDX-License-Identifier: GPL-2.0-only
/*
 * The provider: a module that exports a function with EXPORT_SYMBOL, one
 * with EXPORT_SYMBOL_GPL, one of each in a namespace, and a variable, and
 * keeps one global to itself.
 */
#include <linux/export.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "symexport_provider.h"

int symexport_provider_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_provider_add);

int symexport_provider_gpl_mul(int a, int b)
{
	return a * b;
}
EXPORT_SYMBOL_GPL(symexport_provider_gpl_mul);

int symexport_provider_ns_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL_NS(symexport_provider_ns_add, SYMEXPORT_NS);

int symexport_provider_ns_gpl_mul(int a, int b)
{
	return a * b;
}
EXPORT_SYMBOL_NS_GPL(symexport_provider_ns_gpl_mul, SYMEXPORT_NS);

int symexport_provider_counter = SYMEXPORT_PROVIDER_COUNTER_INIT;
EXPORT_SYMBOL(symexport_provider_counter);

/* A parameter, for the cases that give the loader malformed ones. */
static int answer = 42;
module_param(answer, int, 0444);
MODULE_PARM_DESC(answer, "an int parameter");

/* Global, but not exported: no other module can link against it. */
int symexport_provider_private = SYMEXPORT_PROVIDER_PRIVATE_INIT;

MODULE_DESCRIPTION("symexport provider: exports functions and data");
MODULE_LICENSE("GPL");
