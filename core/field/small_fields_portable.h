/* small_fields_portable.h — the portable by-value reference for the small STARK fields:
 * BabyBear with its degree-4 extension (babybear.h) and Goldilocks with its degree-2
 * extension (goldilocks.h); functions zka_<field>_<op>_ref.  Include this from any target:
 * host C, OpenCL C (via the embedded kernel source), CUDA, HLS. */
#ifndef ZKA_SMALL_FIELDS_PORTABLE_H
#define ZKA_SMALL_FIELDS_PORTABLE_H
#include "babybear.h"
#include "goldilocks.h"
#endif
