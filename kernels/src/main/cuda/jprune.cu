// The one translation unit that build-ptx.sh compiles to jprune.ptx; each included file holds the
// kernels of one Kernels operation.
#include "masked_multiply.cu"
#include "radix_select.cu"
#include "slice_norms.cu"
#include "channels.cu"
#include "count_zeros.cu"
