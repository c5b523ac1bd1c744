package org.p11plug.engine.internal.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.Handles;
import org.p11plug.spi.token.BackendListener;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.BackendToken;
import org.p11plug.spi.token.TokenBackend;

/**
 * The slots of every bound backend, and the {@link TokenRuntime} of each present token. Backend
 * events (slots appearing, tokens inserted or removed) are reconciled here; listeners hear about
 * slot events and removed tokens. Queries are lock-free; reconciliation is serialized.
 */
public final class SlotTable implements BackendListener {
    private static final Logger LOG = Logger.getLogger(SlotTable.class.getName());

    /** What the engine does about slot events. */
    public interface Listener {
        void slotEvent(long slotId);

        void tokenGone(TokenRuntime token);

        /** The token forgot its login (a card reset by another process). */
        void loginLost(TokenRuntime token);
    }

    private static final class Entry {
        final TokenBackend backend;
        final BackendSlot slot;
        volatile @Nullable TokenRuntime token;

        Entry(TokenBackend backend, BackendSlot slot) {
            this.backend = backend;
            this.slot = slot;
        }
    }

    private final Handles handles;
    private final Listener listener;
    private final ConcurrentHashMap<Long, Entry> slots = new ConcurrentHashMap<>();
    private final Map<TokenBackend, Set<Long>> slotsOf = new HashMap<>();

    public SlotTable(Handles handles, Listener listener) {
        this.handles = handles;
        this.listener = listener;
    }

    public void addBackend(TokenBackend backend) {
        synchronized (this) {
            slotsOf.putIfAbsent(backend, new HashSet<>());
        }
        backend.addListener(this);
        reconcile(backend);
    }

    public void removeBackend(TokenBackend backend) {
        backend.removeListener(this);
        Set<Long> ids;
        synchronized (this) {
            ids = slotsOf.remove(backend);
        }
        if (ids != null) {
            for (long id : ids) {
                dropSlot(id);
            }
        }
    }

    public synchronized List<String> backendNames() {
        return slotsOf.keySet().stream().map(TokenBackend::name).sorted().toList();
    }

    /** The ids of the slots now known, ascending; only those with a token when asked. */
    public long[] slotIds(boolean tokenPresent) {
        return slots.entrySet().stream()
                .filter(e -> !tokenPresent || e.getValue().token != null)
                .mapToLong(Map.Entry::getKey)
                .sorted()
                .toArray();
    }

    /** @throws org.p11plug.api.CkException CKR_SLOT_ID_INVALID */
    public SlotInfo slotInfo(long slotId) {
        Entry e = entry(slotId);
        return e.slot.info().withTokenPresent(e.token != null);
    }

    /** @throws org.p11plug.api.CkException CKR_SLOT_ID_INVALID or CKR_TOKEN_NOT_PRESENT */
    public TokenRuntime token(long slotId) {
        TokenRuntime t = entry(slotId).token;
        if (t == null) {
            throw Ck.fail(CKR.TOKEN_NOT_PRESENT, "slot " + slotId);
        }
        return t;
    }

    private Entry entry(long slotId) {
        Entry e = slots.get(slotId);
        if (e == null) {
            throw Ck.fail(CKR.SLOT_ID_INVALID, "slot " + slotId);
        }
        return e;
    }

    @Override
    public void slotsChanged(TokenBackend backend) {
        reconcile(backend);
    }

    @Override
    public void tokenInserted(BackendSlot slot) {
        reconcileOwnerOf(slot);
    }

    @Override
    public void tokenRemoved(BackendSlot slot) {
        reconcileOwnerOf(slot);
    }

    @Override
    public void loginLost(BackendSlot slot) {
        Entry e = slots.get(slot.id());
        TokenRuntime t = e == null ? null : e.token;
        if (t != null) {
            listener.loginLost(t);
        }
    }

    private void reconcileOwnerOf(BackendSlot slot) {
        Entry e = slots.get(slot.id());
        if (e != null) {
            reconcile(e.backend);
        }
    }

    /** Brings the table in line with what the backend reports now. */
    private void reconcile(TokenBackend backend) {
        List<? extends BackendSlot> current = backend.slots();
        Set<Long> seen = new HashSet<>();
        synchronized (this) {
            Set<Long> owned = slotsOf.get(backend);
            if (owned == null) {
                return;
            }
            for (BackendSlot slot : current) {
                long id = slot.id();
                Entry existing = slots.get(id);
                if (existing != null && existing.backend != backend) {
                    LOG.log(Level.WARNING, "backend {0} reuses slot id {1} of {2}; that slot is not offered",
                            new Object[] {backend.name(), id, existing.backend.name()});
                    continue;
                }
                seen.add(id);
                if (existing == null || existing.slot != slot) {
                    if (existing != null) {
                        dropSlot(id);
                    }
                    existing = new Entry(backend, slot);
                    slots.put(id, existing);
                    owned.add(id);
                    listener.slotEvent(id);
                }
                reconcileToken(existing);
            }
            for (Long id : Set.copyOf(owned)) {
                if (!seen.contains(id)) {
                    owned.remove(id);
                    dropSlot(id);
                }
            }
        }
    }

    private void reconcileToken(Entry e) {
        Optional<BackendToken> present = e.slot.token();
        TokenRuntime runtime = e.token;
        if (runtime != null && (present.isEmpty() || present.get() != runtime.backend())) {
            e.token = null;
            removeToken(runtime);
            runtime = null;
        }
        if (runtime == null && present.isPresent()) {
            e.token = new TokenRuntime(e.slot.id(), present.get(), handles);
            listener.slotEvent(e.slot.id());
        }
    }

    private void dropSlot(long id) {
        Entry e = slots.remove(id);
        if (e != null) {
            TokenRuntime t = e.token;
            e.token = null;
            if (t != null) {
                removeToken(t);
            }
            listener.slotEvent(id);
        }
    }

    private void removeToken(TokenRuntime t) {
        t.remove();
        listener.tokenGone(t);
        listener.slotEvent(t.slotId());
    }
}
