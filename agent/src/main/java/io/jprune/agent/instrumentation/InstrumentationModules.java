package io.jprune.agent.instrumentation;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The instrumentation modules in {@code jprune.jar}, found once with {@link ServiceLoader}, and their installation:
 * at once for a module that applies to any app or whose framework is loaded already, otherwise when the app
 * first loads the framework's {@linkplain InstrumentationModule#libraryClass() library class}.
 */
public final class InstrumentationModules {
    private static final List<InstrumentationModule> AVAILABLE = load();

    private InstrumentationModules() {
    }

    private static List<InstrumentationModule> load() {
        List<InstrumentationModule> modules = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class,
                InstrumentationModules.class.getClassLoader())) {
            for (String key : module.optionKeys()) {
                if (!keys.add(key)) {
                    throw new IllegalStateException("instrumentation module " + module.name() + " claims option '"
                            + key + "', which another module owns");
                }
            }
            modules.add(module);
        }
        return List.copyOf(modules);
    }

    /** The modules in {@code jprune.jar}, in the order of its service file. */
    public static List<InstrumentationModule> available() {
        return AVAILABLE;
    }

    /**
     * Installs {@code module} now if it applies to any app or its library class is loaded, otherwise once that
     * class loads.
     *
     * @throws RuntimeException when an immediate install fails (a later one is logged, and leaves the app as is)
     */
    public static void install(InstrumentationModule module, InstrumentationModule.Configured configured,
                               InstrumentationContext context) {
        String library = module.libraryClass();
        if (library == null) {
            configured.install(context);
            return;
        }
        Instrumentation instrumentation = context.instrumentation();
        LibraryWatch watch = new LibraryWatch(instrumentation, library, () -> {
            configured.install(context);
            DiagnosticLog.info("the app loaded " + library + ": " + module.name() + " models are now looked for");
        });
        // watch first, then look at what is loaded: a class loading in between is seen by one of the two, and
        // whichever claims the watch first installs, once
        instrumentation.addTransformer(watch);
        if (isLoaded(instrumentation, library) && watch.claim()) {
            configured.install(context);
        }
    }

    private static boolean isLoaded(Instrumentation instrumentation, String className) {
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
