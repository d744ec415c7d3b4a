package io.jprune.demo;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A long-lived MNIST inference service: N threads loop over the 2,000 held-out digits, classifying
 * each with one shared {@link LeNet}; a reporter prints accuracy and latency every second and the
 * figures are published as the MXBean {@code demo:type=Inference}.
 *
 * <pre>
 * java -jar demo-app/target/demo-app.jar [--threads N] [--report-ms MS] [--passes N]
 * </pre>
 */
public final class InferenceService {

    public static final String OBJECT_NAME = "demo:type=Inference";

    static final String USAGE = String.join("\n",
            "usage: java -jar demo-app.jar [--model lenet|onnx[=FILE]|djl[=FILE]] [--threads N] [--report-ms MS]"
                    + " [--passes N]",
            "  Serves a digit classifier on the 2,000 held-out MNIST digits until killed, logging accuracy",
            "  and latency and publishing them as the MBean " + OBJECT_NAME + ".",
            "  --model lenet   the hand-written Java LeNet (default)",
            "  --model onnx    cnn_mnist.onnx on ONNX Runtime (lib/onnxruntime.jar), from demo-app.jar,",
            "                  or from FILE with --model onnx=FILE",
            "  --model djl     the same network on DJL's PyTorch engine (lib/), weights from cnn_mnist.onnx,",
            "                  or from FILE with --model djl=FILE",
            "  --threads N     inference threads sharing one model (default 2)",
            "  --report-ms MS  milliseconds between log lines (default 1000)",
            "  --passes N      stop after N passes over the digits, all threads together (default: run forever)",
            "  --help          print this message");

    /** Command line options. */
    public static final class Options {
        public int threads = 2;
        public long reportMillis = 1000;
        /** 0 = unbounded. */
        public long passes = 0;
        public boolean help;
        /** {@code lenet}, {@code onnx} or {@code djl}. */
        public String model = "lenet";
        /** The ONNX model file (its weights, for {@code djl}); {@code null}: the one inside demo-app.jar. */
        public String onnxFile;

