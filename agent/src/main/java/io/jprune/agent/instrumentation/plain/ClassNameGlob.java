package io.jprune.agent.instrumentation.plain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob on fully qualified class names, as written in the agent options: {@code *} matches any run of
 * characters (dots included), {@code ?} one character; {@code io.jprune.demo.*} selects a package and
 * everything below it.
 */
public final class ClassNameGlob {
    private final String glob;
    private final Pattern pattern;

    private ClassNameGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(toRegex(glob));
    }

    /**
     * @throws IllegalArgumentException if the glob is empty or holds characters no class name has
     */
    public static ClassNameGlob of(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("an empty class name pattern");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == '*' || c == '?')) {
                throw new IllegalArgumentException("'" + glob + "' is not a class name pattern: '" + c
                        + "' cannot appear in a class name (use * and ? as wildcards)");
            }
        }
        return new ClassNameGlob(glob);
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    /** Whether a fully qualified class name (as {@link Class#getName()} gives it) matches. */
    public boolean matches(String className) {
        return pattern.matcher(className).matches();
    }

    /** The regular expression equivalent, for matchers that take one. */
    public String regex() {
        return pattern.pattern();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassNameGlob other && other.glob.equals(glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    /** The glob as written. */
    @Override
    public String toString() {
        return glob;
    }
}
