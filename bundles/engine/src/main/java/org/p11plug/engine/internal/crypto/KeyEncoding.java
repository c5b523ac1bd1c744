package org.p11plug.engine.internal.crypto;

import java.util.Arrays;
import java.util.List;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.store.StoredValue;

/**
 * What wrapping carries: a secret key's value, or a private key as PKCS #8. Unwrapping truncates
 * a secret value to CKA_VALUE_LEN when the template gives it (key wrap pads to whole
 * semiblocks), and checks that a private key is of the type the template names.
 */
public final class KeyEncoding {
    private KeyEncoding() {
    }

    /** The key's wrapped form; the caller erases it. */
    public static byte[] encode(ObjectRecord key) {
        return key.objectClass() == CKO.SECRET_KEY ? key.copyValue(CKA.VALUE) : PrivateKeyEncoding.encode(key);
    }

    /**
     * The values an unwrapped key contributes; {@code valueLength} is the template's
     * CKA_VALUE_LEN or -1. The encoded bytes stay the caller's to erase.
     */
    public static List<StoredValue> decode(byte[] encoded, long objectClass, long keyType, long valueLength) {
        if (objectClass == CKO.PRIVATE_KEY) {
            PrivateKeyEncoding.Decoded d = PrivateKeyEncoding.decode(encoded);
            if (d.keyType() != keyType) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "the wrapped key is of another type than CKA_KEY_TYPE says");
            }
            return d.values();
        }
        int length = encoded.length;
        if (valueLength >= 0) {
            if (valueLength > encoded.length || valueLength == 0) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "CKA_VALUE_LEN does not fit the unwrapped key");
            }
            length = (int) valueLength;
        } else if (keyType == CKK.AES && length != 16 && length != 24 && length != 32) {
            throw Ck.fail(CKR.WRAPPED_KEY_INVALID, "the unwrapped value is no AES key; give CKA_VALUE_LEN");
        }
        return List.of(StoredValue.secret(CKA.VALUE, Arrays.copyOf(encoded, length)));
    }
}
