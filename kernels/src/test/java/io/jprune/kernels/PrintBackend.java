package io.jprune.kernels;

/**
 * A child JVM's main (and the device check's first step): prints the backend chosen for each mode
 * given, in one JVM; {@code configured} reads -Djprune.backend, twice, to show that every call gets
 * the same answer.
 */
public final class PrintBackend {
    private PrintBackend() {
    }

    public static void main(String[] modes) {
        for (String mode : modes) {
            int times = mode.equals("configured") ? 2 : 1;
            for (int i = 0; i < times; i++) {
                try {
                    Backend backend = mode.equals("configured") ? Backends.configured() : Backends.select(mode);
                    System.out.println("backend: " + backend.description());
                } catch (RuntimeException e) {
                    System.out.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }
}
