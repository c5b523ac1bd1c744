package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An application opened explicitly with {@link CryptokiService#openApplication()}: the
 * analogue of {@code C_Initialize}. {@link #close()} is {@code C_Finalize}: its sessions close,
 * its session objects are erased, its login state is gone, and a blocked
 * {@code C_WaitForSlotEvent} returns {@code CKR_CRYPTOKI_NOT_INITIALIZED}. Later calls answer
 * {@code CKR_CRYPTOKI_NOT_INITIALIZED}.
 */
@ProviderType
public interface Application extends Cryptoki, AutoCloseable {
    @Override
    void close();
}
