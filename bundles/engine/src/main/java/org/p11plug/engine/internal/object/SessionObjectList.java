package org.p11plug.engine.internal.object;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The session objects one session created, destroyed with it: a doubly linked list threaded
 * through the records themselves, so that adding and removing an object is a few pointer writes
 * under a lock, without hashing (a hash set here cost a tenth of C_CreateObject). An object is
 * in at most one such list, its owner's.
 */
public final class SessionObjectList {
    private @Nullable ObjectRecord head;
    private int size;

    public synchronized void add(ObjectRecord r) {
        if (r.listedIn != null) {
            throw new IllegalStateException(r + " is already listed");
        }
        r.listedIn = this;
        r.listNext = head;
        r.listPrev = null;
        if (head != null) {
            head.listPrev = r;
        }
        head = r;
        size++;
    }

    /** Removes the object if this list holds it; otherwise does nothing. */
    public synchronized void remove(ObjectRecord r) {
        if (r.listedIn != this) {
            return;
        }
        if (r.listPrev != null) {
            r.listPrev.listNext = r.listNext;
        } else {
            head = r.listNext;
        }
        if (r.listNext != null) {
            r.listNext.listPrev = r.listPrev;
        }
        r.listPrev = null;
        r.listNext = null;
        r.listedIn = null;
        size--;
    }

    /** The objects now in the list, newest first. */
    public synchronized List<ObjectRecord> snapshot() {
        List<ObjectRecord> all = new ArrayList<>(size);
        for (ObjectRecord r = head; r != null; r = r.listNext) {
            all.add(r);
        }
        return all;
    }

    public synchronized int size() {
        return size;
    }
}
