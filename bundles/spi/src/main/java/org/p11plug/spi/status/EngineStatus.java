package org.p11plug.spi.status;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** A read-only view of the running engine, published as a service for the shell and monitoring. */
@ProviderType
public interface EngineStatus {
    /** The kind of the bound session-object store, if one is bound. */
    Optional<String> boundStore();

    /** The kinds of every store service the engine could bind, best ranked first. */
    List<String> availableStores();

    /** The names of the bound token backends. */
    List<String> backends();

    int applicationCount();

    int sessionCount();

    /** Session objects currently held, over every application. */
    long sessionObjectCount();
}
