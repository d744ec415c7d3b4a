package io.jprune.demo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the LeNet weight file, a small binary format (all numbers little-endian):
 *
 * <pre>
 *   magic   4 bytes  "JPRW"
 *   version int32    1
 *   count   int32    number of tensors
 *   count times:
 *     nameLen int32, name (UTF-8, e.g. "conv1.weight", PyTorch state_dict names)
 *     rank    int32, dims int32[rank]   (PyTorch shapes, e.g. [6, 1, 3, 3])
 *     values  float32[product(dims)]    (row-major)
 * </pre>
 */
public final class Weights {

    /** The classpath resource holding the trained weights. */
    public static final String RESOURCE = "/io/jprune/demo/lenet-mnist.weights";

    private static final byte[] MAGIC = {'J', 'P', 'R', 'W'};
    private static final int VERSION = 1;

    private Weights() {
    }

    /** One named tensor of the file. */
    public static final class Tensor {
        public final int[] shape;
        public final float[] values;

        public Tensor(int[] shape, float[] values) {
            long n = 1;
            for (int d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("bad tensor shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                        + values.length + " values");
            }
            this.shape = shape.clone();
            this.values = values;
        }
    }

    /** Loads the committed LeNet weights from the classpath. */
    public static LeNet loadLeNet() {
        try (InputStream in = Weights.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("weights resource " + RESOURCE + " not on the classpath");
            }
            return toLeNet(read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights resource " + RESOURCE, e);
        }
    }

    /** Loads a LeNet from a weight file. */
    public static LeNet loadLeNet(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return toLeNet(read(in));
        }
    }

    /** Builds a LeNet from named tensors (stride 1 convolutions; the shapes come from the tensors). */
    public static LeNet toLeNet(Map<String, Tensor> tensors) {
        return new LeNet(conv(tensors, "conv1"), conv(tensors, "conv2"),
                linear(tensors, "fc1"), linear(tensors, "fc2"), linear(tensors, "fc3"));
    }

    /** The named tensors of a LeNet (copies of its current arrays), in state_dict order. */
    public static Map<String, Tensor> fromLeNet(LeNet net) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        put(m, "conv1", net.getConv1());
        put(m, "conv2", net.getConv2());
        put(m, "fc1", net.getFc1());
        put(m, "fc2", net.getFc2());
        put(m, "fc3", net.getFc3());
        return m;
    }

    private static void put(Map<String, Tensor> m, String name, Conv2d c) {
        int k = c.getKernelSize();
        m.put(name + ".weight", new Tensor(new int[] {c.getOutChannels(), c.getInChannels(), k, k},
                c.getWeight().clone()));
        m.put(name + ".bias", new Tensor(new int[] {c.getOutChannels()}, c.getBias().clone()));
    }

    private static void put(Map<String, Tensor> m, String name, Linear l) {
        m.put(name + ".weight", new Tensor(new int[] {l.getOutFeatures(), l.getInFeatures()}, l.getWeight().clone()));
        m.put(name + ".bias", new Tensor(new int[] {l.getOutFeatures()}, l.getBias().clone()));
    }

    private static Conv2d conv(Map<String, Tensor> tensors, String name) {
        Tensor w = require(tensors, name + ".weight", 4);
        Tensor b = require(tensors, name + ".bias", 1);
        if (w.shape[2] != w.shape[3]) {
            throw new IllegalArgumentException(name + ".weight: only square kernels are supported");
        }
        return new Conv2d(w.shape[1], w.shape[0], w.shape[2], 1, w.values, b.values);
    }

    private static Linear linear(Map<String, Tensor> tensors, String name) {
        Tensor w = require(tensors, name + ".weight", 2);
        Tensor b = require(tensors, name + ".bias", 1);
        return new Linear(w.shape[1], w.shape[0], w.values, b.values);
    }

    private static Tensor require(Map<String, Tensor> tensors, String name, int rank) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weight file has no tensor " + name);
        }
        if (t.shape.length != rank) {
            throw new IllegalArgumentException(name + " has rank " + t.shape.length + ", expected " + rank);
        }
        return t;
    }

    /** Reads all tensors of a weight file. */
    public static Map<String, Tensor> read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a jprune-demo weight file (bad magic)");
        }
        int version = readInt(in);
        if (version != VERSION) {
            throw new IOException("unsupported weight file version " + version);
        }
        int count = readInt(in);
        if (count < 0 || count > 1024) {
            throw new IOException("bad tensor count " + count);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int t = 0; t < count; t++) {
            int nameLen = readInt(in);
            if (nameLen <= 0 || nameLen > 1024) {
                throw new IOException("bad tensor name length " + nameLen);
            }
            byte[] name = new byte[nameLen];
            in.readFully(name);
            int rank = readInt(in);
            if (rank < 0 || rank > 8) {
                throw new IOException("bad tensor rank " + rank);
            }
            int[] shape = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = readInt(in);
                n *= shape[i];
                if (shape[i] <= 0 || n > (1 << 28)) {
                    throw new IOException("bad tensor shape " + Arrays.toString(shape));
                }
            }
            byte[] bytes = new byte[(int) n * 4];
            in.readFully(bytes);
            float[] values = new float[(int) n];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(new String(name, StandardCharsets.UTF_8), new Tensor(shape, values));
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes after the last tensor");
        }
        return tensors;
    }

    /** Writes tensors in the weight file format. */
    public static void write(Map<String, Tensor> tensors, OutputStream raw) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(raw);
        out.write(MAGIC);
        writeInt(out, VERSION);
        writeInt(out, tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            writeInt(out, name.length);
            out.write(name);
            Tensor t = e.getValue();
            writeInt(out, t.shape.length);
            for (int d : t.shape) {
                writeInt(out, d);
            }
            ByteBuffer buf = ByteBuffer.allocate(t.values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(t.values);
            out.write(buf.array());
        }
        out.flush();
    }

    /** Writes a LeNet's weights to a file. */
    public static void save(LeNet net, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(fromLeNet(net), out);
        }
    }

    private static int readInt(DataInputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        if ((b0 | b1 | b2 | b3) < 0) {
            throw new EOFException("truncated weight file");
        }
        return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
