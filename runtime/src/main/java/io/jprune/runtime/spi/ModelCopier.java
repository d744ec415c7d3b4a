package io.jprune.runtime.spi;

import java.util.Objects;

/**
 * How an adapter makes a private copy of a running model: a copy whose weights jprune may set and whose forward
 * jprune may run on its own thread while the app's threads keep computing with the app's own weights. The
 * sensitivity sweep needs one, since the app's forward must never run on experimental weights.
 *
 * <p>An adapter that cannot copy its models returns {@link #unsupported(String)}, and the sweep refuses with that
 * reason.
 */
public interface ModelCopier {

    /** The copier of an adapter that has none: the engine says it cannot sweep, and why. */
    ModelCopier NONE = unsupported("its adapter cannot make a private copy of the model");

    /**
     * A private copy of the model rooted at {@code root}, holding the weights the app's model holds now. Called
     * while no change of the model is in progress, so that what the app's fields hold is one generation.
     *
     * @param root the app's root module
     * @param tree its module tree as the adapter discovered it
     * @throws UnsupportedOperationException with the reason when this model cannot be copied
     */
    PrivateCopy copy(Object root, ModuleNode tree);

    /** Why this adapter cannot copy a model, or {@code null} when it can try. */
    default String refusal() {
        return null;
    }

    /** A copier that refuses every model with {@code reason}. */
    static ModelCopier unsupported(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new ModelCopier() {
            @Override
            public PrivateCopy copy(Object root, ModuleNode tree) {
                throw new UnsupportedOperationException(reason);
            }

            @Override
            public String refusal() {
                return reason;
            }
        };
    }
}
