package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** How a GPU failure that is not a driver error reads, for the gpu backend's callers and the auto backend's log. */
class CudaExceptionTest {

    @Test
    void anUnexpectedFailureNamesItsInnermostCauseAndKeepsIt() {
        RuntimeException wrapped = new RuntimeException("JavaCPP", new NullPointerException("pointer was null"));
        CudaException e = CudaException.unexpected(wrapped);
        assertEquals("the GPU call failed unexpectedly: NullPointerException: pointer was null", e.getMessage());
        assertEquals(-1, e.code());
        assertSame(wrapped, e.getCause());
    }
}
