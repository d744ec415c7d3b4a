package io.jprune.testmodels;

/** Parameters as nested arrays, a ragged array, a flat array with an explicit shape and one of no known shape. */
public class Tensors {
    private final float[][] matrix = {{1, 2, 3}, {4, 5, 6}};
    private final float[][][] cube = new float[2][3][4];
    private final float[][] ragged = {{1}, {2, 3}};
    private final float[] kernel = new float[12];
    private final float[] loose = new float[5];
    private final double[] notFloat = new double[3];
    private static final float[] SHARED_CONSTANT = new float[7];

    public float[] forward(float[] x) {
        return x;
    }
}
