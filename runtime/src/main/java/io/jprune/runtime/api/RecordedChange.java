package io.jprune.runtime.api;

import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.record.Callers;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import java.util.List;

/**
 * What a change to record is, before it runs: its kind, the parameters it concerns, the method and amount.
 * {@link #run} makes the change through {@link Model#change} and records it, with the sparsity of those
 * parameters in the generation before and in the one published, so that a change that throws is never recorded.
 *
 * @param kind   what kind of change
 * @param params the parameters concerned; empty for the whole model
 * @param method the method as a person reads it, e.g. {@code ln_structured n=2 dim=0}; {@code ""} when none
 * @param amount the amount as given; {@code ""} when none
 */
record RecordedChange(ChangeKind kind, List<String> params, String method, String amount) {

    /** A change that concerns the whole model and takes no method. */
    static RecordedChange of(ChangeKind kind) {
        return new RecordedChange(kind, List.of(), "", "");
    }

    /** A change of one parameter that takes no method. */
    static RecordedChange of(ChangeKind kind, String param) {
        return new RecordedChange(kind, List.of(param), "", "");
    }

    /** Applies {@code change} to {@code model} and records it; returns the change's summary. */
    String run(Model model, Model.StateChange<String> change) {
        double[] sparsityBefore = new double[1];
        ModelState[] after = new ModelState[1];
        long start = System.nanoTime();
        String summary = model.change(current -> {
            // counted before the install: an untouched parameter's values are read from the app
            sparsityBefore[0] = Sparsity.of(model, current, params);
            Model.Outcome<String> outcome = change.apply(current);
            after[0] = outcome.next();
            return outcome;
        });
        record(model, sparsityBefore[0], after[0], System.nanoTime() - start, summary);
        return summary;
    }

    /** The sparsity of this change's parameters in {@code state}, read before it is changed. */
    double sparsity(Model model, ModelState state) {
        return Sparsity.of(model, state, params);
    }

    /** Records a change made some other way, from sparsity {@code before} to generation {@code after}. */
    void record(Model model, double before, ModelState after, long durationNanos, String summary) {
        model.changeLog().record(new ModelChange(model.name(), kind, String.join(",", params), method, amount,
                before, Sparsity.of(model, after, params), durationNanos, Callers.current(), summary));
    }
}
