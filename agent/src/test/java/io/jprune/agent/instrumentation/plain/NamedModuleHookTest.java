package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.instrumentation.forward.ForwardHooks;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model class in a named module, which reads nothing but {@code java.base}: the calls woven into its forward
 * link to jprune's hooks in the agent loader's unnamed module (the JVM lets the module of every class an agent
 * transforms read it), and jprune opens the module to read the model's private fields.
 */
class NamedModuleHookTest {
    private static final String MODULE = "jprune.test.named";
    private static final String SCALER = "io.jprune.testmodels.hooked.named.Scaler";

    @Test
    void aModelInANamedModuleIsHookedFoundAndPruned(@TempDir Path dir) throws Exception {
        assertNotNull(InProcessAgent.REGISTRY, "the agent is installed, hooking io.jprune.testmodels.hooked.*");
        Path sources = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Path scalerSource = sources.resolve(SCALER.replace('.', '/') + ".java");
        Files.createDirectories(scalerSource.getParent());
        Files.writeString(sources.resolve("module-info.java"),
                "module " + MODULE + " { exports io.jprune.testmodels.hooked.named; }\n");
        Files.writeString(scalerSource, """
                package io.jprune.testmodels.hooked.named;

                public class Scaler {
                    private final float[] weight = {2f, 3f};

                    public float forward(float x) {
                        return x * weight[0] + weight[1];
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(),
                sources.resolve("module-info.java").toString(), scalerSource.toString()));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(ModuleFinder.of(classes), ModuleFinder.of(),
                Set.of(MODULE));
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, getClass().getClassLoader());
        Class<?> type = layer.findLoader(MODULE).loadClass(SCALER);
        assertTrue(type.getModule().isNamed());
        assertFalse(type.getModule().getDescriptor().requires().stream()
                .anyMatch(requires -> !requires.name().equals("java.base")), "the module reads nothing of jprune's");

        Object scaler = type.getConstructor().newInstance();
        Method forward = type.getMethod("forward", float.class);
        assertEquals(5f, forward.invoke(scaler, 1f));
        assertTrue(type.getModule().canRead(ForwardHooks.class.getModule()));
        Model model = InProcessAgent.modelOf(scaler);
        assertEquals(List.of("weight"), model.parameterNames());
        new Pruner(model, InProcessAgent.KERNELS).l1Unstructured("weight", Amount.count(1), null);
        assertEquals(3f, forward.invoke(scaler, 1f), "2 is pruned: 1 * 0 + 3");
    }
}
