package io.jprune.agent.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Extra memory jprune holds for one pruned DJL parameter, in a JVM of its own with the agent: the process's resident
 * memory (native: libtorch's arrays; the heap is pre-touched, so it does not move) plus heap in use after full
 * collections, before and after {@code l1_unstructured} amount=0.5 on a DJL {@code Linear} 4096x4096 weight (a
 * 64 MiB native array), divided by the parameter's own bytes. The app's array becomes {@code weight_orig}; what
 * jprune adds is the masked array it installs (native, on the parameter's device) and the 1-bit mask (heap), so
 * about 1 + 1/32. Repeated after a restore each time; the first prune also pays libtorch's one-time costs (about
 * 15 MB), so the driver leaves it out.
 *
 * <p>Prints one line per repetition: {@code djl-memory-growth NATIVE_BYTES HEAP_BYTES PARAMETER_BYTES}.
 */
public final class DjlMemoryProbe {
    /** Start of each result line. */
    static final String RESULT = "djl-memory-growth ";
    private static final int SIDE = 4096;

    private DjlMemoryProbe() {
    }

    /** {@code args[0]}: repetitions (default 3). */
    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.setProperty("ai.djl.offline", "true");
        try (Model model = Model.newInstance("probe", "PyTorch")) {
            NDManager manager = model.getNDManager();
            Block linear = Linear.builder().setUnits(SIDE).build();
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, SIDE));
            ParameterStore store = new ParameterStore(manager, false);
            Runnable forward = () -> {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray input = scope.ones(new Shape(1, SIDE));
                    linear.forward(store, new NDList(input), false).close();
                }
            };
            forward.run();
            ForkSetup.current().apply("Linear", Map.of(), forward);
            LocalJprune jprune = LocalJprune.model("Linear");
            long parameterBytes = 4L * SIDE * SIDE;
            for (int r = 0; r < repetitions; r++) {
                long heapBefore = HeapProbe.usedAfterFullGc();
                long nativeBefore = residentBytes();
                jprune.l1Unstructured("weight", "0.5");
                forward.run();
                long heapAfter = HeapProbe.usedAfterFullGc();
                long nativeAfter = residentBytes();
                long zeros = ForkSetup.countZeros(jprune.tensor("weight"));
                if (zeros < SIDE * SIDE / 2) {
                    throw new IllegalStateException("the weight has " + zeros + " zeros after pruning half");
                }
                System.out.println(String.format(Locale.ROOT, "%s%d %d %d", RESULT, nativeAfter - nativeBefore,
                        heapAfter - heapBefore, parameterBytes));
                jprune.restore("weight");
                forward.run();
            }
        }
    }

    /** The process's resident memory, from Linux's /proc. */
    private static long residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
