package io.jprune.agent.bench;

import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What the demo service does before its first answer, and nothing more: load the trained LeNet and the
 * held-out digits, classify one digit, print {@link #MARKER}. The driver times the line from outside, from
 * just before it starts the JVM, so that JVM start, agent start and the first hooked forward all count.
 *
 * <p>After the timed line it prints {@link #PHASES}: milliseconds from JVM start to {@code main} (where an
 * agent's {@code premain} shows) and from {@code main} to the answer (where the first hooked forward shows).
 * The management classes this needs are loaded only then, so they cost the timed part nothing.
 */
public final class StartupProbe {
    /** The line's start, printed once the first inference has returned. */
    static final String MARKER = "first inference: digit ";
    /** Start of the line {@code PHASES jvmToMainMillis mainToAnswerMillis}. */
    static final String PHASES = "phases: ";

    private StartupProbe() {
    }

    /** Runs the first inference and exits. */
    public static void main(String[] args) {
        long mainStarted = System.nanoTime();
        LeNet lenet = Weights.loadLeNet();
        Mnist digits = Mnist.test();
        int digit = lenet.classify(digits.image(0));
        System.out.println(MARKER + digit + " (label " + digits.label(0) + ")");
        System.out.flush();
        long answered = System.nanoTime();
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        double jvmToMain = uptimeMillis - (System.nanoTime() - mainStarted) / 1e6;
        System.out.printf(Locale.ROOT, "%s%.1f %.1f%n", PHASES, jvmToMain, (answered - mainStarted) / 1e6);
    }
}
