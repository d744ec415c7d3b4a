package io.jprune.agent;

import io.jprune.kernels.Backend;
import io.jprune.kernels.Backends;
import io.jprune.kernels.Kernels;

/**
 * Which kernels compute the masks in this JVM, decided once at start, with the reason in words for the
 * Agent MBean's {@code Backend} attribute.
 *
 * @param kernels     the kernels to use
 * @param description e.g. {@code cpu: libcuda.so.1 not found} or {@code cuda: NVIDIA H100 ...}
 */
public record BackendChoice(Kernels kernels, String description) {

    /**
     * Chooses for {@code requested} ({@code auto}, {@code cpu} or {@code gpu}) through {@link Backends}. With
     * {@code auto}, anything going wrong while probing CUDA means the CPU, since a GPU problem must never stop
     * the app; with {@code gpu}, it is an error, as the person asked for the GPU.
     *
     * @throws IllegalStateException when {@code gpu} was requested and CUDA cannot be used, with the reason
     */
    public static BackendChoice choose(String requested) {
        try {
            Backend backend = Backends.select(requested);
            return new BackendChoice(backend.kernels(), backend.description());
        } catch (RuntimeException | LinkageError e) {
            if ("gpu".equals(requested)) {
                throw e instanceof IllegalStateException state ? state
                        : new IllegalStateException("backend gpu was requested but CUDA cannot be used: " + e, e);
            }
            return new BackendChoice(Backends.cpu(), "cpu: probing CUDA failed: " + e);
        }
    }
}
