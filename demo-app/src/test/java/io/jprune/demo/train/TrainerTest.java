package io.jprune.demo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** The trainer's forward maths is the inference classes' maths. */
    @Test
    void trainerModelMatchesInferenceLeNet() {
        Trainer.Model model = new Trainer.Model(new Random(3));
        Trainer.Shard shard = new Trainer.Shard(model);
        float[] x = Mnist.test().image(0);
        LeNet net = model.toLeNet();
        float[] logits = net.forward(x);
        // loss = logsumexp(z) - z[y] computed by the trainer from its own forward pass
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += StrictMath.exp(z - max);
        }
        int y = 4;
        shard.run(new float[][] {x}, new int[] {y}, 0, 1);
        assertEquals(StrictMath.log(sum) - (logits[y] - max), shard.loss, 1e-5);
    }

    /** Hand-written backprop against central finite differences, a few weights of every tensor. */
    @Test
    void gradientsMatchFiniteDifferences() {
        Trainer.Model model = new Trainer.Model(new Random(7));
        Trainer.Shard shard = new Trainer.Shard(model);
        Mnist test = Mnist.test();
        float[][] xs = {test.image(1), test.image(2)};
        int[] ys = {test.label(1), test.label(2)};
        shard.run(xs, ys, 0, 2);
        float[][] analytic = new float[model.params.length][];
        for (int p = 0; p < analytic.length; p++) {
            analytic[p] = shard.grads[p].clone();
        }
        int checked = 0;
        int agreed = 0;
        for (int p = 0; p < model.params.length; p++) {
            float[] w = model.params[p];
            // the 3 entries with the largest gradient of this tensor
            for (int pick = 0; pick < 3; pick++) {
                int best = -1;
                for (int i = 0; i < w.length; i++) {
                    if (analytic[p][i] != Float.MAX_VALUE
                            && (best < 0 || Math.abs(analytic[p][i]) > Math.abs(analytic[p][best]))) {
                        best = i;
                    }
                }
                float g = analytic[p][best];
                analytic[p][best] = Float.MAX_VALUE; // do not pick again
                float saved = w[best];
                float eps = 1e-3f;
                w[best] = saved + eps;
                shard.run(xs, ys, 0, 2);
                double plus = shard.loss;
                w[best] = saved - eps;
                shard.run(xs, ys, 0, 2);
                double minus = shard.loss;
                w[best] = saved;
                double numeric = (plus - minus) / (2 * eps);
                checked++;
                if (Math.abs(numeric - g) <= 0.1 * Math.abs(g) + 1e-3) {
                    agreed++;
                }
            }
        }
        // 10%: relu / max-pool switches inside +-eps blur the conv1 figures by a few percent
        assertEquals(checked, agreed, agreed + " of " + checked + " gradients agree");
    }

    @Test
    void shiftMovesPixels() {
        byte[] img = new byte[28 * 28];
        img[5 * 28 + 5] = 1;
        byte[] moved = Trainer.shift(img, 2, -1);
        byte[] expected = new byte[28 * 28];
        expected[4 * 28 + 7] = 1;
        assertArrayEquals(expected, moved);
    }
}
