package io.jprune.runtime.structure;

import java.util.Arrays;

/**
 * For one array of a trace (a module's input, or the model's output), which producer channel's perturbation
 * changed each element. Built one channel at a time, so that probing a producer costs one trace's worth of
 * memory however many channels it has.
 *
 * <p>The array is a direct destination of the producer when every channel changes something and no element
 * is changed by two channels: a layer in between would mix the channels, and then every channel changes the
 * same elements.
 */
final class ChangeOwners {
    private static final int NONE = -1;

    private final int[] owner;
    private boolean overlapping;
    private int channelsWithChanges;

    ChangeOwners(int length) {
        this.owner = new int[length];
        Arrays.fill(owner, NONE);
    }

    /** Records the elements that perturbing {@code channel} changed between {@code before} and {@code after}. */
    void offer(int channel, float[] before, float[] after) {
        boolean any = false;
        for (int i = 0; i < before.length; i++) {
            if (changed(before[i], after[i])) {
                any = true;
                if (owner[i] != NONE) {
                    overlapping = true;
                }
                owner[i] = channel;
            }
        }
        if (any) {
            channelsWithChanges++;
        }
    }

    /** Whether the array is fed directly, channel by channel, by a producer of {@code channels} channels. */
    boolean isDirect(int channels) {
        return !overlapping && channelsWithChanges == channels;
    }

    /** Whether any element changed at all. */
    boolean anyChanged() {
        return channelsWithChanges > 0;
    }

    /** The channel whose perturbation changed element {@code index}, or -1. */
    int ownerOf(int index) {
        return owner[index];
    }

    int length() {
        return owner.length;
    }

    /** A change is a different value; -0.0 and 0.0 are the same, and so are two NaNs. */
    static boolean changed(float before, float after) {
        return !(before == after || (before != before && after != after));
    }
}
