package io.jprune.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.instrumentation.djl.DjlInstrumentationModule;
import io.jprune.agent.instrumentation.onnxruntime.OnnxRuntimeInstrumentationModule;
import io.jprune.agent.instrumentation.plain.PlainInstrumentationModule;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/** How the agent finds its instrumentation modules and installs each only once the app uses its framework. */
class InstrumentationModulesTest {
    private static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

    private final List<String> installed = new CopyOnWriteArrayList<>();
    private final InstrumentationContext context = new InstrumentationContext(INSTRUMENTATION,
            new ModelRegistry(new ModelRegistry.Listener() {
                @Override
                public void modelRegistered(Model model) {
                }

                @Override
                public void modelUnregistered(Model model) {
                }
            }), null);

    @Test
    void theJarsModulesAreFoundByTheServiceLoader() {
        assertEquals(List.of(PlainInstrumentationModule.class, OnnxRuntimeInstrumentationModule.class,
                        DjlInstrumentationModule.class),
                InstrumentationModules.available().stream().map(Object::getClass).toList());
    }

    @Test
    void aModuleWhoseLibraryTheAppHasNotLoadedIsInstalledWhenItLoads() throws Exception {
        String library = "io.jprune.agent.instrumentation.UnloadedFramework";
        assertFalse(loaded(library), "the test needs a class nobody loaded yet");
        InstrumentationModules.install(module(library), recording("framework"), context);
        assertEquals(List.of(), installed, "nothing is hooked for a framework the app does not use");

        Class.forName(library, true, getClass().getClassLoader());
        assertEquals(List.of("framework"), installed);
    }

    @Test
    void aModuleWhoseLibraryIsLoadedAlreadyOrThatNeedsNoneIsInstalledAtOnce() {
        InstrumentationModules.install(module(FrameworkLoadedAlready.class.getName()), recording("loaded"), context);
        InstrumentationModules.install(module(null), recording("any app"), context);
        assertEquals(List.of("loaded", "any app"), installed);
    }

    private static boolean loaded(String className) {
        return Arrays.stream(INSTRUMENTATION.getAllLoadedClasses()).anyMatch(type -> type.getName().equals(className));
    }

    private InstrumentationModule.Configured recording(String name) {
        return new InstrumentationModule.Configured() {
            @Override
            public void install(InstrumentationContext ignored) {
                installed.add(name);
            }

            @Override
            public String toString() {
                return "";
            }
        };
    }

    private static InstrumentationModule module(String library) {
        return new InstrumentationModule() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<String> optionKeys() {
                return List.of();
            }

            @Override
            public String libraryClass() {
                return library;
            }

            @Override
            public Configured configure(List<Option> options) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Stands for a framework the app had loaded before jprune arrived. */
    static final class FrameworkLoadedAlready {
    }
}
