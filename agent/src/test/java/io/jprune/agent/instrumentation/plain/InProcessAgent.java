package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.AgentOptions;
import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.forward.JavaForwards;
import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.testmodels.hooked.Preloaded;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The real agent installed once into the test JVM, hooking {@code io.jprune.testmodels.hooked.*}; one
 * {@link Preloaded} is created before, so that its class is already loaded when the agent arrives.
 */
final class InProcessAgent {
    static final Preloaded PRELOADED = new Preloaded();
    static final boolean PRELOADED_BEFORE_INSTALL;
    /** The hooks installed, whose observer a test may swap for a while. */
    static final JavaForwards.Hooked HOOKED;
    static final Kernels KERNELS = new CpuKernels();
    static final ModelRegistry REGISTRY = new ModelRegistry(new ModelRegistry.Listener() {
        @Override
        public void modelRegistered(Model model) {
        }

        @Override
        public void modelUnregistered(Model model) {
        }
    });

    static {
        Instrumentation instrumentation = ByteBuddyAgent.install();
        PRELOADED_BEFORE_INSTALL = Arrays.asList(instrumentation.getAllLoadedClasses()).contains(Preloaded.class);
        HOOKED = PlainInstrumentation.install(new InstrumentationContext(instrumentation, REGISTRY, null),
                AgentOptions.parse("modules=io.jprune.testmodels.hooked.*").configuration(PlainOptions.class));
    }

    private InProcessAgent() {
    }

    /** The model whose root is this very object. */
    static Model modelOf(Object root) {
        return REGISTRY.models().stream().filter(model -> model.root() == root).findFirst()
                .orElseThrow(() -> new AssertionError("no model rooted at " + root + "; models: " + REGISTRY.models()));
    }
}
