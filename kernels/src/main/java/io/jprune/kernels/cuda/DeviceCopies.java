package io.jprune.kernels.cuda;

import io.jprune.kernels.BitMask;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Device copies of pruned parameters' originals and masks, kept between calls so that re-applying a
 * mask uploads 1 bit per element instead of the whole original. Keyed by the identity of the orig
 * array, which the engine never writes. The arrays are held weakly: a parameter dropped without
 * {@code release} does not pin its device memory for ever. Only used under the device lock.
 */
final class DeviceCopies {
    private static final class Entry {
        final WeakReference<float[]> original;
        final long originalPointer;
        long maskPointer;
        long[] maskWords;

        Entry(float[] original, long originalPointer) {
            this.original = new WeakReference<>(original);
            this.originalPointer = originalPointer;
        }
    }

    private final CudaDevice device;
    private final List<Entry> entries = new ArrayList<>();

    DeviceCopies(CudaDevice device) {
        this.device = device;
    }

    /** The device copy of {@code array} if it is a cached original, else 0. */
    long existing(float[] array) {
        Entry entry = find(array);
        return entry == null ? 0 : entry.originalPointer;
    }

    /** The device copy of {@code original}, uploaded on first use. */
    long original(float[] original) {
        return entryFor(original).originalPointer;
    }

    /** The device copy of the mask applied to {@code original}, uploaded only when it changed. */
    long mask(float[] original, BitMask mask) {
        Entry entry = entryFor(original);
        long[] words = mask.wordsView();
        if (entry.maskPointer == 0) {
            entry.maskPointer = device.allocate((long) words.length * Long.BYTES);
        }
        if (!Arrays.equals(entry.maskWords, words)) {
            entry.maskWords = null;
            device.upload(words, entry.maskPointer);
            entry.maskWords = words.clone();
        }
        return entry.maskPointer;
    }

    void release(float[] original) {
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            float[] held = entry.original.get();
            if (held == null || held == original) {
                free(entry);
                it.remove();
            }
        }
    }

    /** Frees every copy; they are uploaded again when next needed (the answer to device memory running out). */
    void clear() {
        entries.forEach(this::free);
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private Entry entryFor(float[] original) {
        Entry entry = find(original);
        if (entry != null) {
            return entry;
        }
        long pointer = device.allocate((long) original.length * Float.BYTES);
        try {
            device.upload(original, pointer);
        } catch (RuntimeException e) {
            device.free(pointer);
            throw e;
        }
        entry = new Entry(original, pointer);
        entries.add(entry);
        return entry;
    }

    private Entry find(float[] array) {
        Entry found = null;
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            float[] held = entry.original.get();
            if (held == null) {
                free(entry);
                it.remove();
            } else if (held == array) {
                found = entry;
            }
        }
        return found;
    }

    private void free(Entry entry) {
        device.free(entry.originalPointer);
        device.free(entry.maskPointer);
    }
}
