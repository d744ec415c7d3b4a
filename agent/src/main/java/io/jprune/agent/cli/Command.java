package io.jprune.agent.cli;

import java.util.Set;

/** One subcommand of {@code java -jar jprune.jar}: its name, its usage line and what it does. */
interface Command {

    /** The word typed after {@code jprune.jar}, e.g. {@code parameters}. */
    String name();

    /** Arguments and options, as shown in the usage text, e.g. {@code parameters <pid> [module] [--model NAME]}. */
    String synopsis();

    /** One line for the usage text. */
    String summary();

    /** The valued options and flags this subcommand accepts besides {@code --json} and {@code --help}. */
    Set<String> options();

    void run(CommandLine line, CliEnvironment environment) throws UsageException, CommandFailedException;
}
