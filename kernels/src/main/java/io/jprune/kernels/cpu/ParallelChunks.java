package io.jprune.kernels.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Splits {@code [0, n)} into contiguous chunks whose boundaries fall on 64-element words, so that a chunk
 * owns whole words of a {@link io.jprune.kernels.BitMask} and no two threads ever write the same word.
 * Small inputs get one chunk and run on the caller's thread: a thread hand-off costs more than the work.
 *
 * <p>The threads belong to jprune's own daemon pool, not the common pool: jprune runs inside someone
 * else's application, whose parallel streams must not queue behind a mask computation.
 */
final class ParallelChunks {
    /** Below this many elements a single thread finishes before a second would have started. */
    static final int PARALLEL_THRESHOLD = 1 << 17;
    private static final int MIN_CHUNK = 1 << 15;
    private static final int CHUNKS_PER_THREAD = 4;

    private final int n;
    private final int chunkSize;
    private final int count;

    private ParallelChunks(int n, int chunkSize) {
        this.n = n;
        this.chunkSize = chunkSize;
        this.count = n == 0 ? 1 : (int) ((n + (long) chunkSize - 1) / chunkSize);
    }

    /** Chunks for {@code n} elements: one if the input is small or only one core is there. */
    static ParallelChunks of(int n) {
        return forWorkers(n, Pool.INSTANCE.getParallelism());
    }

    /** The chunks {@link #of} makes on a machine whose pool has {@code threads} threads. */
    static ParallelChunks forWorkers(int n, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (n < PARALLEL_THRESHOLD || threads == 1) {
            return new ParallelChunks(n, Math.max(n, 1));
        }
        int wanted = Math.min(threads * CHUNKS_PER_THREAD, n / MIN_CHUNK);
        int size = (int) ((n + (long) wanted - 1) / wanted);
        size = (size + 63) & ~63;
        return new ParallelChunks(n, size);
    }

    /** Chunks of exactly {@code chunkSize} elements (a multiple of 64), for tests of the parallel paths. */
    static ParallelChunks ofSize(int n, int chunkSize) {
        if (chunkSize <= 0 || (chunkSize & 63) != 0) {
            throw new IllegalArgumentException("chunkSize must be a positive multiple of 64, got " + chunkSize);
        }
        return new ParallelChunks(n, chunkSize);
    }

    int count() {
        return count;
    }

    int start(int chunk) {
        return (int) Math.min((long) chunk * chunkSize, n);
    }

    int end(int chunk) {
        return (int) Math.min((long) (chunk + 1) * chunkSize, n);
    }

    /** Runs {@code body} once per chunk index and returns when all are done; exceptions propagate. */
    void run(IntConsumer body) {
        if (count == 1) {
            body.accept(0);
            return;
        }
        Pool.INSTANCE.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                List<RecursiveAction> tasks = new ArrayList<>(count);
                for (int c = 0; c < count; c++) {
                    int chunk = c;
                    tasks.add(new RecursiveAction() {
                        @Override
                        protected void compute() {
                            body.accept(chunk);
                        }
                    });
                }
                invokeAll(tasks);
            }
        });
    }

    /** The number of threads large inputs are spread over. */
    static int threads() {
        return Pool.INSTANCE.getParallelism();
    }

    /** Created on first use only, so that an agent that never prunes starts no thread. */
    private static final class Pool {
        static final ForkJoinPool INSTANCE = new ForkJoinPool(
                Runtime.getRuntime().availableProcessors(), Pool::newThread, null, false);

        private static final AtomicInteger NUMBER = new AtomicInteger();

        private static ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("jprune-cpu-kernels-" + NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
