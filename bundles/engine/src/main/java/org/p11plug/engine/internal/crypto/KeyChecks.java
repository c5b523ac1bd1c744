package org.p11plug.engine.internal.crypto;

import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;

/**
 * Whether a key may serve a mechanism in a function: the right class (secret key, or the private
 * or public half of a pair) and key type (the given error: CKR_KEY_TYPE_INCONSISTENT, or its
 * wrapping and unwrapping variants), the usage attribute (CKR_KEY_FUNCTION_NOT_PERMITTED),
 * CKA_ALLOWED_MECHANISMS (CKR_MECHANISM_INVALID, as PKCS#11 names no code of its own), and the
 * key size the mechanism supports (CKR_KEY_SIZE_RANGE).
 */
public final class KeyChecks {
    private KeyChecks() {
    }

    public static void check(MechanismDef def, ObjectRecord key, KeyUse use, long typeError) {
        long expectedClass = def.symmetric() ? CKO.SECRET_KEY : switch (use) {
            case ENCRYPT, VERIFY, WRAP -> CKO.PUBLIC_KEY;
            default -> CKO.PRIVATE_KEY;
        };
        if (key.objectClass() != expectedClass || !def.acceptsKeyType(key.policy().keyType())) {
            throw Ck.fail(typeError, "the key does not fit this mechanism");
        }
        if (!key.policy().permits(use.permission())) {
            throw Ck.fail(CKR.KEY_FUNCTION_NOT_PERMITTED, CKA.nameOf(use.permission()) + " is false");
        }
        if (!key.policy().allows(def.type())) {
            throw Ck.fail(CKR.MECHANISM_INVALID, "CKA_ALLOWED_MECHANISMS of the key excludes it");
        }
        if (!def.acceptsKeySize(Keys.size(key, def.sizeInBytes()))) {
            throw Ck.fail(CKR.KEY_SIZE_RANGE);
        }
    }
}
