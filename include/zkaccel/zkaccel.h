/* zkaccel.h — the umbrella header: everything the library offers today. */
#ifndef ZKACCEL_H
#define ZKACCEL_H
#include "status.h"
#include "field.h"
#include "field_small.h"
#include "curve.h"
#include "pairing.h"
#include "device.h"
#include "ntt.h"
#include "msm.h"
#include "hash.h"
#include "groth16.h"
#include "zkvm.h"
#endif
