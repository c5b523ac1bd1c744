package org.p11plug.spi.token;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of slots and tokens: the software token, a PC/SC reader set. Registered as an OSGi
 * service; the engine binds every backend it finds. Slot ids are the backend's choice and must
 * be unique among the backends of one engine (each backend takes a configurable range) and
 * stable for a given slot (a reader name, a token directory).
 */
@ConsumerType
public interface TokenBackend {
    /** Short name for logs and the shell: {@code soft}, {@code pcsc}. */
    String name();

    /** The slots now present. */
    List<? extends BackendSlot> slots();

    /** Registers for slot and token events; events may arrive on any thread. */
    void addListener(BackendListener listener);

    void removeListener(BackendListener listener);
}