        public static Options parse(String... args) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--help":
                    case "-h":
                        if (value != null) {
                            throw new UsageException("--help takes no value");
                        }
                        o.help = true;
                        break;
                    case "--model":
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new UsageException("missing value after " + arg);
                            }
                            value = args[++i];
                        }
                        if (value.equals("lenet") || value.equals("onnx") || value.equals("djl")) {
                            o.model = value;
                        } else if (value.startsWith("onnx=") && value.length() > 5) {
                            o.model = "onnx";
                            o.onnxFile = value.substring(5);
                        } else if (value.startsWith("djl=") && value.length() > 4) {
                            o.model = "djl";
                            o.onnxFile = value.substring(4);
                        } else {
                            throw new UsageException("--model takes lenet, onnx, onnx=FILE, djl or djl=FILE, got '"
                                    + value + "'");
                        }
                        break;
                    case "--threads":
                    case "--report-ms":
                    case "--passes":
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new UsageException("missing value after " + arg);
                            }
                            value = args[++i];
                        }
                        long n = number(arg, value);
                        if (arg.equals("--threads")) {
                            if (n > 256) {
                                throw new UsageException("--threads must be at most 256, got " + value);
                            }
                            o.threads = (int) n;
                        } else if (arg.equals("--report-ms")) {
                            o.reportMillis = n;
                        } else {
                            o.passes = n;
                        }
                        break;
                    default:
                        throw new UsageException("unknown option " + args[i]);
                }
            }
            return o;
        }

        private static long number(String flag, String value) throws UsageException {
            try {
                long n = Long.parseLong(value.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new UsageException(flag + " needs a positive integer, got '" + value + "'");
        }
    }

    /** A bad command line. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** The result of one completed pass. */
    private static final class PassResult {
        final int correct;
        final int total;
        final long startNanos;
        final long startMillis;
        final long endMillis;

        PassResult(int correct, int total, long startNanos, long startMillis, long endMillis) {
            this.correct = correct;
            this.total = total;
            this.startNanos = startNanos;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
        }
    }

    /** Latencies (ns) recorded by one inference thread since the reporter last drained them. */
    private static final class LatencyWindow {
        private long[] values = new long[4096];
        private int count;

        synchronized void record(long nanos) {
            if (count == values.length) {
                if (values.length >= (1 << 22)) {
                    return; // nobody drains: keep the oldest 4M samples
                }
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = nanos;
        }

        synchronized int drainTo(long[][] into, int at) {
            long[] dst = into[0];
            if (at + count > dst.length) {
                dst = Arrays.copyOf(dst, Math.max(dst.length * 2, at + count));
                into[0] = dst;
            }
            System.arraycopy(values, 0, dst, at, count);
            int n = count;
            count = 0;
            return at + n;
        }
    }

    /** The figures published over JMX. */
    private final class Stats implements InferenceMXBean {
        @Override
        public double getAccuracy() {
            PassResult r = lastPass.get();
            return r == null ? 0.0 : (double) r.correct / r.total;
        }

        @Override
        public int getCorrect() {
            PassResult r = lastPass.get();
            return r == null ? 0 : r.correct;
        }

        @Override
        public int getTotal() {
            return images.length;
        }

        @Override
        public double getLatencyP50Micros() {
            return latencyP50Nanos / 1e3;
        }

        @Override
        public double getLatencyP99Micros() {
            return latencyP99Nanos / 1e3;
        }

        @Override
        public long getPassesCompleted() {
            return passesCompleted.get();
        }

        @Override
        public long getLastPassStartedAtMillis() {
            PassResult r = lastPass.get();
            return r == null ? 0L : r.startMillis;
        }

        @Override
        public long getLastPassCompletedAtMillis() {
            PassResult r = lastPass.get();
            return r == null ? 0L : r.endMillis;
        }

        @Override
        public long getImagesProcessed() {
            return imagesProcessed.get();
        }

        @Override
        public long getErrors() {
            return errors.get();
        }

        @Override
        public int getThreads() {
            return threadCount;
        }
    }

    private final DigitClassifier classifier;
    private final float[][] images;
    private final int[] labels;
    private final int threadCount;
    private final long reportMillis;
    private final long maxPasses;
    private final PrintStream log;

    private final AtomicReference<PassResult> lastPass = new AtomicReference<>();
    private final AtomicLong passesCompleted = new AtomicLong();
    private final AtomicLong passesClaimed = new AtomicLong();
    private final AtomicLong imagesProcessed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile double latencyP50Nanos;
    private volatile double latencyP99Nanos;
    private volatile boolean running;

    private final List<Thread> workers = new ArrayList<>();
    private final List<LatencyWindow> windows = new ArrayList<>();
    private final long[][] drainBuffer = {new long[8192]};
    private ScheduledExecutorService reporter;
    private ObjectName objectName;

    /** The LeNet service: {@code lenet} shared by all inference threads. */
    public InferenceService(LeNet lenet, float[][] images, int[] labels, int threads, long reportMillis,
                            long maxPasses, PrintStream log) {
        this(image -> Functional.argmax(lenet.forward(image)), images, labels, threads, reportMillis, maxPasses, log);
    }

    /**
     * @param classifier the model shared by all inference threads
     * @param images normalized 1x28x28 images
     * @param labels their digits
     * @param threads number of inference threads
     * @param reportMillis milliseconds between log lines
     * @param maxPasses stop after this many passes (all threads together); 0 = run until {@link #stop()}
     * @param log where the log lines go
     */
    public InferenceService(DigitClassifier classifier, float[][] images, int[] labels, int threads,
                            long reportMillis, long maxPasses, PrintStream log) {
        if (images.length == 0 || images.length != labels.length) {
            throw new IllegalArgumentException("need as many labels as images, and at least one");
        }
        if (threads <= 0 || reportMillis <= 0 || maxPasses < 0) {
            throw new IllegalArgumentException("bad threads / reportMillis / maxPasses");
        }
        this.classifier = classifier;
        this.images = images;
        this.labels = labels;
        this.threadCount = threads;
        this.reportMillis = reportMillis;
        this.maxPasses = maxPasses;
        this.log = log;
    }

    public static void main(String[] args) {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("jprune-demo: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (opt.help) {
            System.out.println(USAGE);
            System.exit(0);
            return;
        }
        Mnist test = Mnist.test();
        DigitClassifier classifier;
        String loaded;
        if (opt.model.equals("onnx")) {
            OnnxService onnx = OnnxService.open(opt.onnxFile);
            classifier = onnx.classifier();
            loaded = onnx.description();
        } else if (opt.model.equals("djl")) {
            DjlService djl = DjlService.open(opt.onnxFile);
            classifier = djl.classifier();
            loaded = djl.description();
        } else {
            LeNet lenet = Weights.loadLeNet();
            classifier = image -> Functional.argmax(lenet.forward(image));
            loaded = String.format(Locale.US, "LeNet loaded (%,d parameters)", lenet.parameterCount());
        }
        InferenceService service = new InferenceService(classifier, test.images(), test.labels(), opt.threads,
                opt.reportMillis, opt.passes, System.out);
        System.out.printf(Locale.US, "jprune-demo: %s, %,d test digits, %d inference thread%s%n", loaded,
                test.size(), opt.threads, opt.threads == 1 ? "" : "s");
        service.start();
        try {
            service.awaitWorkers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.stop();
        if (opt.passes > 0) {
            PassResult r = service.lastPass.get();
            System.out.printf(Locale.ROOT, "jprune-demo: final accuracy %.2f%% (%d/%d) after %d passes%n",
                    100.0 * r.correct / r.total, r.correct, r.total, service.passesCompleted.get());
        }
        System.out.flush();
        System.exit(0);
    }

    /** Registers the MBean and starts the inference threads and the reporter. */
    public synchronized void start() {
        if (running || !workers.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        running = true;
        registerMBean();
        for (int t = 0; t < threadCount; t++) {
            LatencyWindow window = new LatencyWindow();
            windows.add(window);
            Thread worker = new Thread(() -> serve(window), "inference-" + t);
            workers.add(worker);
        }
        reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inference-reporter");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(this::report, reportMillis, reportMillis, TimeUnit.MILLISECONDS);
        for (Thread worker : workers) {
            worker.start();
        }
    }

    /** Waits for the inference threads to finish (in bounded mode, after {@code maxPasses} passes). */
    public void awaitWorkers() throws InterruptedException {
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** Stops the threads and unregisters the MBean. */
    public synchronized void stop() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (reporter != null) {
            reporter.shutdownNow();
        }
        unregisterMBean();
    }

    /** The figures also published over JMX. */
    public InferenceMXBean stats() {
        return new Stats();
    }

    private void serve(LatencyWindow window) {
        int n = images.length;
        while (running) {
            if (maxPasses > 0 && passesClaimed.getAndIncrement() >= maxPasses) {
                return;
            }
            long startNanos = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                int predicted;
                try {
                    predicted = classifier.classify(images[i]);
                } catch (RuntimeException e) {
                    if (errors.getAndIncrement() == 0) {
                        log.println("jprune-demo: inference failed (counted as a wrong answer; further errors "
                                + "are only counted): " + e);
                        e.printStackTrace(log);
                    }
                    predicted = -1;
                }
                window.record(System.nanoTime() - t0);
                imagesProcessed.incrementAndGet();
                if (predicted == labels[i]) {
                    correct++;
                }
                if (!running) {
                    return; // an interrupted pass is not a completed pass
                }
            }
            PassResult result = new PassResult(correct, n, startNanos, startMillis, System.currentTimeMillis());
            lastPass.accumulateAndGet(result,
                    (cur, next) -> cur == null || next.startNanos - cur.startNanos >= 0 ? next : cur);
            passesCompleted.incrementAndGet();
        }
    }

    private void report() {
        try {
            int count;
            long[] lat;
            synchronized (drainBuffer) {
                count = 0;
                for (LatencyWindow w : windows) {
                    count = w.drainTo(drainBuffer, count);
                }
                lat = Arrays.copyOf(drainBuffer[0], count);
            }
            if (count > 0) {
                Arrays.sort(lat);
                latencyP50Nanos = percentile(lat, 0.50);
                latencyP99Nanos = percentile(lat, 0.99);
            }
            StringBuilder line = new StringBuilder("jprune-demo: ");
            PassResult r = lastPass.get();
            if (r == null) {
                line.append("accuracy n/a (no pass completed yet)");
            } else {
                line.append(String.format(Locale.ROOT, "accuracy %.2f%% (%d/%d)", 100.0 * r.correct / r.total,
                        r.correct, r.total));
            }
            if (count > 0) {
                line.append(String.format(Locale.ROOT, " | latency p50 %.3f ms, p99 %.3f ms per image",
                        latencyP50Nanos / 1e6, latencyP99Nanos / 1e6));
            } else {
                line.append(" | latency n/a (no image finished in the last window)");
            }
            line.append(String.format(Locale.ROOT, " | %.1f passes done", (double) imagesProcessed.get() / images.length));
            long e = errors.get();
            if (e > 0) {
                line.append(" | ").append(e).append(e == 1 ? " error" : " errors");
            }
            log.println(line);
        } catch (RuntimeException ex) {
            log.println("jprune-demo: report failed: " + ex); // never kill the scheduled task
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new Stats(), name);
            objectName = name;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register MBean " + OBJECT_NAME, e);
        }
    }

    private void unregisterMBean() {
        if (objectName == null) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
        } catch (JMException e) {
            // best effort on shutdown
        }
        objectName = null;
    }
}
