package io.jprune.kernels.cuda;

/**
 * A CUDA driver call failed. It is an {@link IllegalStateException} because the operation could not
 * run on this device at this moment, not because its arguments were wrong; the auto backend catches it
 * and computes on the CPU instead, so a sick GPU never breaks the host application.
 */
public final class CudaException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** CUDA_ERROR_OUT_OF_MEMORY, the one failure worth a retry after freeing cached device copies. */
    static final int OUT_OF_MEMORY = 2;

    private final int code;

    CudaException(String message) {
        super(message);
        this.code = -1;
    }

    private CudaException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /**
     * A failure on the GPU path that is not the driver's answer (JavaCPP's own exceptions, a missing
     * native symbol, a null pointer from the bindings), as a CudaException, so that the auto backend falls
     * back on it and the gpu backend reports it in the same one-line form as a driver error.
     */
    static CudaException unexpected(Throwable t) {
        return new CudaException("the GPU call failed unexpectedly: " + CudaProbe.describe(t), t);
    }

    CudaException(String operation, int code, String errorName) {
        super(operation + " failed: " + errorName);
        this.code = code;
    }

    /** The CUresult, or -1 when the failure was found by jprune itself rather than reported by the driver. */
    public int code() {
        return code;
    }

    boolean outOfMemory() {
        return code == OUT_OF_MEMORY;
    }
}
