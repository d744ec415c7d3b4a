package io.jprune.runtime.record;

import java.util.Objects;

/**
 * One change to a model, as recorded: what was done, to which parameters, what it did to their sparsity, how
 * long it took and who asked. Immutable.
 *
 * @param model          the model's name over JMX, e.g. {@code LeNet}
 * @param kind           what kind of change
 * @param parameter      the parameters concerned, comma-separated; {@code ""} for the whole model
 * @param method         the PyTorch method and its arguments, e.g. {@code l1_unstructured}; {@code ""} when none
 * @param amount         the amount as given ({@code "0.3"}, {@code "16"}); {@code ""} when none
 * @param sparsityBefore the fraction of zero entries in the concerned parameters' effective weights before
 * @param sparsityAfter  the same fraction after
 * @param durationNanos  how long the change took, from the call to its publication
 * @param caller         who asked: {@code jmx <connection>} for a remote JMX client, {@code in-process} otherwise
 * @param summary        the line the caller was given
 */
public record ModelChange(String model, ChangeKind kind, String parameter, String method, String amount,
                          double sparsityBefore, double sparsityAfter, long durationNanos, String caller,
                          String summary) {

    public ModelChange {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        parameter = parameter == null ? "" : parameter;
        method = method == null ? "" : method;
        amount = amount == null ? "" : amount;
        caller = caller == null ? "" : caller;
        summary = summary == null ? "" : summary;
    }
}
