package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.forward.JavaForwards;

/**
 * Installs the plain-Java adapter: its module classes' forwards are hooked through the shared Java-forward
 * weaving, and models are discovered from their fields ({@link PlainModuleDiscovery}).
 */
public final class PlainInstrumentation {

    private PlainInstrumentation() {
    }

    /**
     * Starts discovering models and hooking forwards. Classes the app loads from now on are hooked as they load;
     * the module classes already loaded are retransformed before this returns.
     *
     * @return what was hooked, so that tests can swap the observer or remove the transformer
     */
    public static JavaForwards.Hooked install(InstrumentationContext context, PlainOptions options) {
        ModuleClasses moduleClasses = new ModuleClasses(options.modules(), options.forwardMethods());
        PlainModuleDiscovery discovery = new PlainModuleDiscovery(moduleClasses, options, context.instrumentation());
        return JavaForwards.hook(context.instrumentation(), moduleClasses, context.observe(discovery));
    }
}
