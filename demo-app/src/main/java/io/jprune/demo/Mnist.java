package io.jprune.demo;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST digits committed as classpath resources (gzipped IDX files, see
 * {@code demo-app/data/convert-mnist.js}): 8,000 training and 2,000 held-out test digits.
 */
public final class Mnist {

    public static final String RESOURCE_DIR = "/io/jprune/demo/mnist/";
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    /** PyTorch's MNIST tutorial normalisation: (x/255 - MEAN) / STD. */
    public static final float MEAN = 0.1307f;
    public static final float STD = 0.3081f;

    /** Raw 0..255 pixels, one {@code byte[784]} per image, and labels 0..9. */
    private final byte[][] pixels;
    private final int[] labels;

    private Mnist(byte[][] pixels, int[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    /** The 2,000 held-out test digits. */
    public static Mnist test() {
        return load("test");
    }

    /** The 8,000 training digits. */
    public static Mnist train() {
        return load("train");
    }

    private static Mnist load(String kind) {
        String images = RESOURCE_DIR + kind + "-images-idx3-ubyte.gz";
        String labels = RESOURCE_DIR + kind + "-labels-idx1-ubyte.gz";
        try {
            byte[][] px = readImages(images);
            int[] lb = readLabels(labels);
            if (px.length != lb.length) {
                throw new IOException(images + " has " + px.length + " images but " + labels + " has "
                        + lb.length + " labels");
            }
            return new Mnist(px, lb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MNIST " + kind + " resources", e);
        }
    }

    private static DataInputStream open(String resource) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource " + resource + " not on the classpath");
        }
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
    }

    private static byte[][] readImages(String resource) throws IOException {
        try (DataInputStream in = open(resource)) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 0x803 || n < 0 || rows != SIDE || cols != SIDE) {
                throw new IOException(resource + ": not an IDX file of 28x28 images");
            }
            byte[][] px = new byte[n][PIXELS];
            for (byte[] image : px) {
                in.readFully(image);
            }
            return px;
        }
    }

    private static int[] readLabels(String resource) throws IOException {
        try (DataInputStream in = open(resource)) {
            int magic = in.readInt();
            int n = in.readInt();
            if (magic != 0x801 || n < 0) {
                throw new IOException(resource + ": not an IDX label file");
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
                if (labels[i] > 9) {
                    throw new IOException(resource + ": label " + labels[i] + " at " + i);
                }
            }
            return labels;
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of the raw 0..255 pixels of image i (unsigned bytes). */
    public byte[] rawPixels(int i) {
        return pixels[i].clone();
    }

    /** Image i, normalized as in PyTorch's MNIST example: (x/255 - 0.1307) / 0.3081. */
    public float[] image(int i) {
        return normalize(pixels[i]);
    }

    /** All images, normalized. */
    public float[][] images() {
        float[][] all = new float[size()][];
        for (int i = 0; i < all.length; i++) {
            all[i] = image(i);
        }
        return all;
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Normalizes 784 raw pixels (unsigned bytes). */
    public static float[] normalize(byte[] raw) {
        float[] x = new float[raw.length];
        for (int p = 0; p < raw.length; p++) {
            x[p] = ((raw[p] & 0xff) / 255f - MEAN) / STD;
        }
        return x;
    }
}
