package org.p11plug.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The token in a slot, as one application sees it. */
@ProviderType
public interface Token {
    long getSlotId();

    /** {@code C_GetTokenInfo}. */
    TokenInfo getInfo();

    /** {@code C_GetMechanismList}. */
    List<Long> getMechanisms();

    /** {@code C_GetMechanismInfo}. */
    MechanismInfo getMechanismInfo(long mechanismType);

    /** {@code C_InitToken}: the label is padded or cut to 32 bytes of UTF-8. */
    void initialize(Pin soPin, String label);

    /** {@code C_OpenSession(CKF_SERIAL_SESSION)}. */
    Session openReadOnlySession();

    /** {@code C_OpenSession(CKF_SERIAL_SESSION | CKF_RW_SESSION)}. */
    Session openReadWriteSession();

    /** {@code C_CloseAllSessions}: this application's sessions with this token. */
    void closeAllSessions();
}
