package io.jprune.agent;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.plan.PlanRollout;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.jmx.AgentBean;
import io.jprune.runtime.model.ModelRegistry;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point ({@code -javaagent:jprune.jar[=options]}): parses the options, chooses the
 * backend, hooks the app's forward methods and has {@code io.jprune:type=Agent} registered. Whatever goes
 * wrong, the app starts as if jprune were not there: bad options or a failed start give one line on
 * stderr and an inactive agent, never an exception into the host.
 *
 * <p>What must precede the app's {@code main} runs before it: the options, the backend (a {@code backend=gpu}
 * that cannot be had is an error at start) and the hooks, written on plain ASM so that hooking costs a few dozen
 * classes instead of Byte Buddy's thousand. The platform MBean server and the Agent MBean come from a daemon
 * thread while the app starts ({@link BackgroundMBeans}).
 */
public final class JPruneAgent {
    /** Marks a JVM that runs jprune, so that the command line can find it without starting anything in it. */
    public static final String VERSION_PROPERTY = "jprune.version";

    /**
     * Set instead of {@link #VERSION_PROPERTY} when a start failed, to the line printed on stderr, so that
     * {@code jprune attach} can tell why without reading the app's stderr.
     */
    public static final String START_FAILURE_PROPERTY = "jprune.startFailure";

    private static boolean started;

    private JPruneAgent() {
    }

    /** Called by the JVM before the app's main when started with {@code -javaagent}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    /**
     * Called by the JVM when {@code jprune attach} loads the agent into a running app: the same start as premain.
     * Module classes already loaded are retransformed by the modules' install, so models already running are
     * found at their next forward.
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation) {
        if (started) {
            DiagnosticLog.info("already active in this JVM; ignoring the second start");
            return;
        }
        long began = System.nanoTime();
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (RuntimeException e) {
            failed("bad agent options '" + arguments + "': " + e.getMessage() + "; jprune stays inactive");
            return;
        }
        try {
            DiagnosticLog.setLevel(options.log());
            BackendChoice backend = BackendChoice.choose(options.backend());
            BackgroundMBeans mbeans = new BackgroundMBeans(backend);
            mbeans.prepare();
            PlanRollout plan = options.plan().map(file -> PlanRollout.start(file, mbeans, backend.kernels()))
                    .orElse(null);
            ModelRegistry registry = new ModelRegistry(plan != null ? plan : mbeans);
            Kernels recompute = options.recompute() == AgentOptions.Recompute.PER_FORWARD ? backend.kernels() : null;
            try {
                options.installModules(new InstrumentationContext(instrumentation, registry, recompute));
            } catch (Throwable t) {
                mbeans.abandon();
                throw t;
            }
            started = true;
            DiagnosticLog.info(banner(options, backend));
            if (DiagnosticLog.isDebugEnabled()) {
                DiagnosticLog.debug("options, backend and hooks took " + (System.nanoTime() - began) / 1_000_000
                        + " ms before the app's main");
            }
            // the property is how the command line tells a JVM running jprune: set once the Agent MBean answers
            mbeans.publish(new AgentBean(version(), options.toString(), backend.description(), registry,
                            plan != null ? plan::status : () -> ""),
                    () -> System.setProperty(VERSION_PROPERTY, version()));
        } catch (Throwable t) {
            failed("could not start, jprune stays inactive: " + t);
        }
    }

    private static void failed(String why) {
        System.err.println("[jprune] " + why);
        try {
            System.setProperty(START_FAILURE_PROPERTY, why);
        } catch (RuntimeException ignored) {
            // a security manager may refuse; stderr has said it
        }
    }

    /** Built by hand: linking a string concatenation costs a cold JVM milliseconds, here before the app's main. */
    private static String banner(AgentOptions options, BackendChoice backend) {
        return new StringBuilder("jprune ").append(version()).append(" active (").append(options)
                .append("; backend ").append(backend.description()).append(')').toString();
    }

    /** jprune's version from the jar manifest. */
    static String version() {
        String version = JPruneAgent.class.getPackage().getImplementationVersion();
        return version != null ? version : "unknown (not run from jprune.jar)";
    }
}
