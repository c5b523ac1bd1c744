package org.p11plug.spi.store;

import java.util.ArrayList;
import java.util.List;

/** Helpers for stores taking in a list of values. */
public final class StoredValues {
    private StoredValues() {
    }

    /**
     * The values with one per type, the later of duplicates winning (as an update would apply
     * them): the list itself when its types are distinct, which is what the engine hands over.
     * Linear: the standard types (below 1024) are checked in a bit set, vendor types by scan.
     */
    public static List<StoredValue> lastOfEachType(List<StoredValue> values) {
        long[] seen = new long[16];
        boolean duplicates = false;
        int n = values.size();
        for (int k = 0; k < n && !duplicates; k++) {
            long type = values.get(k).type();
            if (type >= 0 && type < 1024) {
                long bit = 1L << type;
                duplicates = (seen[(int) (type >>> 6)] & bit) != 0;
                seen[(int) (type >>> 6)] |= bit;
            } else {
                for (int i = 0; i < k && !duplicates; i++) {
                    duplicates = values.get(i).type() == type;
                }
            }
        }
        if (!duplicates) {
            return values;
        }
        List<StoredValue> distinct = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            StoredValue v = values.get(k);
            boolean later = false;
            for (int j = k + 1; j < n && !later; j++) {
                later = values.get(j).type() == v.type();
            }
            if (!later) {
                distinct.add(v);
            }
        }
        return distinct;
    }
}
