package org.p11plug.engine.internal.typed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.p11plug.api.Attribute;
import org.p11plug.api.AttributeSet;
import org.p11plug.api.CipherOperation;
import org.p11plug.api.CkException;
import org.p11plug.api.Digester;
import org.p11plug.api.FindOperation;
import org.p11plug.api.KeyPair;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.SessionInfo;
import org.p11plug.api.SessionState;
import org.p11plug.api.Signer;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.Verifier;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.Pkcs11;

/** A typed session over the raw layer; outputs are always asked for with room enough, so they come back whole. */
final class TypedSession implements Session {
    /** Capacity that always fits: the typed layer never needs the length-query dance. */
    static final long ROOM = Long.MAX_VALUE;

    private final Pkcs11 raw;
    private final long handle;
    private final long slotId;

    TypedSession(Pkcs11 raw, long handle, long slotId) {
        this.raw = raw;
        this.handle = handle;
        this.slotId = slotId;
    }

    @Override
    public long getHandle() {
        return handle;
    }

    @Override
    public long getSlotId() {
        return slotId;
    }

    @Override
    public SessionInfo getInfo() {
        return raw.getSessionInfo(handle);
    }

    @Override
    public SessionState getState() {
        return getInfo().sessionState();
    }

    @Override
    public void login(UserType userType, Pin pin) {
        byte[] bytes = pin.copyUtf8();
        try {
            raw.login(handle, userType.value(), bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public void logout() {
        raw.logout(handle);
    }

    @Override
    public void initPin(Pin pin) {
        byte[] bytes = pin.copyUtf8();
        try {
            raw.initPin(handle, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public void setPin(Pin oldPin, Pin newPin) {
        byte[] o = oldPin.copyUtf8();
        byte[] n = newPin.copyUtf8();
        try {
            raw.setPin(handle, o, n);
        } finally {
            Arrays.fill(o, (byte) 0);
            Arrays.fill(n, (byte) 0);
        }
    }

    @Override
    public ObjectHandle createObject(Template template) {
        return new ObjectHandle(raw.createObject(handle, template.toRaw()));
    }

    @Override
    public ObjectHandle copyObject(ObjectHandle object, Template template) {
        return new ObjectHandle(raw.copyObject(handle, object.value(), template.toRaw()));
    }

    @Override
    public void destroyObject(ObjectHandle object) {
        raw.destroyObject(handle, object.value());
    }

    @Override
    public long getObjectSize(ObjectHandle object) {
        return raw.getObjectSize(handle, object.value());
    }

    @Override
    public <T> T getAttribute(ObjectHandle object, Attribute<T> attribute) {
        return getAttributes(object, attribute).get(attribute);
    }

    @Override
    public AttributeSet getAttributes(ObjectHandle object, Attribute<?>... attributes) {
        AttributeRequest[] requests = new AttributeRequest[attributes.length];
        for (int i = 0; i < attributes.length; i++) {
            requests[i] = AttributeRequest.of(attributes[i].type());
        }
        AttributeResults results = raw.getAttributeValue(handle, object.value(), requests);
        return new AttributeSet(results.results());
    }

    @Override
    public void setAttributes(ObjectHandle object, Template template) {
        raw.setAttributeValue(handle, object.value(), template.toRaw());
    }

    @Override
    public List<ObjectHandle> findObjects(Template template) {
        List<ObjectHandle> all = new ArrayList<>();
        try (FindOperation find = startFind(template)) {
            for (List<ObjectHandle> page = find.next(1024); !page.isEmpty(); page = find.next(1024)) {
                all.addAll(page);
            }
        }
        return all;
    }

    @Override
    public Optional<ObjectHandle> findObject(Template template) {
        try (FindOperation find = startFind(template)) {
            return find.next(1).stream().findFirst();
        }
    }

    @Override
    public FindOperation startFind(Template template) {
        raw.findObjectsInit(handle, template.toRaw());
        return new FindOperation() {
            @Override
            public List<ObjectHandle> next(int max) {
                return Arrays.stream(raw.findObjects(handle, max)).mapToObj(ObjectHandle::new).toList();
            }

            @Override
            public void close() {
                raw.findObjectsFinal(handle);
            }
        };
    }

    @Override
    public byte[] sign(Mechanism mechanism, ObjectHandle key, byte[] data) {
        raw.signInit(handle, mechanism, key.value());
        return data(raw.sign(handle, data, ROOM));
    }

    @Override
    public boolean verify(Mechanism mechanism, ObjectHandle key, byte[] data, byte[] signature) {
        raw.verifyInit(handle, mechanism, key.value());
        return verdict(() -> raw.verify(handle, data, signature));
    }

    @Override
    public byte[] encrypt(Mechanism mechanism, ObjectHandle key, byte[] data) {
        raw.encryptInit(handle, mechanism, key.value());
        return data(raw.encrypt(handle, data, ROOM));
    }

    @Override
    public byte[] decrypt(Mechanism mechanism, ObjectHandle key, byte[] encrypted) {
        raw.decryptInit(handle, mechanism, key.value());
        return data(raw.decrypt(handle, encrypted, ROOM));
    }

    @Override
    public byte[] digest(Mechanism mechanism, byte[] data) {
        raw.digestInit(handle, mechanism);
        return data(raw.digest(handle, data, ROOM));
    }

    @Override
    public Signer startSign(Mechanism mechanism, ObjectHandle key) {
        raw.signInit(handle, mechanism, key.value());
        return new Signer() {
            private final Abandon abandon = new Abandon(raw, handle, CKF.SIGN);

            @Override
            public Signer update(byte[] part) {
                abandon.run(() -> raw.signUpdate(handle, part));
                return this;
            }

            @Override
            public byte[] sign() {
                return abandon.finish(() -> data(raw.signFinal(handle, ROOM)));
            }

            @Override
            public void close() {
                abandon.close();
            }
        };
    }

    @Override
    public Verifier startVerify(Mechanism mechanism, ObjectHandle key) {
        raw.verifyInit(handle, mechanism, key.value());
        return new Verifier() {
            private final Abandon abandon = new Abandon(raw, handle, CKF.VERIFY);

            @Override
            public Verifier update(byte[] part) {
                abandon.run(() -> raw.verifyUpdate(handle, part));
                return this;
            }

            @Override
            public boolean verify(byte[] signature) {
                return abandon.finish(() -> verdict(() -> raw.verifyFinal(handle, signature)));
            }

            @Override
            public void close() {
                abandon.close();
            }
        };
    }

    @Override
    public CipherOperation startEncrypt(Mechanism mechanism, ObjectHandle key) {
        raw.encryptInit(handle, mechanism, key.value());
        return cipher(CKF.ENCRYPT, part -> raw.encryptUpdate(handle, part, ROOM), () -> raw.encryptFinal(handle, ROOM));
    }

    @Override
    public CipherOperation startDecrypt(Mechanism mechanism, ObjectHandle key) {
        raw.decryptInit(handle, mechanism, key.value());
        return cipher(CKF.DECRYPT, part -> raw.decryptUpdate(handle, part, ROOM), () -> raw.decryptFinal(handle, ROOM));
    }

    private CipherOperation cipher(long flag, java.util.function.Function<byte[], Output> update,
            java.util.function.Supplier<Output> finish) {
        Abandon abandon = new Abandon(raw, handle, flag);
        return new CipherOperation() {
            @Override
            public byte[] update(byte[] part) {
                return abandon.call(() -> data(update.apply(part)));
            }

            @Override
            public byte[] finish() {
                return abandon.finish(() -> data(finish.get()));
            }

            @Override
            public void close() {
                abandon.close();
            }
        };
    }

    @Override
    public Digester startDigest(Mechanism mechanism) {
        raw.digestInit(handle, mechanism);
        return new Digester() {
            private final Abandon abandon = new Abandon(raw, handle, CKF.DIGEST);

            @Override
            public Digester update(byte[] part) {
                abandon.run(() -> raw.digestUpdate(handle, part));
                return this;
            }

            @Override
            public Digester updateKey(ObjectHandle key) {
                abandon.run(() -> raw.digestKey(handle, key.value()));
                return this;
            }

            @Override
            public byte[] digest() {
                return abandon.finish(() -> data(raw.digestFinal(handle, ROOM)));
            }

            @Override
            public void close() {
                abandon.close();
            }
        };
    }

    @Override
    public ObjectHandle generateKey(Mechanism mechanism, Template template) {
        return new ObjectHandle(raw.generateKey(handle, mechanism, template.toRaw()));
    }

    @Override
    public KeyPair generateKeyPair(Mechanism mechanism, Template publicKeyTemplate, Template privateKeyTemplate) {
        long[] pair = raw.generateKeyPair(handle, mechanism, publicKeyTemplate.toRaw(), privateKeyTemplate.toRaw());
        return new KeyPair(new ObjectHandle(pair[0]), new ObjectHandle(pair[1]));
    }

    @Override
    public byte[] wrapKey(Mechanism mechanism, ObjectHandle wrappingKey, ObjectHandle key) {
        return data(raw.wrapKey(handle, mechanism, wrappingKey.value(), key.value(), ROOM));
    }

    @Override
    public ObjectHandle unwrapKey(Mechanism mechanism, ObjectHandle unwrappingKey, byte[] wrappedKey,
            Template template) {
        return new ObjectHandle(raw.unwrapKey(handle, mechanism, unwrappingKey.value(), wrappedKey, template.toRaw()));
    }

    @Override
    public ObjectHandle deriveKey(Mechanism mechanism, ObjectHandle baseKey, Template template) {
        return new ObjectHandle(raw.deriveKey(handle, mechanism, baseKey.value(), template.toRaw()));
    }

    @Override
    public byte[] generateRandom(int length) {
        byte[] out = new byte[length];
        raw.generateRandom(handle, out);
        return out;
    }

    @Override
    public void seedRandom(byte[] seed) {
        raw.seedRandom(handle, seed);
    }

    @Override
    public void close() {
        try {
            raw.closeSession(handle);
        } catch (CkException e) {
            if (!e.is(CKR.SESSION_HANDLE_INVALID) && !e.is(CKR.CRYPTOKI_NOT_INITIALIZED)) {
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "Session[" + handle + "]";
    }

    static byte[] data(Output output) {
        byte[] data = output.data();
        if (data == null) {
            throw new CkException(CKR.GENERAL_ERROR, "no output returned");
        }
        return data;
    }

    private static boolean verdict(Runnable verification) {
        try {
            verification.run();
            return true;
        } catch (CkException e) {
            if (e.is(CKR.SIGNATURE_INVALID)) {
                return false;
            }
            throw e;
        }
    }
}
