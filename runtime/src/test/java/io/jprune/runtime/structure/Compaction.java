package io.jprune.runtime.structure;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.jprune.kernels.BitMask;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.CustomFromMask;
import io.jprune.runtime.prune.LnStructured;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PruningMethod;
import java.util.ArrayList;
import java.util.List;

/** Shared steps of the structure tests: pruning as a user would, running the analysis, comparing outputs. */
final class Compaction {
    private Compaction() {
    }

    /** {@code ln_structured(amount, n=2, dim)}. */
    static PruningMethod lnStructured(Amount amount, int dim) {
        return new LnStructured(amount, NormOrder.parse("2"), dim);
    }

    /** {@code ln_structured(0.5, n=2, dim=0)}: the prune. */
    static PruningMethod halfOfTheRows() {
        return lnStructured(Amount.fraction(0.5), 0);
    }

    /** A custom mask pruning exactly these output channels (rows along dim 0). */
    static PruningMethod rows(ToyLayer layer, int... rows) {
        int rowLength = layer.weight.length / layer.outChannels;
        BitMask mask = BitMask.ones(layer.weight.length);
        for (int row : rows) {
            for (int i = row * rowLength; i < (row + 1) * rowLength; i++) {
                mask.clear(i);
            }
        }
        return new CustomFromMask(mask);
    }

    static ModelStructure analyse(ToyModel model, List<float[]> captured) {
        return StructureAnalysis.of(model.describe()).run(new ToyTracer(model, captured));
    }

    static List<float[]> outputs(ToyModel model, List<float[]> inputs) {
        List<float[]> outputs = new ArrayList<>();
        for (float[] input : inputs) {
            outputs.add(model.forward(input.clone()));
        }
        return outputs;
    }

    /** Every output of the model equals the expected one to 1e-5 of the output's largest magnitude. */
    static void assertOutputsAgree(List<float[]> expected, ToyModel model, List<float[]> inputs) {
        OutputAgreement agreement = OutputAgreement.within(OutputAgreement.DEFAULT_TOLERANCE);
        for (int i = 0; i < inputs.size(); i++) {
            float[] actual = model.forward(inputs.get(i).clone());
            String disagreement = agreement.disagreement(expected.get(i), actual);
            assertNull(disagreement, "input " + i + ": " + disagreement);
        }
    }
}
