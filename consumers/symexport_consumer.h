/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a symexport consumer records about the provider symbols it uses,
 * for the KUnit suites to compare with the provider's own addresses.
 */
#ifndef _SYMEXPORT_CONSUMER_H
#define _SYMEXPORT_CONSUMER_H

/**
 * struct symexport_consumer_view - what a consumer's references resolved to
 * @add: address the loader wrote for symexport_provider_add
 * @gpl_mul: address the loader wrote for symexport_provider_gpl_mul
 * @counter: address the loader wrote for symexport_provider_counter
 * @private: address of the weak reference to symexport_provider_private
 * @add_result: symexport_provider_add(2, 3), called from the consumer's init
 * @gpl_mul_result: symexport_provider_gpl_mul(6, 7), called from init
 * @counter_value: symexport_provider_counter, read from init
 *
 * The addresses come from static initialisers, so they are exactly what the
 * module loader's relocations put there.
 */
struct symexport_consumer_view {
	const void *add;
	const void *gpl_mul;
	const void *counter;
	const void *private;
	int add_result;
	int gpl_mul_result;
	int counter_value;
};

#endif /* _SYMEXPORT_CONSUMER_H */
