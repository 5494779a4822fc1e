package io.eventstream.loadtool.stats;

import java.util.Arrays;

/** A growable list of longs that many threads append to; cheaper than boxing a million samples. */
public final class LongList {

    private long[] values = new long[1024];
    private int size;

    public synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public synchronized long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    public synchronized int size() {
        return size;
    }
}
