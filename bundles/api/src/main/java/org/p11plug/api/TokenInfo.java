package org.p11plug.api;

import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKF;

/**
 * {@code CK_TOKEN_INFO}. Counts that a token does not know are
 * {@link CK#UNAVAILABLE_INFORMATION}, memory it does not bound is
 * {@link CK#EFFECTIVELY_INFINITE}; {@code utcTime} is the 16-character clock, empty when the
 * token has none.
 */
public record TokenInfo(
        String label,
        String manufacturerId,
        String model,
        String serialNumber,
        long flags,
        long maxSessionCount,
        long sessionCount,
        long maxRwSessionCount,
        long rwSessionCount,
        long maxPinLen,
        long minPinLen,
        long totalPublicMemory,
        long freePublicMemory,
        long totalPrivateMemory,
        long freePrivateMemory,
        CkVersion hardwareVersion,
        CkVersion firmwareVersion,
        String utcTime) {

    public boolean hasFlag(long flag) {
        return (flags & flag) == flag;
    }

    public boolean initialized() {
        return hasFlag(CKF.TOKEN_INITIALIZED);
    }

    public boolean userPinInitialized() {
        return hasFlag(CKF.USER_PIN_INITIALIZED);
    }

    public boolean writeProtected() {
        return hasFlag(CKF.WRITE_PROTECTED);
    }

    /** @return a copy carrying these session counts, as the engine knows them */
    public TokenInfo withSessionCounts(long sessions, long rwSessions) {
        return new TokenInfo(label, manufacturerId, model, serialNumber, flags, maxSessionCount, sessions,
                maxRwSessionCount, rwSessions, maxPinLen, minPinLen, totalPublicMemory, freePublicMemory,
                totalPrivateMemory, freePrivateMemory, hardwareVersion, firmwareVersion, utcTime);
    }
}
