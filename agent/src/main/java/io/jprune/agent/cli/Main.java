package io.jprune.agent.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar jprune.jar <command> ...}: inspects and prunes the models of a running JVM from a shell, the way
 * a PyTorch user would from a Python prompt. Exit codes: 0 done, 1 the operation failed (the reason on stderr, in
 * one line), 2 the command line was wrong.
 */
public final class Main {

    static final String PROGRAM = "java -jar jprune.jar";

    private static final List<Command> COMMANDS = List.of(
            new ListCommand(),
            new ModelsCommand(),
            new ModulesCommand(),
            TensorsCommand.parameters(),
            TensorsCommand.buffers(),
            new DescribeCommand(),
            new TensorCommand(),
            new PruneCommand(),
            new RemoveCommand(),
            new RestoreCommand(),
            new ChannelsCommand(),
            new StructureCommand(),
            new CompactCommand(),
            new SweepCommand(),
            new BackendCommand(),
            new AttributeCommand(),
            new AttachCommand(),
            new ExportCommand(),
            new ImportCommand(),
            new PlanCommand(),
            new VersionCommand());

    private Main() {
    }

    /** The entry point of the shaded jar; exits with the status of {@link #run}. */
    public static void main(String[] args) {
        System.exit(run(args, new CliEnvironment(System.out, System.in, new AttachConnector()), System.err));
    }

    /**
     * Runs one command line and returns the exit status instead of exiting, so tests can drive the real commands.
     */
    static int run(String[] args, CliEnvironment environment, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args);
            Optional<String> name = line.command();
            if (name.isEmpty() && line.optionNames().contains("version")) {
                environment.out().println("jprune " + VersionCommand.own());
                return 0;
            }
            if (name.isEmpty() || name.get().equals("help")) {
                Optional<Command> topic = line.positional(0).flatMap(Main::command);
                if (name.isEmpty() && !line.help()) {
                    err.print(usage());
                    return 2;
                }
                environment.out().print(topic.map(Main::help).orElse(usage()));
                return 0;
            }
            Command command = command(name.get()).orElseThrow(
                    () -> new UsageException("unknown command '" + name.get() + "'" + Suggestions.didYouMean(
                            name.get(), COMMANDS.stream().map(Command::name).toList(), "")));
            if (line.optionNames().contains("version")) {
                throw new UsageException("--version goes alone: '" + PROGRAM + " --version', or '" + PROGRAM
                        + " version <pid>' for the jprune in a JVM");
            }
            if (line.help()) {
                environment.out().print(help(command));
                return 0;
            }
            for (String option : line.optionNames()) {
                if (option.equals("name") && !command.options().contains(option)) {
                    throw new UsageException("--name does not apply to " + command.name() + ": jprune names "
                            + "parameters as PyTorch's named_parameters() does; write MODULE."
                            + line.option("name").orElse("") + ", e.g. conv1.weight");
                }
                if (!command.options().contains(option) && !CommandLine.FLAGS.contains(option)) {
                    throw new UsageException("--" + option + " does not apply to " + command.name()
                            + "; usage: jprune " + command.synopsis());
                }
            }
            command.run(line, environment);
            return 0;
        } catch (UsageException e) {
            err.println("jprune: " + e.getMessage());
            err.println("Run '" + PROGRAM + " --help' for usage.");
            return 2;
        } catch (CommandFailedException e) {
            err.println("jprune: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("jprune: unexpected error: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            environment.out().flush();
            err.flush();
        }
    }

    private static Optional<Command> command(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static String help(Command command) {
        return "usage: " + PROGRAM + " " + command.synopsis() + " [--json]\n\n" + command.summary() + "\n";
    }

    static String usage() {
        Map<String, String> lines = new LinkedHashMap<>();
        for (Command command : COMMANDS) {
            lines.put(command.synopsis(), command.summary());
        }
        StringBuilder out = new StringBuilder();
        out.append("usage: ").append(PROGRAM).append(" <command> [arguments] [--json]\n\n");
        out.append("Inspects and prunes, with torch.nn.utils.prune's methods, the models of a running JVM started\n");
        out.append("with -javaagent:jprune.jar. <pid> is the JVM's process id (see 'list'); module and parameter\n");
        out.append("names are PyTorch's qualified names (\"\" is the root, conv1, conv1.weight, conv1.weight_orig).\n\n");
        out.append("commands:\n");
        for (Map.Entry<String, String> entry : lines.entrySet()) {
            out.append("  ").append(entry.getKey()).append('\n');
            out.append("      ").append(entry.getValue()).append('\n');
        }
        out.append("\noptions:\n");
        out.append("  --json           machine-readable output on stdout\n");
        out.append("  --model NAME     the model to work on, when the JVM has several (see 'models')\n");
        out.append("  --amount A       an integer count (16) or a fraction in [0, 1] (0.3), as in PyTorch\n");
        out.append("  --n N            the norm for ln_structured: 1, 2, inf, -inf, fro, nuc, or any number\n");
        out.append("  --dim D          the dimension (negative counts from the end, as in PyTorch)\n");
        out.append("  --seed S         seed for the random methods (one is chosen and shown if omitted)\n");
        out.append("  --mask FILE      custom_from_mask: 0/1 values, flat row-major, whitespace or comma separated\n");
        out.append("                   (a pasted tensor([[1., 0.], ...]) works too; - reads stdin)\n");
        out.append("  --importance-scores FILE   l1_unstructured / ln_structured: scores in the same format\n");
        out.append("  --pruning-method l1|random global_unstructured: L1Unstructured or RandomUnstructured\n");
        out.append("  --name NAME      prune/remove: PyTorch's (module, name) form, conv1 --name weight = conv1.weight\n");
        out.append("  sweep: --params A,B  --amounts 0.1,0.5  --method l1_unstructured|random_unstructured|\n");
        out.append("         ln_structured|random_structured (with --n, --dim)  --inputs N (512)  --cpu SHARE (0.25)\n");
        out.append("         --output auto|classifier|embedding  --out DIR (.)  --propose SPARSITY | --min-agreement A\n");
        out.append("         live, on the app's own model (opt-in): --live-metric MBEAN/ATTRIBUTE --floor F --settle S (5)\n");
        out.append("         --settle-forwards N (0: each step also runs N of the app's forwards before the read)\n");
        out.append("  -h, --help       this text, or one command's with '<command> --help'\n");
        out.append("  --version        this command line's version (see also 'version <pid>')\n");
        out.append("  (a long option may be written with one dash too: -amount 0.5)\n");
        out.append("\nexit status: 0 done, 1 the operation failed (reason on stderr), 2 bad usage\n");
        return out.toString();
    }
}
