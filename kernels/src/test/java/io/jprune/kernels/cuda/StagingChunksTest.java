package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transfers of the largest Java arrays, without allocating them: the pieces' offsets and counts only. */
class StagingChunksTest {

    @Test
    void coversTheLargestFloatArrayWithoutOverflowingAnOffset() {
        long length = Integer.MAX_VALUE;
        int staging = 8 << 20;
        List<long[]> pieces = new ArrayList<>();
        StagingChunks.forEach(length, Float.BYTES, staging, (offset, count) -> pieces.add(new long[] {offset, count}));
        long perPiece = staging / Float.BYTES;
        assertEquals((length + perPiece - 1) / perPiece, pieces.size());
        long next = 0;
        for (long[] piece : pieces) {
            assertEquals(next, piece[0], "pieces are consecutive");
            next += piece[1];
        }
        assertEquals(length, next, "and end at the last element");
        long[] last = pieces.get(pieces.size() - 1);
        assertEquals(2_145_386_496L, last[0]);
        assertEquals(2_097_151L, last[1]);
        assertEquals(8_581_545_984L, last[0] * Float.BYTES, "the last piece's byte offset is beyond 2^32");
    }

    @Test
    void anEmptyTransferHasNoPieceAndASmallOneHasOne() {
        List<String> pieces = new ArrayList<>();
        StagingChunks.forEach(0, 8, 64, (offset, count) -> pieces.add(offset + "+" + count));
        assertEquals(List.of(), pieces);
        StagingChunks.forEach(19, 8, 64, (offset, count) -> pieces.add(offset + "+" + count));
        assertEquals(List.of("0+8", "8+8", "16+3"), pieces);
    }
}
