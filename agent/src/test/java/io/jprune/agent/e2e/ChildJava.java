package io.jprune.agent.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A Java installation a child JVM runs on. The end-to-end tests run their apps on the Java 17 that runs the build
 * and on Java 25 (Temurin at {@value #JAVA_25_DEFAULT} on the build machines, or {@code -Dit.java25=<JAVA_HOME>});
 * where Java 25 is absent, its cases are skipped with the reason, never passed silently.
 *
 * @param name       e.g. {@code 17} or {@code 25}, for test names
 * @param javaHome   the installation
 */
public record ChildJava(String name, Path javaHome) {
    /** Where the build machines have Java 25. */
    public static final String JAVA_25_DEFAULT = "/usr/lib/jvm/temurin-25-jdk-amd64";

    /** The Java running the test. */
    public static ChildJava current() {
        return new ChildJava(Integer.toString(Runtime.version().feature()), Paths.get(System.getProperty("java.home")));
    }

    /** Java 25, present or not. */
    public static ChildJava java25() {
        return new ChildJava("25", Paths.get(System.getProperty("it.java25", JAVA_25_DEFAULT)));
    }

    /** Both Javas the end-to-end tests cover, for {@code @MethodSource}. */
    public static Stream<ChildJava> both() {
        return Stream.of(current(), java25());
    }

    /** {@code bin/java} of the installation. */
    public Path executable() {
        return javaHome.resolve("bin").resolve("java");
    }

    /** Aborts the calling test (reported as skipped, with the reason) when this Java is not installed. */
    public ChildJava assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(executable()), () -> "Java " + name + " is not installed at "
                + javaHome + " (set -Dit.java25=<JAVA_HOME> to point at one): the Java " + name + " case is skipped");
        return this;
    }

    @Override
    public String toString() {
        return "Java " + name;
    }
}
