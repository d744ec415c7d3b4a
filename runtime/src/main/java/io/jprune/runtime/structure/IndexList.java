package io.jprune.runtime.structure;

/** Writes channel indices for people: runs as ranges, so that 25 features of a plane read {@code 25-49}. */
public final class IndexList {
    private IndexList() {
    }

    /** {@code [0, 1, 2, 5]} reads {@code 0-2, 5}; no index reads {@code -}. */
    public static String format(int[] ascending) {
        if (ascending.length == 0) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        int start = 0;
        for (int i = 1; i <= ascending.length; i++) {
            if (i == ascending.length || ascending[i] != ascending[i - 1] + 1) {
                if (text.length() > 0) {
                    text.append(", ");
                }
                text.append(ascending[start]);
                if (i - 1 > start) {
                    text.append('-').append(ascending[i - 1]);
                }
                start = i;
            }
        }
        return text.toString();
    }
}
