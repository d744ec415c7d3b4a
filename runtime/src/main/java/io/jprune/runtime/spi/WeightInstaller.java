package io.jprune.runtime.spi;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.util.ArrayList;
import java.util.List;

/**
 * How one new generation of a model's weights reaches the app. The engine decides what changes (which parameter
 * gets which value, which int dim gets which size) and when (only while no forward of the model runs); the
 * adapter decides how: plain Java swaps one field reference per parameter, a native framework writes tensors in
 * place, a session-based runtime rebuilds its session once from all the values at {@link Installation#commit()}.
 *
 * <p>All or none: the engine stages every write of a generation in one {@link Installation}, then commits it;
 * if a write or the commit throws, it rolls the installation back, and the app must then compute exactly as it
 * did before {@link #begin()}.
 */
public interface WeightInstaller {

    /**
     * Writes each value into the app at once, and rolls back by writing the previous values back in reverse order:
     * right for an app that reads a parameter through one reference per forward (a field holding an array), where
     * a swapped reference is the whole change. A value equal by identity to what the app holds is not written.
     */
    WeightInstaller PER_REFERENCE = PerReferenceInstallation::new;

    /** Starts applying one generation; called with no forward of the model running. */
    Installation begin();

    /**
     * Told that a value jprune gave the app (one made by {@link TensorForm#toAppValue(float[])}) is used by no
     * generation any longer: an adapter whose values hold memory outside the Java heap (a native tensor, a
     * session) frees it here. Also called with the app's own objects when a generation drops them (after
     * {@code remove}); an adapter ignores values it did not create. Never called for a value the app still reads.
     */
    default void release(ParameterHandle parameter, Object appValue) {
    }

    /** One generation being applied: every write of it, then exactly one of {@link #commit()} or {@link #rollBack()}. */
    interface Installation {

        /** Gives {@code parameter} the value {@code appValue} (in the parameter's app form) in this generation. */
        void write(ParameterHandle parameter, Object appValue);

        /** Gives the int field {@code dim} (a size the app's loops run to) the value {@code value}. */
        void write(DimHandle dim, int value);

        /** Makes every write visible to the app's next forward, all at once. */
        void commit();

        /**
         * Undoes every write of this installation: the app computes as before {@link WeightInstaller#begin()}.
         * Must not throw for a failure to put one value back; it reports that and goes on with the others.
         */
        void rollBack();
    }

    /** {@link #PER_REFERENCE}'s installation: immediate writes, remembered for a rollback. */
    final class PerReferenceInstallation implements Installation {
        private record Undo(String name, Runnable action) {
        }

        private final List<Undo> undo = new ArrayList<>();

        @Override
        public void write(ParameterHandle parameter, Object appValue) {
            Object previous = parameter.read();
            if (previous != appValue) {
                parameter.write(appValue);
                undo.add(new Undo(parameter.name(), () -> parameter.write(previous)));
            }
        }

        @Override
        public void write(DimHandle dim, int value) {
            int previous = dim.read();
            if (previous != value) {
                dim.write(value);
                undo.add(new Undo(dim.name(), () -> dim.write(previous)));
            }
        }

        @Override
        public void commit() {
            undo.clear();
        }

        @Override
        public void rollBack() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).action().run();
                } catch (RuntimeException | Error e) {
                    DiagnosticLog.failureOnce("putting back " + undo.get(i).name() + " after a failed install", e);
                }
            }
            undo.clear();
        }
    }
}
