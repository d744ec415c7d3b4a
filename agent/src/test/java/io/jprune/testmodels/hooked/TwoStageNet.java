package io.jprune.testmodels.hooked;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Two layers with a pause between them, so that a test can prune while a forward is half done. */
public class TwoStageNet {
    private final HookedLinear first;
    private final HookedLinear second;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);
    private volatile boolean pause;

    public TwoStageNet(HookedLinear first, HookedLinear second) {
        this.first = first;
        this.second = second;
    }

    /** Makes the next forward stop between its layers until {@link #resume()}. */
    public void pauseNextForward() {
        pause = true;
    }

    public void awaitPaused() throws InterruptedException {
        if (!arrived.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the forward never reached the pause");
        }
    }

    public void resume() {
        resume.countDown();
    }

    public float[] forward(float[] x) throws InterruptedException {
        float[] hidden = first.forward(x);
        if (pause) {
            pause = false;
            arrived.countDown();
            if (!resume.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never resumed");
            }
        }
        return second.forward(hidden);
    }
}
