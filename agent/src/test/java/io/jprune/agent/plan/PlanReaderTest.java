package io.jprune.agent.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans in PyTorch's vocabulary: what is read, and every refusal with the step and the key named. */
class PlanReaderTest {

    @TempDir
    Path folder;

    @Test
    void readsStepsWithTheirArgumentsAndTensorsFromFilesNextToThePlan() throws Exception {
        Files.writeString(folder.resolve("scores.txt"), "tensor([[0.5, 2.], [1., 3.]])");
        Plan plan = PlanReader.read(write("""
                {"model": "LeNet", "within_seconds": 1.5, "steps": [
                  {"method": "l1_unstructured", "parameter": "fc1.weight", "amount": 2,
                   "importance_scores": "scores.txt"},
                  {"method": "ln_structured", "parameter": "conv1.weight", "amount": 0.5, "n": "fro", "dim": -1},
                  {"method": "global_unstructured", "parameters": ["fc1.weight", "fc2.weight"],
                   "pruning_method": "prune.L1Unstructured", "amount": 1.0},
                  {"method": "remove", "parameter": "fc1.weight"}]}
                """));
        assertEquals("LeNet", plan.model());
        assertEquals(Optional.of(Duration.ofMillis(1500)), plan.within());
        assertEquals(List.of("l1_unstructured", "ln_structured", "global_unstructured", "remove"),
                plan.steps().stream().map(PlanStep::function).toList());
        assertArrayEquals(new float[] {0.5f, 2f, 1f, 3f}, plan.steps().get(0).arguments().importanceScores());
        assertEquals("2", plan.steps().get(0).arguments().amount().toString(), "an int amount is a count");
        assertEquals("1.0", plan.steps().get(2).arguments().amount().toString(), "1.0 is the fraction 1.0");
        assertEquals("fro", plan.steps().get(1).arguments().n().toString());
        assertEquals(-1, plan.steps().get(1).arguments().dim());
        assertEquals(List.of("fc1.weight", "fc2.weight"), plan.steps().get(2).params());
    }

    @Test
    void refusesWhatPyTorchWouldRefuseAndWhatIsNoPlanNamingStepAndKey() throws Exception {
        assertRefused("step 1 (l1_unstructured): amount=1.5 should either be a float in the range [0, 1] or a "
                + "non-negative integer", "{\"model\": \"M\", \"steps\": [{\"method\": \"l1_unstructured\", "
                + "\"parameter\": \"w\", \"amount\": 1.5}]}");
        assertRefused("step 1 (random_unstructured): unknown key \"amout\"; keys are method, parameter, amount, seed",
                "{\"model\": \"M\", \"steps\": [{\"method\": \"random_unstructured\", \"parameter\": \"w\", "
                        + "\"amout\": 0.3}]}");
        assertRefused("step 2 (l2_structured): unknown method; methods are identity, random_unstructured, "
                + "l1_unstructured, random_structured, ln_structured, global_unstructured, custom_from_mask, remove",
                "{\"model\": \"M\", \"steps\": [{\"method\": \"identity\", \"parameter\": \"w\"}, "
                        + "{\"method\": \"l2_structured\"}]}");
        assertRefused("step 1 (ln_structured): \"dim\" is missing", "{\"model\": \"M\", \"steps\": [{\"method\": "
                + "\"ln_structured\", \"parameter\": \"w\", \"amount\": 1, \"n\": 2}]}");
        assertRefused("\"within_seconds\" must be a positive number of seconds; got -3",
                "{\"model\": \"M\", \"within_seconds\": -3, \"steps\": [{\"method\": \"identity\", \"parameter\": "
                        + "\"w\"}]}");
        assertRefused("\"steps\" must be a non-empty list of prune calls", "{\"model\": \"M\", \"steps\": []}");
        assertRefused("not valid JSON: Unexpected end-of-input: expected close marker for Object (line 1, column 14)",
                "{\"model\": \"M\"");
        Path missing = folder.resolve("missing.json");
        assertEquals("plan " + missing + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> PlanReader.read(missing)).getMessage());
    }

    private void assertRefused(String why, String json) throws Exception {
        Path file = write(json);
        assertEquals("plan " + file + ": " + why,
                assertThrows(IllegalArgumentException.class, () -> PlanReader.read(file)).getMessage());
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(folder, "plan", ".json");
        Files.writeString(file, json);
        return file;
    }
}
