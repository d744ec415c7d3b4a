package io.jprune.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.instrumentation.plain.ClassNameGlob;
import io.jprune.agent.instrumentation.plain.PlainOptions;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code -javaagent:jprune.jar=...} syntax: what it accepts, what it says about what it refuses. */
class AgentOptionsTest {

    @Test
    void noOptionsMeanAnyClassWithAForwardMethod() {
        AgentOptions options = AgentOptions.parse(null);
        assertEquals("modules=*,forward=forward,log=info,backend=auto", options.toString());
        assertEquals(options.toString(), AgentOptions.parse("").toString());
        assertTrue(plain(options).modules().get(0).matches("com.acme.AnyClass"));
    }

    @Test
    void everyOptionIsReadAndShownBackInTheSameSyntax() {
        String text = "modules=com.acme.nn.*+com.acme.extra.Dense,forward=forward+predict,"
                + "shape=com.acme.Dense.kernel:128x64+Gru.w:3x4x5,log=debug,backend=cpu";
        AgentOptions options = AgentOptions.parse(text);
        assertEquals(text, options.toString());
        assertEquals(List.of("forward", "predict"), plain(options).forwardMethods());
        assertEquals(DiagnosticLog.Level.DEBUG, options.log());
        assertEquals("cpu", options.backend());
        assertArrayEquals(new int[] {128, 64}, plain(options).shapes().get(0).shape().dims());
        assertEquals("com.acme.Dense", plain(options).shapes().get(0).className());
        assertEquals("kernel", plain(options).shapes().get(0).field());
        assertEquals(text, AgentOptions.parse(options.toString()).toString());
    }

    @Test
    void recomputeIsCachedUnlessThePyTorchLikeBenchmarkModeIsAsked() {
        assertEquals(AgentOptions.Recompute.CACHED, AgentOptions.parse(null).recompute());
        AgentOptions perForward = AgentOptions.parse("backend=cpu,recompute=per-forward");
        assertEquals(AgentOptions.Recompute.PER_FORWARD, perForward.recompute());
        assertEquals("modules=*,forward=forward,log=info,backend=cpu,recompute=per-forward", perForward.toString());
        assertEquals("modules=*,forward=forward,log=info,backend=auto",
                AgentOptions.parse("recompute=cached").toString());
    }

    @Test
    void onnxModelsNamesFilesAndDirectoriesAndMayBeRepeated(@TempDir Path dir) throws IOException {
        Path model = Files.createFile(dir.resolve("encoder.onnx"));
        AgentOptions options = AgentOptions.parse("onnx.models=" + model + "+" + dir + ",onnx.models=" + dir);
        assertEquals("modules=*,forward=forward,onnx.models=" + model + "+" + dir + "+" + dir + ",log=info,"
                + "backend=auto", options.toString());
        assertEquals(options.toString(), AgentOptions.parse(options.toString()).toString());
    }

    @Test
    void shapeMayBeRepeated() {
        AgentOptions options = AgentOptions.parse("shape=A.w:2x3,shape=B.v:4");
        assertEquals(2, plain(options).shapes().size());
        assertTrue(plain(options).shapes().get(1).appliesTo(B.class, "v"), "a simple class name is enough");
        assertFalse(plain(options).shapes().get(1).appliesTo(B.class, "w"));
    }

    @Test
    void globsMatchWholeClassNames() {
        ClassNameGlob glob = ClassNameGlob.of("com.acme.*.Dense?");
        assertTrue(glob.matches("com.acme.nn.layers.Dense2"));
        assertFalse(glob.matches("com.acme.nn.Dense"));
        assertFalse(glob.matches("org.com.acme.nn.DenseX"));
        assertTrue(ClassNameGlob.of("com.acme.Outer$Inner").matches("com.acme.Outer$Inner"));
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertRefused("colour=blue", "unknown option 'colour'; options are modules, forward, shape, onnx.models, log, backend, "
                + "recompute, plan");
        assertRefused("modules", "option 'modules' must be key=value; keys are modules, forward, shape, onnx.models, log, "
                + "backend, recompute, plan");
        assertRefused("onnx.models=/no/such/models", "option 'onnx.models': no file or directory /no/such/models");
        assertRefused("onnx.models=+b.onnx", "option 'onnx.models' has an empty item in '+b.onnx'");
        assertRefused("recompute=always", "recompute must be cached or per-forward; got 'always'");
        assertRefused("log=loud", "log must be one of off, info, debug; got 'loud'");
        assertRefused("backend=tpu", "backend must be one of auto, cpu, gpu; got 'tpu'");
        assertRefused("shape=Dense:3x4", "shape 'Dense:3x4' must look like com.acme.Dense.kernel:128x64");
        assertRefused("shape=a.Dense.w:3x0", "shape 'a.Dense.w:3x0': dims must be positive integers joined by x, "
                + "like 128x64; got '0'");
        assertRefused("log=info,log=debug", "option 'log' is given twice");
        assertRefused("forward=run+", "option 'forward' has an empty item in 'run+'");
        assertRefused("forward=9lives", "forward: '9lives' is not a method name");
        assertRefused("modules=com/acme/*", "'com/acme/*' is not a class name pattern: '/' cannot appear in a class "
                + "name (use * and ? as wildcards)");
        assertRefused("log=", "option 'log' has no value");
    }

    private static PlainOptions plain(AgentOptions options) {
        return options.configuration(PlainOptions.class);
    }

    private static void assertRefused(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(text))
                .getMessage(), text);
    }

    /** A class named by simple name in a shape option. */
    private static final class B {
    }
}
