package io.jprune.agent.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed arguments of one invocation, immutable: the subcommand, its positional arguments and its options.
 * Options may come anywhere after the program name, as {@code --name value} or {@code --name=value}, so that
 * {@code --dim -1} keeps PyTorch's negative dims; {@code --} ends the options.
 */
final class CommandLine {

    /** Options that take no value. */
    static final Set<String> FLAGS = Set.of("json", "help", "version");

    /** Options that take a value; each subcommand accepts a subset (see {@link Command#options()}). */
    static final Set<String> VALUED = Set.of(
            "model", "amount", "n", "dim", "seed", "mask", "importance-scores", "pruning-method", "name",
            "params", "amounts", "method", "inputs", "cpu", "output", "out", "propose", "min-agreement",
            "live-metric", "floor", "settle", "settle-forwards");

    /** Every option, for suggestions, in the order the usage text lists them. */
    private static final List<String> ALL = List.of("json", "model", "amount", "n", "dim", "seed", "mask",
            "importance-scores", "pruning-method", "name", "params", "amounts", "method", "inputs", "cpu", "output",
            "out", "propose", "min-agreement", "live-metric", "floor", "settle", "settle-forwards", "help", "version");

    private final String command;
    private final List<String> positionals;
    private final Map<String, String> options;
    private final Set<String> flags;

    private CommandLine(String command, List<String> positionals, Map<String, String> options, Set<String> flags) {
        this.command = command;
        this.positionals = List.copyOf(positionals);
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
    }

    static CommandLine parse(String... args) throws UsageException {
        String command = null;
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!optionsEnded && arg.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && (arg.equals("-h") || arg.equals("--help"))) {
                flags.add("help");
            } else if (!optionsEnded && (arg.startsWith("--") || singleDashWord(arg))) {
                int dashes = arg.startsWith("--") ? 2 : 1;
                int equals = arg.indexOf('=');
                String name = arg.substring(dashes, equals < 0 ? arg.length() : equals);
                if (FLAGS.contains(name)) {
                    if (equals >= 0) {
                        throw new UsageException("--" + name + " takes no value");
                    }
                    flags.add(name);
                } else if (VALUED.contains(name)) {
                    String value;
                    if (equals >= 0) {
                        value = arg.substring(equals + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    if (options.put(name, value) != null) {
                        throw new UsageException("--" + name + " given twice");
                    }
                } else {
                    throw new UsageException("unknown option " + arg.substring(0, equals < 0 ? arg.length() : equals)
                            + Suggestions.didYouMean(name, ALL, "--"));
                }
            } else if (command == null) {
                command = arg;
            } else {
                positionals.add(arg);
            }
        }
        return new CommandLine(command, positionals, options, flags);
    }

    /**
     * {@code -amount}: a long option written with one dash, which Python's and Java's tools accept; a lone
     * {@code -} (stdin) and negative numbers ({@code --dim -1} as a value) are not options.
     */
    private static boolean singleDashWord(String arg) {
        return arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-' && Character.isLetter(arg.charAt(1));
    }

    /**
     * The parameter named by the positional at {@code index}, with PyTorch's {@code --name weight} habit
     * accepted: {@code conv1 --name weight} is {@code conv1.weight}.
     */
    String parameter(int index) throws UsageException {
        String given = positional(index).orElseThrow(() -> new UsageException("missing <param>"));
        Optional<String> name = option("name");
        if (name.isEmpty()) {
            return given;
        }
        if (given.endsWith("." + name.get())) {
            throw new UsageException(given + " already names the parameter: leave out --name " + name.get());
        }
        return given + "." + name.get();
    }

    /** The subcommand, if one was given. */
    Optional<String> command() {
        return Optional.ofNullable(command);
    }

    List<String> positionals() {
        return positionals;
    }

    Set<String> optionNames() {
        Set<String> names = new LinkedHashSet<>(options.keySet());
        names.addAll(flags);
        return names;
    }

    boolean json() {
        return flags.contains("json");
    }

    boolean help() {
        return flags.contains("help");
    }

    /** Refuses more or fewer positional arguments than the subcommand takes, naming what was expected. */
    void expectPositionals(int min, int max, String synopsis) throws UsageException {
        if (positionals.size() < min) {
            throw new UsageException("missing arguments; usage: jprune " + synopsis);
        }
        if (positionals.size() > max) {
            throw new UsageException("too many arguments (" + String.join(" ", positionals.subList(max, positionals.size()))
                    + "); usage: jprune " + synopsis);
        }
    }

    Optional<String> positional(int index) {
        return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
    }

    /** The first positional argument as a process id. */
    long pid() throws UsageException {
        String text = positional(0).orElseThrow(() -> new UsageException("missing <pid>"));
        try {
            long pid = Long.parseLong(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("<pid> must be a positive process id, got '" + text + "'");
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String requiredOption(String name, String why) throws UsageException {
        return option(name).orElseThrow(() -> new UsageException(why + " needs --" + name));
    }

    Optional<Integer> intOption(String name) throws UsageException {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + text.get() + "'");
        }
    }

    Optional<Long> longOption(String name) throws UsageException {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + text.get() + "'");
        }
    }

    Optional<Double> doubleOption(String name) throws UsageException {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(text.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + text.get() + "'");
        }
    }
}
