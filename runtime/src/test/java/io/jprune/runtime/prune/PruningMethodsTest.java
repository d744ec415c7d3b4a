package io.jprune.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table every surface reads: names, labels, constructors with PyTorch's checks, global's choices. */
class PruningMethodsTest {
    private final PruningArguments arguments = PruningArguments.NONE.withAmount(Amount.parse("0.5"))
            .withN(NormOrder.parse("2")).withDim(-1).withSeed(7);

    @Test
    void rowsAreListedUnderPyTorchsNamesInTheOrderPeopleSeeThem() {
        assertEquals(List.of("identity", "random_unstructured", "l1_unstructured", "random_structured",
                "ln_structured", "global_unstructured", "custom_from_mask"),
                Arrays.stream(PruningMethods.values()).map(PruningMethods::pytorchName).toList());
        assertEquals(PruningMethods.LN_STRUCTURED, PruningMethods.named("ln_structured").orElseThrow());
        assertEquals(List.of(PruningArgument.AMOUNT, PruningArgument.N, PruningArgument.DIM),
                PruningMethods.LN_STRUCTURED.required());
    }

    @Test
    void eachRowBuildsItsMethodAndLabelsItsSummary() {
        assertEquals("LnStructured(amount=0.5, n=2, dim=-1)",
                PruningMethods.LN_STRUCTURED.construct(arguments).toString());
        assertEquals("ln_structured amount=0.5 n=2 dim=-1", PruningMethods.LN_STRUCTURED.label(arguments));
        assertEquals("random_structured amount=0.5 dim=-1", PruningMethods.RANDOM_STRUCTURED.label(arguments));
        assertEquals("random_unstructured amount=0.5", PruningMethods.RANDOM_UNSTRUCTURED.label(arguments));
        assertEquals(new RandomUnstructured(Amount.parse("0.5"), 7),
                PruningMethods.RANDOM_UNSTRUCTURED.construct(arguments));
        assertEquals("identity", PruningMethods.IDENTITY.label(PruningArguments.NONE));
        assertEquals("custom_from_mask", PruningMethods.CUSTOM_FROM_MASK.label(PruningArguments.NONE));
        assertEquals(new L1Unstructured(Amount.parse("0.5")), PruningMethods.GLOBAL_UNSTRUCTURED
                .construct(arguments.withPruningMethod(PruningMethods.L1_UNSTRUCTURED)));
    }

    @Test
    void constructorsKeepPyTorchsChecksAndNameWhatIsMissing() {
        assertEquals("amount=1.5 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> PruningMethods.L1_UNSTRUCTURED
                        .construct(PruningArguments.NONE.withAmount(Amount.parse("1.5")))).getMessage());
        assertEquals("dim is missing", assertThrows(IllegalArgumentException.class,
                () -> PruningMethods.RANDOM_STRUCTURED.construct(PruningArguments.NONE.withAmount(Amount.parse("1"))))
                .getMessage());
    }

    @Test
    void globalUnstructuredTakesTheUnstructuredMethodsByShortOrClassName() {
        assertEquals(List.of("l1", "random"), PruningMethods.globalNames());
        for (String name : List.of("l1", "L1Unstructured", "prune.L1Unstructured")) {
            assertEquals(PruningMethods.L1_UNSTRUCTURED, PruningMethods.forGlobal(name), name);
        }
        assertEquals(PruningMethods.RANDOM_UNSTRUCTURED, PruningMethods.forGlobal(" RandomUnstructured "));
        assertEquals("method must be l1 or random (global_unstructured supports only unstructured methods); got 'ln'",
                assertThrows(IllegalArgumentException.class, () -> PruningMethods.forGlobal("ln")).getMessage());
        assertEquals("method must be l1 or random (global_unstructured supports only unstructured methods); "
                + "got 'LnStructured'", assertThrows(IllegalArgumentException.class,
                        () -> PruningMethods.forGlobal("LnStructured")).getMessage());
    }
}
