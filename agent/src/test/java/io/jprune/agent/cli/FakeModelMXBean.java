package io.jprune.agent.cli;

/**
 * The agreed {@code io.jprune:type=Model,name=...} operations, with the agreed Java signatures, so that the command
 * line's invoke-by-name calls are checked against a real MXBean's signature matching.
 */
public interface FakeModelMXBean {

    /** An item of namedModules, mapped by the MXBean rules to CompositeData {name, type, repr}. */
    final class ModuleEntry {
        private final String name;
        private final String type;
        private final String repr;

        public ModuleEntry(String name, String type, String repr) {
            this.name = name;
            this.type = type;
            this.repr = repr;
        }

        public String getName() {
            return name;
        }

        public String getType() {
            return type;
        }

        public String getRepr() {
            return repr;
        }
    }

    /** An item of namedParameters/namedBuffers: CompositeData {name, shape, numel, zeros}. */
    final class TensorEntry {
        private final String name;
        private final int[] shape;
        private final long numel;
        private final long zeros;

        public TensorEntry(String name, int[] shape, long numel, long zeros) {
            this.name = name;
            this.shape = shape;
            this.numel = numel;
            this.zeros = zeros;
        }

        public String getName() {
            return name;
        }

        public int[] getShape() {
            return shape;
        }

        public long getNumel() {
            return numel;
        }

        public long getZeros() {
            return zeros;
        }
    }

    ModuleEntry[] namedModules();

    TensorEntry[] namedParameters(String module);

    TensorEntry[] namedBuffers(String module);

    float[] tensor(String qualifiedName);

    String describe(String module);

    boolean isPruned();

    int[] prunedChannels(String param, int dim);

    String randomUnstructured(String param, String amount, long seed);

    String l1Unstructured(String param, String amount);

    String l1Unstructured(String param, String amount, float[] importanceScores);

    String randomStructured(String param, String amount, int dim, long seed);

    String lnStructured(String param, String amount, String n, int dim);

    String lnStructured(String param, String amount, String n, int dim, float[] importanceScores);

    String globalUnstructured(String[] params, String method, String amount, long seed);

    String customFromMask(String param, float[] mask);

    String identity(String param);

    String remove(String param);

    String restore(String param);

    String restore();
}
