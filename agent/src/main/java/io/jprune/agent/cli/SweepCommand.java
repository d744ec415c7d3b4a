package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ChangeNotifications;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.sweep.LiveSweepReport;
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
import java.util.Optional;
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
 * nothing applies. With {@code --live-metric M --floor F} the steps are applied to the app's own model instead and
 * the app's metric {@code M} is read after each ({@code <model>-live-sweep.*}). Shows a progress line on stderr
 * while it runs; Ctrl-C cancels it and keeps what it measured (a live step in progress is undone).
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
                + "[--propose SPARSITY | --min-agreement A] [--live-metric MBEAN/ATTRIBUTE --floor F [--settle S] [--settle-forwards N]] "
                + "[--model NAME]";
    }

    @Override
    public String summary() {
        return "sensitivity of each parameter on the app's own inputs, on a private copy (the app's weights are "
                + "never touched): table, JSON, CSV, SVG chart, and a proposed plan";
    }

    @Override
    public Set<String> options() {
        return Set.of("model", "params", "amounts", "method", "n", "dim", "inputs", "cpu", "output", "out", "propose",
                "min-agreement", "live-metric", "floor", "settle", "settle-forwards");
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 1, synopsis());
        if (line.option("propose").isPresent() && line.option("min-agreement").isPresent()) {
            throw new UsageException("give --propose or --min-agreement, not both");
        }
        checkLive(line);
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

    /** A live sweep needs its floor, and takes none of the private sweep's options. */
    private static void checkLive(CommandLine line) throws UsageException {
        boolean live = line.option("live-metric").isPresent();
        if (!live) {
            for (String name : List.of("floor", "settle", "settle-forwards")) {
                if (line.option(name).isPresent()) {
                    throw new UsageException("--" + name + " belongs to a live sweep: give --live-metric too");
                }
            }
            return;
        }
        if (line.option("floor").isEmpty()) {
            throw new UsageException("--live-metric needs --floor: the lowest value of the metric the app may reach "
                    + "(a step below it is undone at once)");
        }
        line.doubleOption("floor");
        double settle = line.doubleOption("settle").orElse(0.0);
        if (!(settle >= 0)) {
            throw new UsageException("--settle must be a number of seconds, got " + settle);
        }
        long forwards = line.intOption("settle-forwards").orElse(0);
        if (forwards < 0) {
            throw new UsageException("--settle-forwards must be 0 or more forwards, got " + forwards);
        }
        for (String name : List.of("inputs", "cpu", "output", "propose", "min-agreement")) {
            if (line.option(name).isPresent()) {
                throw new UsageException("--" + name + " belongs to a sweep of a private copy, not to a live sweep "
                        + "(--live-metric)");
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
        boolean live = line.option("live-metric").isPresent();
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
            List<String> files;
            String text;
            if (live) {
                String metric = line.option("live-metric").orElseThrow();
                double floor = line.doubleOption("floor").orElseThrow();
                double settle = line.doubleOption("settle").orElse(0.0);
                long forwards = line.intOption("settle-forwards").orElse(0);
                LiveSweepReport report = model.call(bean -> bean.liveSweep(String.join(",", settings.params()),
                        joined(settings.amounts()), settings.method().pytorchName(), settings.n().toString(),
                        settings.dim(), metric, floor, settle, forwards));
                files = write(out, report.getModel() + "-live-sweep", SweepRendering.json(report),
                        SweepRendering.csv(report), SweepRendering.svg(report));
                text = line.json() ? SweepRendering.json(report) : SweepRendering.table(report);
            } else {
                SweepReport report = model.call(bean -> bean.sweep(String.join(",", settings.params()),
                        joined(settings.amounts()), settings.method().pytorchName(), settings.n().toString(),
                        settings.dim(), settings.inputs(), settings.cpuShare(), settings.output().label()));
                files = write(out, report.getModel() + "-sweep", SweepRendering.json(report),
                        SweepRendering.csv(report), SweepRendering.svg(report));
                proposal(report, settings, line, out).ifPresent(files::add);
                text = line.json() ? SweepRendering.json(report) : SweepRendering.table(report);
            }
            err.print("\r" + pad("") + "\r");
            environment.out().print(text);
            if (!line.json()) {
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

    /** Writes the JSON, CSV and SVG forms as {@code <base>.json} and so on; returns the files written. */
    private static List<String> write(Path out, String base, String json, String csv, String svg)
            throws CommandFailedException {
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
        List<String> files = new ArrayList<>();
        files.add(writeFile(out.resolve(safe + ".json"), json));
        files.add(writeFile(out.resolve(safe + ".csv"), csv));
        files.add(writeFile(out.resolve(safe + ".svg"), svg));
        return files;
    }

    /** The plan {@code --propose} or {@code --min-agreement} asked for, written, with a line saying what it is. */
    private static Optional<String> proposal(SweepReport report, SweepSettings settings, CommandLine line, Path out)
            throws UsageException, CommandFailedException {
        SweepProposal proposal = null;
        if (line.option("propose").isPresent()) {
            proposal = SweepProposal.forSparsity(report, settings, line.doubleOption("propose").orElseThrow());
        } else if (line.option("min-agreement").isPresent()) {
            proposal = SweepProposal.withinAgreement(report, settings, line.doubleOption("min-agreement").orElseThrow());
        }
        if (proposal == null) {
            return Optional.empty();
        }
        String base = report.getModel().replaceAll("[^A-Za-z0-9._-]", "_");
        return Optional.of(writeFile(out.resolve(base + "-plan.json"), proposal.json()) + String.format(
                java.util.Locale.ROOT, " (%d steps, predicted sparsity %.3f and agreement %.3f; not applied)",
                proposal.steps().size(), proposal.predictedSparsity(), proposal.predictedAgreement()));
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
