package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ChangeNotifications;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.sweep.SweepProposal;
import io.jprune.runtime.sweep.SweepReport;
import io.jprune.runtime.sweep.SweepRendering;
import io.jprune.runtime.sweep.SweepSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * {@code sweep <pid>}: per-parameter sensitivity on the app's own traffic, on a private copy of its model: prints
 * the table (or the JSON with {@code --json}), writes {@code <model>-sweep.json}, {@code .csv} and {@code .svg} to
 * {@code --out}, and with {@code --propose S} or {@code --min-agreement A} a plan {@code <model>-plan.json}, which
 * nothing applies. Shows a progress line on stderr while it runs; Ctrl-C cancels it and keeps what it measured.
 */
final class SweepCommand extends ModelCommand {
    /** How long Ctrl-C waits for the cancelled sweep's partial results to be written. */
    private static final long CANCEL_WAIT_SECONDS = 15;

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String synopsis() {
        return "sweep <pid> [--params A,B] [--amounts 0.1,0.2,...] [--method l1_unstructured|ln_structured ...] "
                + "[--n N] [--dim D] [--inputs N] [--cpu SHARE] [--output auto|classifier|embedding] [--out DIR] "
                + "[--propose SPARSITY | --min-agreement A] [--model NAME]";
    }

    @Override
    public String summary() {
        return "sensitivity of each parameter on the app's own inputs, on a private copy (the app's weights are "
                + "never touched): table, JSON, CSV, SVG chart, and a proposed plan";
    }

    @Override
    public Set<String> options() {
        return Set.of("model", "params", "amounts", "method", "n", "dim", "inputs", "cpu", "output", "out", "propose",
                "min-agreement");
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 1, synopsis());
        if (line.option("propose").isPresent() && line.option("min-agreement").isPresent()) {
            throw new UsageException("give --propose or --min-agreement, not both");
        }
        try {
            settings(line);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        for (String name : List.of("propose", "min-agreement")) {
            double value = line.doubleOption(name).orElse(0.5);
            if (!(value >= 0 && value <= 1)) {
                throw new UsageException("--" + name + " must be a fraction in [0, 1], got " + value);
            }
        }
    }

    private static SweepSettings settings(CommandLine line) throws UsageException {
        return SweepSettings.parse(line.option("params").orElse(""), line.option("amounts").orElse(""),
                line.option("method").orElse(""), line.option("n").orElse(""), line.intOption("dim").orElse(0),
                line.intOption("inputs").orElse(0), line.doubleOption("cpu").orElse(0.0),
                line.option("output").orElse(""));
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment)
            throws UsageException, CommandFailedException {
        SweepSettings settings = settings(line);
        Path out = Path.of(line.option("out").orElse("."));
        PrintStream err = System.err;
        NotificationListener progress = (notification, handback) -> {
            if (ChangeNotifications.SWEEP_PROGRESS.equals(notification.getType())) {
                err.print("\r" + pad(notification.getMessage()));
                err.flush();
            }
        };
        NotificationEmitter emitter = model.mbean() instanceof NotificationEmitter e ? e : null;
        if (emitter != null) {
            emitter.addNotificationListener(progress, null, null);
        }
        CountDownLatch written = new CountDownLatch(1);
        Thread cancel = new Thread(() -> {
            try {
                model.mbean().cancelSweep();
                written.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (RuntimeException | InterruptedException e) {
                // the JVM is exiting: nothing more can be done
            }
        }, "jprune-sweep-cancel");
        Runtime.getRuntime().addShutdownHook(cancel);
        try {
            SweepReport report = model.call(bean -> bean.sweep(String.join(",", settings.params()),
                    joined(settings.amounts()), settings.method().pytorchName(), settings.n().toString(),
                    settings.dim(), settings.inputs(), settings.cpuShare(), settings.output().label()));
            err.print("\r" + pad("") + "\r");
            List<String> files = write(report, settings, line, out);
            if (line.json()) {
                environment.out().print(SweepRendering.json(report));
            } else {
                environment.out().print(SweepRendering.table(report));
                for (String file : files) {
                    environment.out().println("wrote " + file);
                }
            }
        } finally {
            written.countDown();
            removeQuietly(cancel);
            if (emitter != null) {
                try {
                    emitter.removeNotificationListener(progress);
                } catch (ListenerNotFoundException | RuntimeException e) {
                    // the connection is closing anyway
                }
            }
        }
    }

    private static List<String> write(SweepReport report, SweepSettings settings, CommandLine line, Path out)
            throws UsageException, CommandFailedException {
        String base = report.getModel().replaceAll("[^A-Za-z0-9._-]", "_");
        List<String> files = new ArrayList<>();
        files.add(writeFile(out.resolve(base + "-sweep.json"), SweepRendering.json(report)));
        files.add(writeFile(out.resolve(base + "-sweep.csv"), SweepRendering.csv(report)));
        files.add(writeFile(out.resolve(base + "-sweep.svg"), SweepRendering.svg(report)));
        SweepProposal proposal = null;
        if (line.option("propose").isPresent()) {
            proposal = SweepProposal.forSparsity(report, settings, line.doubleOption("propose").orElseThrow());
        } else if (line.option("min-agreement").isPresent()) {
            proposal = SweepProposal.withinAgreement(report, settings, line.doubleOption("min-agreement").orElseThrow());
        }
        if (proposal != null) {
            files.add(writeFile(out.resolve(base + "-plan.json"), proposal.json()) + String.format(
                    java.util.Locale.ROOT, " (%d steps, predicted sparsity %.3f and agreement %.3f; not applied)",
                    proposal.steps().size(), proposal.predictedSparsity(), proposal.predictedAgreement()));
        }
        return files;
    }

    private static String writeFile(Path file, String content) throws CommandFailedException {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String joined(List<Double> amounts) {
        List<String> texts = new ArrayList<>();
        for (double amount : amounts) {
            texts.add(Double.toString(amount));
        }
        return String.join(",", texts);
    }

    private static String pad(String text) {
        return String.format("%-100s", text.length() > 100 ? text.substring(0, 100) : text);
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
