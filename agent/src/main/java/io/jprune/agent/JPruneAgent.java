package io.jprune.agent;

import io.jprune.agent.instrumentation.plain.PlainInstrumentation;
import io.jprune.runtime.jmx.AgentBean;
import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.model.DiagnosticLog;
import io.jprune.runtime.model.ModelRegistry;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;

/**
 * The agent's entry point ({@code -javaagent:jprune.jar[=options]}): parses the options, chooses the
 * backend, registers {@code io.jprune:type=Agent} and hooks the app's forward methods. Whatever goes
 * wrong, the app starts as if jprune were not there: bad options or a failed start give one line on
 * stderr and an inactive agent, never an exception into the host.
 */
public final class JPruneAgent {
    /** Marks a JVM that runs jprune, so that the command line can find it without starting anything in it. */
    public static final String VERSION_PROPERTY = "jprune.version";

    private static boolean started;

    private JPruneAgent() {
    }

    /** Called by the JVM before the app's main when started with {@code -javaagent}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    /** Called by the JVM when the agent is loaded into a running app; for now the same start as premain. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation) {
        if (started) {
            DiagnosticLog.info("already active in this JVM; ignoring the second start");
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (RuntimeException e) {
            System.err.println("[jprune] bad agent options '" + arguments + "': " + e.getMessage()
                    + "; jprune stays inactive");
            return;
        }
        try {
            DiagnosticLog.setLevel(options.log());
            BackendChoice backend = BackendChoice.choose(options.backend());
            MBeanPublisher publisher = new MBeanPublisher(ManagementFactory.getPlatformMBeanServer(),
                    backend.kernels());
            ModelRegistry registry = new ModelRegistry(publisher);
            publisher.publishAgent(new AgentBean(version(), options.toString(), backend.description(), registry));
            PlainInstrumentation.install(instrumentation, options, registry, backend.kernels());
            started = true;
            System.setProperty(VERSION_PROPERTY, version());
            DiagnosticLog.info("jprune " + version() + " active (" + options + "; backend " + backend.description()
                    + ")");
        } catch (Throwable t) {
            System.err.println("[jprune] could not start, jprune stays inactive: " + t);
        }
    }

    /** jprune's version from the jar manifest. */
    static String version() {
        String version = JPruneAgent.class.getPackage().getImplementationVersion();
        return version != null ? version : "unknown (not run from jprune.jar)";
    }
}
