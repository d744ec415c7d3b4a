package io.jprune.agent.cli;

import java.util.Set;

/**
 * The shared path of every subcommand that works on one model: connect to the pid (refusing a JVM without jprune),
 * pick the model ({@code --model} or the only one), run, disconnect.
 */
abstract class ModelCommand implements Command {

    @Override
    public final void run(CommandLine line, CliEnvironment environment) throws UsageException, CommandFailedException {
        long pid = line.pid();
        checkArguments(line);
        try (JvmSession session = environment.connector().open(pid, true)) {
            RemoteModel model = new RemoteJprune(session).model(line.option("model"));
            run(line, model, environment);
        }
    }

    /** {@code --model NAME}, which picks the model when the JVM has several; a subcommand with more adds to it. */
    @Override
    public Set<String> options() {
        return Set.of("model");
    }

    /** Validates the arguments before connecting, so that a usage error never touches the target JVM. */
    abstract void checkArguments(CommandLine line) throws UsageException;

    abstract void run(CommandLine line, RemoteModel model, CliEnvironment environment)
            throws UsageException, CommandFailedException;
}
