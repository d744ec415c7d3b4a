package io.jprune.demo.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Tribuo's {@code cnn_mnist} network written as a DJL block, with its layers named as the PyTorch module that was
 * exported to {@code cnn_mnist.onnx} named them ({@code conv1}, {@code conv2}, {@code fc1}, {@code fc2}): conv1
 * (10 filters 5x5), max pool 2, relu, conv2 (20 filters 5x5), max pool 2, relu, flatten, fc1 (50), relu, fc2 (10).
 * DJL keeps the names with a position in front ({@code 01conv1}), as it does for every child block.
 */
final class CnnMnistBlock extends AbstractBlock {
    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final Block conv1;
    private final Block conv2;
    private final Block fc1;
    private final Block fc2;

    CnnMnistBlock() {
        conv1 = addChildBlock("conv1", Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(10).build());
        conv2 = addChildBlock("conv2", Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(20).build());
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(50).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(10).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = conv1.forward(store, inputs, training).singletonOrThrow();
        x = Activation.relu(Pool.maxPool2d(x, POOL, POOL, NO_PADDING, false));
        x = conv2.forward(store, new NDList(x), training).singletonOrThrow();
        x = Activation.relu(Pool.maxPool2d(x, POOL, POOL, NO_PADDING, false));
        x = x.reshape(x.getShape().get(0), -1);
        x = Activation.relu(fc1.forward(store, new NDList(x), training).singletonOrThrow());
        return fc2.forward(store, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        conv1.initialize(manager, dataType, inputShapes[0]);
        conv2.initialize(manager, dataType, new Shape(batch, 10, 12, 12));
        fc1.initialize(manager, dataType, new Shape(batch, 320));
        fc2.initialize(manager, dataType, new Shape(batch, 50));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 10)};
    }
}
