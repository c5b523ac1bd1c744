package org.p11plug.spi.store;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The live objects of one store partition, for stores to keep what closing the partition must
 * erase: a doubly linked list whose links the objects hold, so adding and removing are a few
 * pointer writes under the list's lock (no hashing on the path of C_CreateObject). Once closed
 * it takes nothing more.
 *
 * @param <T> the store's object type
 */
public final class LiveObjects<T> {
    /** An object's place in the list; the object keeps it to be removed in constant time. */
    public static final class Link<T> {
        private final T object;
        private @Nullable Link<T> prev;
        private @Nullable Link<T> next;
        private boolean listed = true;

        private Link(T object) {
            this.object = object;
        }
    }

    private @Nullable Link<T> head;
    private int size;
    private boolean closed;

    /**
     * Lists an object.
     *
     * @throws IllegalStateException once the list is closed
     */
    public synchronized Link<T> add(T object) {
        if (closed) {
            throw new IllegalStateException("partition closed");
        }
        Link<T> link = new Link<>(object);
        link.next = head;
        if (head != null) {
            head.prev = link;
        }
        head = link;
        size++;
        return link;
    }

    /** Takes an object off the list; false when it was off already (removed, or the list closed). */
    public synchronized boolean remove(Link<T> link) {
        if (!link.listed) {
            return false;
        }
        if (link.prev != null) {
            link.prev.next = link.next;
        } else {
            head = link.next;
        }
        if (link.next != null) {
            link.next.prev = link.prev;
        }
        link.prev = null;
        link.next = null;
        link.listed = false;
        size--;
        return true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized int size() {
        return size;
    }

    /**
     * Closes the list and hands back every object still on it, for the caller to erase; null when
     * it was closed already (closing is idempotent).
     */
    public synchronized @Nullable List<T> close() {
        if (closed) {
            return null;
        }
        closed = true;
        List<T> all = new ArrayList<>(size);
        for (Link<T> l = head; l != null; ) {
            Link<T> next = l.next;
            all.add(l.object);
            l.prev = null;
            l.next = null;
            l.listed = false;
            l = next;
        }
        head = null;
        size = 0;
        return all;
    }
}
