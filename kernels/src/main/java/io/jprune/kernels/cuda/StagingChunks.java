package io.jprune.kernels.cuda;

/**
 * How a transfer of {@code length} array elements is cut into pieces that fit the pinned staging buffer.
 * Offsets are longs: a float array of 2^31 - 1 elements is 8 GiB, and an int offset stepping through it
 * overflows before the last piece (to a negative offset that copies the wrong place), and a byte offset
 * even sooner.
 */
final class StagingChunks {
    /** One piece: {@code count} elements from element {@code offset}, i.e. byte {@code offset * elementBytes}. */
    @FunctionalInterface
    interface Piece {
        void copy(long offset, int count);
    }

    private StagingChunks() {
    }

    /** Calls {@code piece} for consecutive pieces of at most {@code stagingBytes / elementBytes} elements. */
    static void forEach(long length, int elementBytes, int stagingBytes, Piece piece) {
        int perPiece = stagingBytes / elementBytes;
        if (perPiece <= 0) {
            throw new IllegalArgumentException(stagingBytes + " staging bytes cannot hold a " + elementBytes + "-byte element");
        }
        for (long offset = 0; offset < length; offset += perPiece) {
            piece.copy(offset, (int) Math.min(perPiece, length - offset));
        }
    }
}
