package io.jprune.demo.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.jprune.demo.DigitClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Classifies digits with Tribuo's {@code cnn_mnist} network built as a DJL block ({@link CnnMnistBlock}) on DJL's
 * PyTorch engine, its weights read from {@code cnn_mnist.onnx}: the same model the ONNX Runtime service runs, so
 * that both services must agree digit for digit. Each inference thread has its own {@link Predictor} of the one
 * shared {@link Model}, as DJL asks (a predictor is not thread-safe; the model and its weights are shared).
 */
public final class DjlDigitClassifier implements DigitClassifier, AutoCloseable {
    /** The model inside demo-app.jar, taken from Tribuo's test jar by the build. */
    public static final String RESOURCE = "/org/tribuo/interop/onnx/cnn_mnist.onnx";
    private static final Shape ONE_IMAGE = new Shape(1, 1, 28, 28);

    private final Model model;
    private final List<Predictor<float[], float[]>> predictors = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<Predictor<float[], float[]>> predictor;

    private DjlDigitClassifier(Model model) {
        this.model = model;
        this.predictor = ThreadLocal.withInitial(() -> {
            Predictor<float[], float[]> p = model.newPredictor(new DigitTranslator());
            predictors.add(p);
            return p;
        });
    }

    /**
     * The network with the weights of the ONNX model at {@code path} (a file), or of the one inside demo-app.jar when
     * {@code path} is {@code null}. Never downloads: DJL runs offline unless the app was told otherwise.
     */
    public static DjlDigitClassifier open(String path) throws IOException {
        defaultProperty("ai.djl.offline", "true");
        // one image per predict: libtorch's own thread pool would only contend with the service's threads
        defaultProperty("ai.djl.pytorch.num_threads", "1");
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        Map<String, OnnxInitializers.Tensor> weights = OnnxInitializers.read(
                path != null ? Files.readAllBytes(Path.of(path)) : bundledModel());
        Model model = Model.newInstance("cnn_mnist", "PyTorch");
        Block block = new CnnMnistBlock();
        block.initialize(model.getNDManager(), DataType.FLOAT32, ONE_IMAGE);
        block.getChildren().forEach(child -> {
            String layer = child.getKey().substring(2);
            for (var entry : child.getValue().getDirectParameters()) {
                Parameter parameter = entry.getValue();
                OnnxInitializers.Tensor tensor = weights.get(layer + "." + entry.getKey());
                if (tensor == null) {
                    throw new IllegalStateException("the ONNX model has no " + layer + "." + entry.getKey());
                }
                parameter.getArray().set(tensor.values());
            }
        });
        model.setBlock(block);
        return new DjlDigitClassifier(model);
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static byte[] bundledModel() {
        try (InputStream in = DjlDigitClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; build demo-app");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DJL engine and its version, e.g. {@code PyTorch 2.7.1 (DJL 0.36.0)}. */
    public String engineDescription() {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    @Override
    public int classify(float[] image) {
        float[] scores = scores(image);
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The ten scores of one normalized 1x28x28 image, through this thread's predictor. */
    public float[] scores(float[] image) {
        try {
            return predictor.get().predict(image);
        } catch (TranslateException e) {
            throw new IllegalStateException("DJL failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (predictors) {
            predictors.forEach(Predictor::close);
            predictors.clear();
        }
        model.close();
    }

    /** One normalized 28x28 image in, its ten scores out. */
    private static final class DigitTranslator implements NoBatchifyTranslator<float[], float[]> {
        @Override
        public NDList processInput(TranslatorContext context, float[] image) {
            return new NDList(context.getNDManager().create(image, ONE_IMAGE));
        }

        @Override
        public float[] processOutput(TranslatorContext context, NDList output) {
            return output.singletonOrThrow().toFloatArray();
        }
    }
}
