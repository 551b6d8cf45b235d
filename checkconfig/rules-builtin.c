// SPDX-License-Identifier: LGPL-2.1-or-later
/* rules_builtin: data/checkconfig.rules parsed at build time into C data
 * by checkconfig/gen/rules-gen (the generated file is in the build
 * directory).  A plain audit then reads the installed rules file and, when
 * it is still this text, skips parsing it (rules_load_image()). */
#include "rules-builtin.inc"
