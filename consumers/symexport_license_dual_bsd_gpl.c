// SPDX-License-Identifier: GPL-2.0-only
/* symexport_provider_gpl_mul() used by a module with MODULE_LICENSE("Dual BSD/GPL"). */
#define SYMEXPORT_LICENSE "Dual BSD/GPL"
#include "symexport_license_consumer.c"
