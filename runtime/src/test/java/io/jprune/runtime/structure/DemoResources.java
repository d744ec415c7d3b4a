package io.jprune.runtime.structure;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The demo app's committed weights and held-out digits, read from its source tree: the runtime must not
 * depend on the demo, but the test of the "done when" wants the real trained LeNet.
 */
final class DemoResources {
    private static final String DIR = "demo-app/src/main/resources/io/jprune/demo/";

    private DemoResources() {
    }

    /** The demo's directory of resources, from the runtime module or from the repository root. */
    static Path directory() {
        for (Path candidate : new Path[] {Path.of("..").resolve(DIR), Path.of(DIR)}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("the demo app's resources are not at ../" + DIR + " nor at " + DIR
                + " (working directory " + Path.of("").toAbsolutePath() + ")");
    }

    /** The trained LeNet's tensors by state_dict name (the demo's JPRW format, little-endian). */
    static Map<String, float[]> weights() {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(directory().resolve("lenet-mnist.weights")))) {
            byte[] magic = in.readNBytes(4);
            if (!new String(magic, StandardCharsets.US_ASCII).equals("JPRW") || littleInt(in) != 1) {
                throw new IOException("not a version 1 JPRW weight file");
            }
            int count = littleInt(in);
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (int t = 0; t < count; t++) {
                String name = new String(in.readNBytes(littleInt(in)), StandardCharsets.UTF_8);
                int rank = littleInt(in);
                int numel = 1;
                for (int d = 0; d < rank; d++) {
                    numel *= littleInt(in);
                }
                float[] values = new float[numel];
                ByteBuffer.wrap(in.readNBytes(4 * numel)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                tensors.put(name, values);
            }
            return tensors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 2,000 held-out digits, normalised as the demo does: (x/255 - 0.1307) / 0.3081. */
    static float[][] testImages() {
        try (DataInputStream in = idx("test-images-idx3-ubyte.gz")) {
            if (in.readInt() != 0x803) {
                throw new IOException("not an IDX image file");
            }
            int n = in.readInt();
            int pixels = in.readInt() * in.readInt();
            float[][] images = new float[n][pixels];
            byte[] raw = new byte[pixels];
            for (float[] image : images) {
                in.readFully(raw);
                for (int p = 0; p < pixels; p++) {
                    image[p] = ((raw[p] & 0xff) / 255f - 0.1307f) / 0.3081f;
                }
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Their labels. */
    static int[] testLabels() {
        try (DataInputStream in = idx("test-labels-idx1-ubyte.gz")) {
            if (in.readInt() != 0x801) {
                throw new IOException("not an IDX label file");
            }
            int[] labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream idx(String name) throws IOException {
        InputStream raw = Files.newInputStream(directory().resolve("mnist").resolve(name));
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    }

    private static int littleInt(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }
}
