package io.jprune.agent.reliability.app;

import io.jprune.demo.InferenceService;
import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * The demo service plus a second LeNet of its own, classifying one digit every 10 ms: an app with two models,
 * {@code LeNet} (the service's, which runs first) and {@code LeNet#2}, so that a prune spanning two models can be
 * asked for.
 */
public final class TwoModelDemo {
    private TwoModelDemo() {
    }

    /** Same arguments as the demo service. */
    public static void main(String[] args) throws Exception {
        Thread second = new Thread(TwoModelDemo::classifyWithASecondModel, "second-model");
        second.setDaemon(true);
        second.start();
        InferenceService.main(args);
    }

    private static void classifyWithASecondModel() {
        try {
            LeNet lenet = Weights.loadLeNet();
            float[] digit = Mnist.test().image(0);
            ObjectName service = new ObjectName(InferenceService.OBJECT_NAME);
            // the service's model must be found first, so that it is the one named LeNet
            while (!ManagementFactory.getPlatformMBeanServer().isRegistered(service)
                    || (long) ManagementFactory.getPlatformMBeanServer().getAttribute(service, "ImagesProcessed") == 0) {
                Thread.sleep(10);
            }
            while (true) {
                lenet.forward(digit);
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
