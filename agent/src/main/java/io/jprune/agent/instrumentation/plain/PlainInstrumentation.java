package io.jprune.agent.instrumentation.plain;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.jprune.agent.AgentOptions;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.model.DiagnosticLog;
import io.jprune.runtime.model.ForwardTracker;
import io.jprune.runtime.model.ModelRegistry;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Hooks the forward methods of plain-Java module classes, including classes loaded before the agent
 * (retransformed, with no change to their shape, so that final and private members stay as they are).
 * Only method bodies change: one static call on entry and one on exit.
 */
public final class PlainInstrumentation {
    private PlainInstrumentation() {
    }

    /**
     * Starts discovering models and hooking forwards, computing masked weights once per prune.
     *
     * @return the transformer, so that tests can remove it again
     * @throws IllegalArgumentException when the options ask for {@code recompute=per-forward}, which needs kernels
     */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation, AgentOptions options,
                                                         ModelRegistry registry) {
        return install(instrumentation, options, registry, null);
    }

    /**
     * Starts discovering models and hooking forwards.
     *
     * @param kernels what {@code recompute=per-forward} computes the masked weights with before every forward;
     *                unused (and may be {@code null}) in the default, cached mode
     * @return the transformer, so that tests can remove it again
     */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation, AgentOptions options,
                                                         ModelRegistry registry, Kernels kernels) {
        ModuleClasses moduleClasses = new ModuleClasses(options.modules(), options.forwardMethods());
        ForwardTracker tracker = new ForwardTracker(registry,
                new PlainModuleDiscovery(moduleClasses, options, instrumentation));
        if (options.recompute() == AgentOptions.Recompute.PER_FORWARD) {
            if (kernels == null) {
                throw new IllegalArgumentException("recompute=per-forward needs the kernels to recompute with");
            }
            tracker = tracker.recomputingEveryForward(kernels);
        }
        ForwardHooks.activate(tracker);
        ElementMatcher.Junction<MethodDescription> forward = namedOneOf(
                options.forwardMethods().toArray(new String[0]))
                .and(not(isStatic())).and(not(isAbstract())).and(not(isConstructor()))
                .and(not(isBridge())).and(not(isSynthetic()));
        AsmVisitorWrapper hooks = Advice.to(ForwardAdvice.class).on(forward);
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // a class first loaded while another is retransformed (the verifier loads the classes a
                // forward uses) escapes the transformer; looking again until nothing new appears catches it
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(new LoggingListener())
                .ignore(new OffLimits())
                .type(new DeclaresForward(moduleClasses, forward))
                .transform((builder, type, loader, module, domain) -> builder.visit(hooks))
                .installOn(instrumentation);
    }

    /** The JDK's, ByteBuddy's and jprune's own classes, bootstrap classes, and synthetic classes. */
    private static final class OffLimits implements AgentBuilder.RawMatcher {
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> beingRedefined,
                               ProtectionDomain domain) {
            return loader == null || type.isSynthetic() || type.isInterface()
                    || ModuleClasses.isOffLimits(type.getName());
        }
    }

    /** Classes whose name matches a {@code modules} glob and that declare a concrete forward method. */
    private static final class DeclaresForward implements ElementMatcher<TypeDescription> {
        private final ModuleClasses moduleClasses;
        private final ElementMatcher<MethodDescription> forward;

        DeclaresForward(ModuleClasses moduleClasses, ElementMatcher<MethodDescription> forward) {
            this.moduleClasses = moduleClasses;
            this.forward = forward;
        }

        @Override
        public boolean matches(TypeDescription type) {
            return moduleClasses.matchesName(type.getName())
                    && !type.getDeclaredMethods().filter(forward).isEmpty();
        }
    }

    /** Says at debug level which classes were hooked, and at info level which could not be. */
    private static final class LoggingListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            DiagnosticLog.debug("hooked the forward of " + type.getName() + (loaded ? " (already loaded)" : ""));
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            DiagnosticLog.failureOnce("hooking the forward of " + typeName, throwable);
        }
    }
}
