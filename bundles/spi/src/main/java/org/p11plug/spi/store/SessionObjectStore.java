package org.p11plug.spi.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A session-object store: where the values of session objects live, held the way the strategy
 * chooses (heap, off-heap, wrapped). Registered as an OSGi service; the engine binds the one of
 * highest {@code service.ranking}, and migrates live objects when that changes. Implementations
 * know nothing of PKCS#11 policy.
 */
@ConsumerType
public interface SessionObjectStore {
    /** The strategy's short name: {@code heap}, {@code off-heap}, {@code wrapped}. */
    String kind();

    StorePartition openPartition(PartitionContext context);

    /**
     * The objects held now over every partition, for the shell and monitoring; -1 when the
     * store does not count them.
     */
    default long objectCount() {
        return -1;
    }
}
