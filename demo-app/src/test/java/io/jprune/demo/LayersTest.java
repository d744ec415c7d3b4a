package io.jprune.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void lenetShapes() {
        LeNet net = new LeNet();
        Conv2d conv1 = net.getConv1();
        Conv2d conv2 = net.getConv2();
        assertEquals(26, conv1.outputSize(28));
        assertEquals(11, conv2.outputSize(13));

        float[] image = new float[28 * 28];
        float[] a1 = conv1.forward(image, 28, 28);
        assertEquals(6 * 26 * 26, a1.length);
        float[] p1 = Functional.maxPool2x2(a1, 26, 26);
        assertEquals(6 * 13 * 13, p1.length);
        float[] a2 = conv2.forward(p1, 13, 13);
        assertEquals(16 * 11 * 11, a2.length);
        float[] p2 = Functional.maxPool2x2(a2, 11, 11);
        assertEquals(16 * 5 * 5, p2.length);
        assertEquals(400, net.getFc1().getInFeatures());
        assertEquals(10, net.forward(image).length);
        assertEquals(60_074, net.parameterCount());
    }

    @Test
    void convForwardByHand() {
        // 1 channel, 3x3 input 1..9, one 2x2 kernel [1 2; 3 4], bias 0.5, stride 1
        Conv2d conv = new Conv2d(1, 1, 2, 1, new float[] {1, 2, 3, 4}, new float[] {0.5f});
        float[] out = conv.forward(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
        // (0,0): 1*1 + 2*2 + 3*4 + 4*5 = 37;  (0,1): 2 + 6 + 15 + 24 = 47
        // (1,0): 4 + 10 + 21 + 32 = 67;        (1,1): 5 + 12 + 24 + 36 = 77
        assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, out);
    }

    @Test
    void convForwardTwoChannelsStrideTwo() {
        float[] input = new float[2 * 4 * 4];
        for (int i = 0; i < 16; i++) {
            input[i] = i + 1;   // channel 0: 1..16
            input[16 + i] = 1;  // channel 1: all ones
        }
        float[] weight = {
            1, 0, 0, 0, /* out 0, in 0 */ 0, 0, 0, 1, /* out 0, in 1 */
            0, 0, 0, -1, /* out 1, in 0 */ 1, 1, 1, 1, /* out 1, in 1 */
        };
        Conv2d conv = new Conv2d(2, 2, 2, 2, weight, new float[] {0, 10});
        float[] out = conv.forward(input, 4, 4);
        // windows' top-left of channel 0: 1, 3, 9, 11; bottom-right: 6, 8, 14, 16
        assertArrayEquals(new float[] {2, 4, 10, 12, /* 10 + 4 - br */ 8, 6, 0, -2}, out);
        assertEquals(2, conv.outputSize(4));
    }

    @Test
    void linearForwardByHand() {
        Linear fc = new Linear(3, 2, new float[] {1, 2, 3, -1, 0, 0.5f}, new float[] {0.25f, -1});
        float[] out = fc.forward(new float[] {1, -2, 4});
        assertArrayEquals(new float[] {9.25f, 0f}, out);
        assertThrows(IllegalArgumentException.class, () -> fc.forward(new float[2]));
    }

    @Test
    void maxPoolDerivesChannelsAndFloors() {
        float[] x = new float[3 * 5 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] out = Functional.maxPool2x2(x, 5, 5);
        assertEquals(3 * 2 * 2, out.length);
        assertArrayEquals(new float[] {6, 8, 16, 18, 31, 33, 41, 43, 56, 58, 66, 68}, out);
        assertArrayEquals(new float[] {0, 2, 0}, Functional.relu(new float[] {-1, 2, 0}));
        assertEquals(1, Functional.argmax(new float[] {0, 3, 3, -1}));
    }

    @Test
    void pytorchLikeToString() {
        assertEquals("Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))", new Conv2d(1, 6, 3, 1).toString());
        assertEquals("Linear(in_features=400, out_features=120, bias=True)", new Linear(400, 120).toString());
        assertEquals("LeNet(\n"
                + "  (conv1): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))\n"
                + "  (conv2): Conv2d(6, 16, kernel_size=(3, 3), stride=(1, 1))\n"
                + "  (fc1): Linear(in_features=400, out_features=120, bias=True)\n"
                + "  (fc2): Linear(in_features=120, out_features=84, bias=True)\n"
                + "  (fc3): Linear(in_features=84, out_features=10, bias=True)\n"
                + ")", new LeNet().toString());
    }

    /** What the agent does: swap weight arrays by reflection; forward must see it on the next call. */
    @Test
    void forwardReadsFieldsOnEveryCall() throws Exception {
        Linear fc = new Linear(2, 1, new float[] {1, 1}, new float[] {0});
        assertArrayEquals(new float[] {3}, fc.forward(new float[] {1, 2}));
        set(fc, "weight", new float[] {0, 1});
        assertArrayEquals(new float[] {2}, fc.forward(new float[] {1, 2}));
    }

    /**
     * What the agent does: first mask conv2's last 4 output channels (swap in zeroed copies of the
     * arrays), then physically shrink conv2 (16 -> 12 channels) and fc1 (400 -> 300 inputs). The
     * shrunk model must give exactly the masked model's logits.
     */
    @Test
    void lenetSurvivesChannelSurgery() throws Exception {
        LeNet net = Weights.loadLeNet();
        float[] image = Mnist.test().image(0);
        float[] before = net.forward(image);

        Conv2d conv2 = net.getConv2();
        Linear fc1 = net.getFc1();
        int keep = 12;
        float[] maskedW = conv2.getWeight().clone();
        float[] maskedB = conv2.getBias().clone();
        Arrays.fill(maskedW, keep * 6 * 9, maskedW.length, 0f);
        Arrays.fill(maskedB, keep, maskedB.length, 0f);
        set(conv2, "weight", maskedW);
        set(conv2, "bias", maskedB);
        float[] masked = net.forward(image);
        assertFalse(Arrays.equals(before, masked));

        float[] w3 = new float[120 * keep * 25];
        for (int o = 0; o < 120; o++) {
            System.arraycopy(fc1.getWeight(), o * 400, w3, o * keep * 25, keep * 25);
        }
        set(conv2, "weight", Arrays.copyOf(maskedW, keep * 6 * 9));
        set(conv2, "bias", Arrays.copyOf(maskedB, keep));
        set(conv2, "outChannels", keep);
        set(fc1, "weight", w3);
        set(fc1, "inFeatures", keep * 25);

        float[] after = net.forward(image);
        assertArrayEquals(masked, after);
        assertEquals("Conv2d(6, 12, kernel_size=(3, 3), stride=(1, 1))", conv2.toString());
        assertEquals("Linear(in_features=300, out_features=120, bias=True)", fc1.toString());
        assertEquals(60_074 - 4 * 55 - 120 * 100, net.parameterCount());
    }

    static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
