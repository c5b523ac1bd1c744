package org.p11plug.card.pcsc.internal;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKR;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.TokenKey;
import org.p11plug.spi.token.TokenObject;

/**
 * A token object of a PIV card: a certificate, a public key or a private key, with the
 * attributes the driver read from the card (all public: the card never gives out its private
 * keys). A private key object is also the card's {@link TokenKey}: its private primitive is a
 * GENERAL AUTHENTICATE with the key's slot.
 */
final class PivObject extends ArrayStoredObject implements TokenObject, TokenKey {
    private final boolean isPrivate;
    private final boolean privateKey;
    private final PivSlots.Slot slot;
    private final int algorithm;
    private final int fieldBytes;
    private final PivToken token;

    PivObject(long id, List<StoredValue> values, boolean isPrivate, boolean privateKey, PivSlots.Slot slot, int algorithm,
            int fieldBytes, PivToken token) {
        super(id, values);
        this.isPrivate = isPrivate;
        this.privateKey = privateKey;
        this.slot = slot;
        this.algorithm = algorithm;
        this.fieldBytes = fieldBytes;
        this.token = token;
    }

    @Override
    public boolean isPrivate() {
        return isPrivate;
    }

    /** The card's objects do not change behind the engine's back except through events. */
    @Override
    public void update(List<StoredValue> changes) {
        throw new CkException(CKR.ACTION_PROHIBITED, "objects on a PIV card cannot be modified");
    }

    PivSlots.Slot slot() {
        return slot;
    }

    @Override
    public byte[] rsaPrivate(byte[] block) {
        requireKey(PivToken.ALG_RSA_2048);
        return token.privateOperation(slot, algorithm, 0x81, block);
    }

    @Override
    public byte[] ecdsaSign(byte[] digest) {
        requireKey(-1);
        if (!slot.signs()) {
            throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED, "a key-management key does not sign (SP 800-78)");
        }
        byte[] der = token.privateOperation(slot, algorithm, 0x81, digest);
        return rawSignature(der, fieldBytes);
    }

    @Override
    public byte[] ecdhAgree(byte[] otherPoint) {
        requireKey(-1);
        if (slot.signs()) {
            throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED, "only key-management keys derive (SP 800-78)");
        }
        return token.privateOperation(slot, algorithm, 0x85, otherPoint);
    }

    private void requireKey(int rsa) {
        if (!privateKey) {
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "not a private key");
        }
        if ((rsa == PivToken.ALG_RSA_2048) != (algorithm == PivToken.ALG_RSA_2048)) {
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "the key's type does not fit the operation");
        }
    }

    /** ECDSA's DER SEQUENCE { r, s } as r || s of the order's length each. */
    static byte[] rawSignature(byte[] der, int n) {
        if (der.length < 8 || der[0] != 0x30) {
            throw new CkException(CKR.DEVICE_ERROR, "the card's ECDSA signature is not DER");
        }
        int i = (der[1] & 0xFF) == 0x81 ? 3 : 2;
        byte[] out = new byte[2 * n];
        for (int part = 0; part < 2; part++) {
            if (der[i] != 0x02) {
                throw new CkException(CKR.DEVICE_ERROR, "the card's ECDSA signature is not DER");
            }
            int len = der[i + 1] & 0xFF;
            BigInteger v = new BigInteger(1, Arrays.copyOfRange(der, i + 2, i + 2 + len));
            byte[] b = v.toByteArray();
            int skip = b.length > n ? b.length - n : 0;
            System.arraycopy(b, skip, out, part * n + n - (b.length - skip), b.length - skip);
            i += 2 + len;
        }
        return out;
    }
}
