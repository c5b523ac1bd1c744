package org.p11plug.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** An active {@code C_FindObjects} search; {@link #close()} is {@code C_FindObjectsFinal}. */
@ProviderType
public interface FindOperation extends AutoCloseable {
    /** At most {@code max} further matches; an empty list when the search is exhausted. */
    List<ObjectHandle> next(int max);

    @Override
    void close();
}
