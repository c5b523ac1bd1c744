package org.p11plug.rpc.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.Application;
import org.p11plug.api.CkException;
import org.p11plug.api.CkVersion;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Mechanism;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.ModuleInfo;
import org.p11plug.api.SessionInfo;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;

/**
 * One connection's calls: decodes a request body, runs it on the connection's own PKCS#11
 * application (opened by {@code C_Initialize}, closed by {@code C_Finalize} or the end of the
 * connection) and encodes the answer. Never throws: every failure becomes an ERROR message
 * with the {@code CK_RV} that PKCS#11 or p11-kit assigns, so a bad request costs its caller
 * one call and nothing else.
 *
 * <p>Thread safe: a client's threads share the connection, and their calls run side by side.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** What a p11-kit client sends in C_Initialize; anything else is not p11-kit. */
    private static final byte[] HANDSHAKE = "PRIVATE-GNOME-KEYRING-PKCS11-PROTOCOL-V-1".getBytes(StandardCharsets.US_ASCII);

    /** Clients see a 2.40 module: p11-kit-client.so's function list is 2.40, whatever the engine is. */
    private static final CkVersion REPORTED_VERSION = new CkVersion(2, 40);

    /** First call id of the PKCS#11 3.0 calls newer clients send whatever the negotiated version. */
    private static final long FIRST_NEWER_CALL = 66;

    /** Most handles one C_FindObjects answers, whatever the client's buffer (8 MiB of response). */
    private static final int MAX_FIND = 1 << 20;

    private final CryptokiService service;
    private final int clientVersion;
    private final MechanismCodec mechanisms;
    private final int maxOutputBytes;
    private final Object lifecycle = new Object();
    private volatile @Nullable Application application;
    private volatile boolean closed;

    Dispatcher(CryptokiService service, int clientVersion, int maxOutputBytes) {
        this.service = service;
        this.clientVersion = clientVersion;
        this.mechanisms = new MechanismCodec(clientVersion);
        this.maxOutputBytes = maxOutputBytes;
    }

    /** @return the response body for a request body */
    byte[] handle(byte[] request) {
        MessageReader in = new MessageReader(request);
        long id;
        try {
            id = in.readHeader();
        } catch (MalformedMessage e) {
            return MessageWriter.error(CKR.DEVICE_ERROR);
        }
        RpcCall call = RpcCall.byId(id);
        if (call == null || call == RpcCall.ERROR) {
            return MessageWriter.error(id >= FIRST_NEWER_CALL ? CKR.FUNCTION_NOT_SUPPORTED : CKR.DEVICE_ERROR);
        }
        if (!call.request.equals(in.signature())) {
            return MessageWriter.error(CKR.DEVICE_ERROR);
        }
        try {
            MessageWriter out = new MessageWriter(call.id(), call.response);
            serve(call, in, out);
            return out.toBody();
        } catch (CkException e) {
            return MessageWriter.error(e.ckr() == CKR.OK ? CKR.GENERAL_ERROR : e.ckr());
        } catch (MalformedMessage e) {
            return MessageWriter.error(CKR.DEVICE_ERROR);
        } catch (RuntimeException e) {
            // a bug of ours, not of the client: say so, but never with the request's bytes
            LOG.log(Level.WARNING, "p11-kit RPC: " + call + " failed unexpectedly", e);
            return MessageWriter.error(CKR.GENERAL_ERROR);
        }
    }

    /** The end of the connection: an implicit C_Finalize. */
    @Override
    public void close() {
        Application app;
        synchronized (lifecycle) {
            closed = true;
            app = application;
            application = null;
        }
        if (app != null) {
            app.close();
        }
    }

    private Pkcs11 raw() {
        Application app = application;
        if (app == null) {
            throw new CkException(CKR.CRYPTOKI_NOT_INITIALIZED);
        }
        return app.raw();
    }

    @SuppressWarnings("checkstyle:MethodLength")
    private void serve(RpcCall call, MessageReader in, MessageWriter out) {
        switch (call) {
            case C_INITIALIZE: {
                byte[] handshake = in.byteInput().data();
                in.byteValue();
                in.byteInput();
                in.finish();
                initialize(handshake);
                return;
            }
            case C_FINALIZE:
                in.finish();
                finalizeApplication();
                return;
            case C_GET_INFO: {
                in.finish();
                ModuleInfo info = raw().getInfo();
                out.version(REPORTED_VERSION);
                out.spaceString(info.manufacturerId(), 32);
                out.ulong(info.flags());
                out.spaceString(info.libraryDescription(), 32);
                out.version(info.libraryVersion());
                return;
            }
            case C_GET_SLOT_LIST: {
                boolean tokenPresent = in.byteValue() != 0;
                long capacity = in.bufferCapacity('u');
                in.finish();
                ulongs(out, raw().getSlotList(tokenPresent), capacity);
                return;
            }
            case C_GET_SLOT_INFO: {
                long slot = in.ulong();
                in.finish();
                SlotInfo info = raw().getSlotInfo(slot);
                out.spaceString(info.slotDescription(), 64);
                out.spaceString(info.manufacturerId(), 32);
                out.ulong(info.flags());
                out.version(info.hardwareVersion());
                out.version(info.firmwareVersion());
                return;
            }
            case C_GET_TOKEN_INFO: {
                long slot = in.ulong();
                in.finish();
                tokenInfo(out, raw().getTokenInfo(slot));
                return;
            }
            case C_GET_MECHANISM_LIST: {
                long slot = in.ulong();
                long capacity = in.bufferCapacity('u');
                in.finish();
                long[] all = raw().getMechanismList(slot);
                ulongs(out, Arrays.stream(all).filter(mechanisms::carries).toArray(), capacity);
                return;
            }
            case C_GET_MECHANISM_INFO: {
                long slot = in.ulong();
                long type = in.ulong();
                in.finish();
                Pkcs11 raw = raw();
                if (!mechanisms.carries(type)) {
                    raw.getMechanismList(slot); // an unknown slot answers as such first
                    throw new CkException(CKR.MECHANISM_INVALID);
                }
                MechanismInfo info = raw.getMechanismInfo(slot, type);
                out.ulong(info.minKeySize());
                out.ulong(info.maxKeySize());
                out.ulong(info.flags());
                return;
            }
            case C_INIT_TOKEN: {
                long slot = in.ulong();
                byte[] soPin = in.byteInput().data();
                byte[] label = in.zString();
                in.finish();
                try {
                    raw().initToken(slot, soPin, padLabel(label));
                } finally {
                    erase(soPin);
                }
                return;
            }
            case C_OPEN_SESSION: {
                long slot = in.ulong();
                long flags = in.ulong();
                in.finish();
                out.ulong(raw().openSession(slot, flags));
                return;
            }
            case C_CLOSE_SESSION: {
                long session = in.ulong();
                in.finish();
                raw().closeSession(session);
                return;
            }
            case C_CLOSE_ALL_SESSIONS: {
                long slot = in.ulong();
                in.finish();
                raw().closeAllSessions(slot);
                return;
            }
            case C_GET_SESSION_INFO: {
                long session = in.ulong();
                in.finish();
                SessionInfo info = raw().getSessionInfo(session);
                out.ulong(info.slotId());
                out.ulong(info.state());
                out.ulong(info.flags());
                out.ulong(info.deviceError());
                return;
            }
            case C_INIT_PIN: {
                long session = in.ulong();
                byte[] pin = in.byteInput().data();
                in.finish();
                try {
                    raw().initPin(session, pin);
                } finally {
                    erase(pin);
                }
                return;
            }
            case C_SET_PIN: {
                long session = in.ulong();
                byte[] oldPin = in.byteInput().data();
                byte[] newPin = in.byteInput().data();
                in.finish();
                try {
                    raw().setPin(session, oldPin, newPin);
                } finally {
                    erase(oldPin);
                    erase(newPin);
                }
                return;
            }
            case C_GET_OPERATION_STATE: {
                long session = in.ulong();
                long capacity = in.bufferCapacity('y');
                in.finish();
                Pkcs11 raw = raw();
                output(out, capacity, c -> raw.getOperationState(session, c));
                return;
            }
            case C_SET_OPERATION_STATE: {
                long session = in.ulong();
                byte[] state = in.byteInput().required();
                long encryptionKey = in.ulong();
                long authenticationKey = in.ulong();
                in.finish();
                raw().setOperationState(session, state, encryptionKey, authenticationKey);
                return;
            }
            case C_LOGIN: {
                long session = in.ulong();
                long userType = in.ulong();
                byte[] pin = in.byteInput().data();
                in.finish();
                try {
                    raw().login(session, userType, pin);
                } finally {
                    erase(pin);
                }
                return;
            }
            case C_LOGOUT: {
                long session = in.ulong();
                in.finish();
                raw().logout(session);
                return;
            }
            case C_CREATE_OBJECT: {
                long session = in.ulong();
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                try {
                    out.ulong(raw().createObject(session, template));
                } finally {
                    erase(template);
                }
                return;
            }
            case C_COPY_OBJECT: {
                long session = in.ulong();
                long object = in.ulong();
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                out.ulong(raw().copyObject(session, object, template));
                return;
            }
            case C_DESTROY_OBJECT: {
                long session = in.ulong();
                long object = in.ulong();
                in.finish();
                raw().destroyObject(session, object);
                return;
            }
            case C_GET_OBJECT_SIZE: {
                long session = in.ulong();
                long object = in.ulong();
                in.finish();
                out.ulong(raw().getObjectSize(session, object));
                return;
            }
            case C_GET_ATTRIBUTE_VALUE: {
                long session = in.ulong();
                long object = in.ulong();
                AttributeRequest[] requests = AttributeCodec.readRequests(in);
                in.finish();
                attributes(out, raw().getAttributeValue(session, object, requests));
                return;
            }
            case C_SET_ATTRIBUTE_VALUE: {
                long session = in.ulong();
                long object = in.ulong();
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                try {
                    raw().setAttributeValue(session, object, template);
                } finally {
                    erase(template);
                }
                return;
            }
            case C_FIND_OBJECTS_INIT: {
                long session = in.ulong();
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                raw().findObjectsInit(session, template);
                return;
            }
            case C_FIND_OBJECTS: {
                long session = in.ulong();
                long capacity = in.bufferCapacity('u');
                in.finish();
                out.ulongs(raw().findObjects(session, (int) Math.min(capacity, MAX_FIND)));
                return;
            }
            case C_FIND_OBJECTS_FINAL: {
                long session = in.ulong();
                in.finish();
                raw().findObjectsFinal(session);
                return;
            }
            case C_ENCRYPT_INIT:
            case C_DECRYPT_INIT:
            case C_SIGN_INIT:
            case C_SIGN_RECOVER_INIT:
            case C_VERIFY_INIT:
            case C_VERIFY_RECOVER_INIT: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                long key = in.ulong();
                in.finish();
                initCall(raw(), call, session, mechanism, key);
                return;
            }
            case C_DIGEST_INIT: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                in.finish();
                raw().digestInit(session, mechanism);
                return;
            }
            case C_ENCRYPT:
            case C_ENCRYPT_UPDATE:
            case C_DECRYPT:
            case C_DECRYPT_UPDATE:
            case C_DIGEST:
            case C_SIGN:
            case C_SIGN_RECOVER:
            case C_VERIFY_RECOVER:
            case C_DIGEST_ENCRYPT_UPDATE:
            case C_DECRYPT_DIGEST_UPDATE:
            case C_SIGN_ENCRYPT_UPDATE:
            case C_DECRYPT_VERIFY_UPDATE: {
                long session = in.ulong();
                byte[] data = in.byteInput().required();
                long capacity = in.bufferCapacity('y');
                in.finish();
                Pkcs11 raw = raw();
                output(out, capacity, c -> dataCall(raw, call, session, data, c));
                return;
            }
            case C_ENCRYPT_FINAL:
            case C_DECRYPT_FINAL:
            case C_DIGEST_FINAL:
            case C_SIGN_FINAL: {
                long session = in.ulong();
                long capacity = in.bufferCapacity('y');
                in.finish();
                Pkcs11 raw = raw();
                output(out, capacity, c -> finalCall(raw, call, session, c));
                return;
            }
            case C_DIGEST_UPDATE:
            case C_SIGN_UPDATE:
            case C_VERIFY_UPDATE:
            case C_VERIFY_FINAL:
            case C_SEED_RANDOM: {
                long session = in.ulong();
                byte[] data = in.byteInput().required();
                in.finish();
                Pkcs11 raw = raw();
                switch (call) {
                    case C_DIGEST_UPDATE -> raw.digestUpdate(session, data);
                    case C_SIGN_UPDATE -> raw.signUpdate(session, data);
                    case C_VERIFY_UPDATE -> raw.verifyUpdate(session, data);
                    case C_VERIFY_FINAL -> raw.verifyFinal(session, data);
                    default -> raw.seedRandom(session, data);
                }
                return;
            }
            case C_DIGEST_KEY: {
                long session = in.ulong();
                long key = in.ulong();
                in.finish();
                raw().digestKey(session, key);
                return;
            }
            case C_VERIFY: {
                long session = in.ulong();
                byte[] data = in.byteInput().required();
                byte[] signature = in.byteInput().required();
                in.finish();
                raw().verify(session, data, signature);
                return;
            }
            case C_GENERATE_KEY: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                out.ulong(raw().generateKey(session, mechanism, template));
                return;
            }
            case C_GENERATE_KEY_PAIR: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                RawAttribute[] publicTemplate = AttributeCodec.readTemplate(in, clientVersion);
                RawAttribute[] privateTemplate = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                long[] pair = raw().generateKeyPair(session, mechanism, publicTemplate, privateTemplate);
                out.ulong(pair[0]);
                out.ulong(pair[1]);
                return;
            }
            case C_WRAP_KEY: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                long wrappingKey = in.ulong();
                long key = in.ulong();
                long capacity = in.bufferCapacity('y');
                in.finish();
                Pkcs11 raw = raw();
                output(out, capacity, c -> raw.wrapKey(session, mechanism, wrappingKey, key, c));
                return;
            }
            case C_UNWRAP_KEY: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                long unwrappingKey = in.ulong();
                byte[] wrapped = in.byteInput().required();
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                out.ulong(raw().unwrapKey(session, mechanism, unwrappingKey, wrapped, template));
                return;
            }
            case C_DERIVE_KEY: {
                long session = in.ulong();
                Mechanism mechanism = mechanisms.read(in);
                long baseKey = in.ulong();
                RawAttribute[] template = AttributeCodec.readTemplate(in, clientVersion);
                in.finish();
                out.ulong(raw().deriveKey(session, mechanism, baseKey, template));
                return;
            }
            case C_GENERATE_RANDOM: {
                long session = in.ulong();
                long length = in.bufferCapacity('y');
                in.finish();
                if (length > maxOutputBytes) {
                    throw new CkException(CKR.DEVICE_MEMORY, "more random bytes than one response may carry");
                }
                byte[] random = new byte[(int) length];
                raw().generateRandom(session, random);
                out.bytes(random);
                return;
            }
            case C_WAIT_FOR_SLOT_EVENT: {
                long flags = in.ulong();
                in.finish();
                out.ulong(raw().waitForSlotEvent(flags));
                return;
            }
            default:
                throw new CkException(CKR.FUNCTION_NOT_SUPPORTED);
        }
    }

    private void initialize(byte @Nullable [] handshake) {
        if (handshake == null || !Arrays.equals(handshake, HANDSHAKE)) {
            throw new CkException(CKR.GENERAL_ERROR, "not a p11-kit client");
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new CkException(CKR.CRYPTOKI_NOT_INITIALIZED);
            }
            if (application != null) {
                throw new CkException(CKR.CRYPTOKI_ALREADY_INITIALIZED);
            }
            application = service.openApplication();
        }
    }

    private void finalizeApplication() {
        Application app;
        synchronized (lifecycle) {
            app = application;
            application = null;
        }
        if (app == null) {
            throw new CkException(CKR.CRYPTOKI_NOT_INITIALIZED);
        }
        app.close();
    }

    private static void initCall(Pkcs11 raw, RpcCall call, long session, Mechanism mechanism, long key) {
        switch (call) {
            case C_ENCRYPT_INIT -> raw.encryptInit(session, mechanism, key);
            case C_DECRYPT_INIT -> raw.decryptInit(session, mechanism, key);
            case C_SIGN_INIT -> raw.signInit(session, mechanism, key);
            case C_SIGN_RECOVER_INIT -> raw.signRecoverInit(session, mechanism, key);
            case C_VERIFY_INIT -> raw.verifyInit(session, mechanism, key);
            case C_VERIFY_RECOVER_INIT -> raw.verifyRecoverInit(session, mechanism, key);
            default -> throw new IllegalStateException(call.name());
        }
    }

    private static Output dataCall(Pkcs11 raw, RpcCall call, long session, byte[] data, long capacity) {
        return switch (call) {
            case C_ENCRYPT -> raw.encrypt(session, data, capacity);
            case C_ENCRYPT_UPDATE -> raw.encryptUpdate(session, data, capacity);
            case C_DECRYPT -> raw.decrypt(session, data, capacity);
            case C_DECRYPT_UPDATE -> raw.decryptUpdate(session, data, capacity);
            case C_DIGEST -> raw.digest(session, data, capacity);
            case C_SIGN -> raw.sign(session, data, capacity);
            case C_SIGN_RECOVER -> raw.signRecover(session, data, capacity);
            case C_VERIFY_RECOVER -> raw.verifyRecover(session, data, capacity);
            case C_DIGEST_ENCRYPT_UPDATE -> raw.digestEncryptUpdate(session, data, capacity);
            case C_DECRYPT_DIGEST_UPDATE -> raw.decryptDigestUpdate(session, data, capacity);
            case C_SIGN_ENCRYPT_UPDATE -> raw.signEncryptUpdate(session, data, capacity);
            case C_DECRYPT_VERIFY_UPDATE -> raw.decryptVerifyUpdate(session, data, capacity);
            default -> throw new IllegalStateException(call.name());
        };
    }

    private static Output finalCall(Pkcs11 raw, RpcCall call, long session, long capacity) {
        return switch (call) {
            case C_ENCRYPT_FINAL -> raw.encryptFinal(session, capacity);
            case C_DECRYPT_FINAL -> raw.decryptFinal(session, capacity);
            case C_DIGEST_FINAL -> raw.digestFinal(session, capacity);
            case C_SIGN_FINAL -> raw.signFinal(session, capacity);
            default -> throw new IllegalStateException(call.name());
        };
    }

    private interface OutputCall {
        Output call(long capacity);
    }

    /**
     * Byte output ({@code fy} → {@code ay}). A capacity of 0 reaches the server both for a NULL
     * buffer and for a real buffer of length 0 (PROTOCOL.md §7.3): it is a length query, unless
     * the answer is 0 bytes; then the call is made for real, so that the operation ends and both
     * kinds of caller get CKR_OK with length 0 (p11-kit's own server leaves the operation active
     * there, which breaks AES-ECB in SunPKCS11).
     */
    private static void output(MessageWriter out, long capacity, OutputCall call) {
        Output result;
        if (capacity == 0) {
            result = call.call(Output.NULL_BUFFER);
            if (!result.hasData() && result.rv() == CKR.OK && result.length() == 0) {
                result = call.call(0);
            }
        } else {
            result = call.call(capacity);
        }
        byte[] data = result.data();
        if (data != null) {
            out.bytes(data);
        } else {
            // a length query or a buffer too small: not an ERROR, so the client updates *pulLen
            out.bytesLength(result.length());
        }
    }

    /** Ulong output ({@code fu} → {@code au}), same convention; an empty list always "fits". */
    private static void ulongs(MessageWriter out, long[] values, long capacity) {
        if (values.length == 0 || capacity >= values.length) {
            out.ulongs(values);
        } else {
            out.ulongsCount(values.length);
        }
    }

    private void attributes(MessageWriter out, AttributeResults results) {
        out.beginAttributes(results.results().size());
        long rv = results.rv();
        for (AttributeResult r : results.results()) {
            rv = moreSevere(rv, AttributeCodec.writeResult(out, r, clientVersion));
        }
        out.ulong(rv);
    }

    /** The precedence of C_GetAttributeValue's non-fatal codes: sensitive, invalid type, too small. */
    private static long moreSevere(long a, long b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(long rv) {
        if (rv == CKR.ATTRIBUTE_SENSITIVE) {
            return 3;
        }
        if (rv == CKR.ATTRIBUTE_TYPE_INVALID) {
            return 2;
        }
        return rv == CKR.BUFFER_TOO_SMALL ? 1 : 0;
    }

    private static void tokenInfo(MessageWriter out, TokenInfo info) {
        out.spaceString(info.label(), 32);
        out.spaceString(info.manufacturerId(), 32);
        out.spaceString(info.model(), 16);
        out.spaceString(info.serialNumber(), 16);
        out.ulong(info.flags());
        out.ulong(info.maxSessionCount());
        out.ulong(info.sessionCount());
        out.ulong(info.maxRwSessionCount());
        out.ulong(info.rwSessionCount());
        out.ulong(info.maxPinLen());
        out.ulong(info.minPinLen());
        out.ulong(info.totalPublicMemory());
        out.ulong(info.freePublicMemory());
        out.ulong(info.totalPrivateMemory());
        out.ulong(info.freePrivateMemory());
        out.version(info.hardwareVersion());
        out.version(info.firmwareVersion());
        out.spaceString(info.utcTime(), 16);
    }

    /**
     * C_InitToken's label: p11-kit 0.24 sends {@code strlen()} of a field that has no NUL, so
     * take at most 32 bytes and pad with blanks.
     */
    private static byte[] padLabel(byte[] label) {
        byte[] field = Arrays.copyOf(label, 32);
        Arrays.fill(field, Math.min(label.length, 32), 32, (byte) ' ');
        return field;
    }

    private static void erase(byte @Nullable [] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static void erase(RawAttribute[] template) {
        for (RawAttribute a : template) {
            erase(a.value());
        }
    }
}
