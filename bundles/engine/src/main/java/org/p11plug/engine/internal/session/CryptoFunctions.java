package org.p11plug.engine.internal.session;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.crypto.DataOperation;
import org.p11plug.engine.internal.crypto.KeyChecks;
import org.p11plug.engine.internal.crypto.KeyUse;
import org.p11plug.engine.internal.crypto.MechanismDef;
import org.p11plug.engine.internal.crypto.Mechanisms;
import org.p11plug.engine.internal.crypto.OutputLength;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.token.LoginTicket;

/**
 * The cryptographic functions of one application, following PKCS#11's operation rules: one
 * active operation per kind and session (CKR_OPERATION_ACTIVE, CKR_OPERATION_NOT_INITIALIZED);
 * a length query or a too-small buffer keeps the operation alive while any other error ends it;
 * key checks (class and type, usage attribute, allowed mechanisms, size); re-authentication
 * for keys with CKA_ALWAYS_AUTHENTICATE. Key management (generation, wrapping, derivation) is in
 * {@link KeyFunctions}.
 */
final class CryptoFunctions {
    private final ApplicationImpl app;
    private final Mechanisms mechanisms;

    CryptoFunctions(ApplicationImpl app, Mechanisms mechanisms) {
        this.app = app;
        this.mechanisms = mechanisms;
    }

    long[] mechanismList(TokenRuntime token) {
        TreeSet<Long> all = new TreeSet<>(token.backend().tokenMechanisms().keySet());
        for (long t : mechanisms.types()) {
            all.add(t);
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    MechanismInfo mechanismInfo(TokenRuntime token, long type) {
        Map<Long, MechanismInfo> onToken = token.backend().tokenMechanisms();
        MechanismInfo info = onToken.get(type);
        if (info != null) {
            return info;
        }
        MechanismDef def = mechanisms.get(type);
        if (def == null) {
            throw Ck.fail(CKR.MECHANISM_INVALID);
        }
        return def.info();
    }

    // ---- initialization ----

    @Nullable Void init(SessionImpl s, Operations.Kind kind, @Nullable Mechanism mechanism, long keyHandle) {
        if (mechanism == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "mechanism is null");
        }
        if (s.operations().isActive(kind)) {
            throw Ck.fail(CKR.OPERATION_ACTIVE);
        }
        if (kind == Operations.Kind.DIGEST) {
            MechanismDef def = definition(mechanism);
            if (def.digestFactory() == null) {
                throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name() + " does not digest");
            }
            s.operations().start(kind, new Operations.Active(def,
                    def.digestFactory().create(mechanism.parameter()), null, false));
            return null;
        }
        ObjectRecord key = app.resolve(s, keyHandle, CKR.KEY_HANDLE_INVALID);
        MechanismDef def = definition(mechanism);
        KeyUse use = switch (kind) {
            case ENCRYPT -> KeyUse.ENCRYPT;
            case DECRYPT -> KeyUse.DECRYPT;
            case SIGN -> KeyUse.SIGN;
            default -> KeyUse.VERIFY;
        };
        if (!def.supports(use)) {
            throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name() + " cannot " + use.name().toLowerCase());
        }
        KeyChecks.check(def, key, use, CKR.KEY_TYPE_INCONSISTENT);
        boolean alwaysAuthenticate = (kind == Operations.Kind.SIGN || kind == Operations.Kind.DECRYPT)
                && key.policy().alwaysAuthenticate();
        Operations.Active op = kind == Operations.Kind.VERIFY
                ? new Operations.Active(def, null, def.verifyFactory().create(mechanism.parameter(), key), false)
                : new Operations.Active(def, def.dataFactory(use).create(mechanism.parameter(), key), null, alwaysAuthenticate);
        s.operations().start(kind, op);
        return null;
    }

    private MechanismDef definition(Mechanism mechanism) {
        MechanismDef def = mechanisms.get(mechanism.type());
        if (def == null) {
            throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
        }
        return def;
    }

    // ---- data ----

    Output single(SessionImpl s, Operations.Kind kind, byte @Nullable [] input, long capacity) {
        return run(s, kind, Operations.Step.SINGLE, input, capacity);
    }

    Output update(SessionImpl s, Operations.Kind kind, byte @Nullable [] input, long capacity) {
        return run(s, kind, Operations.Step.UPDATE, input, capacity);
    }

    Output finish(SessionImpl s, Operations.Kind kind, long capacity) {
        return run(s, kind, Operations.Step.FINAL, new byte[0], capacity);
    }

    /**
     * One data call under the output convention: a length query or a too-small buffer reports
     * the length and keeps the operation (and an output already computed, for the retry); any
     * other error ends the operation; success ends it unless the call was an update.
     */
    private Output run(SessionImpl s, Operations.Kind kind, Operations.Step step, byte @Nullable [] input, long capacity) {
        if (input == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "input is null");
        }
        Operations.Active op = active(s, kind);
        try {
            checkStep(op, step);
            checkContextLogin(op);
            byte[] out = op.takePending(step, input);
            if (out == null) {
                DataOperation data = op.data;
                OutputLength bound = switch (step) {
                    case SINGLE -> data.singleLength(input.length);
                    case UPDATE -> data.updateLength(input.length);
                    case FINAL -> data.finalLength();
                };
                if (capacity == Output.NULL_BUFFER) {
                    return Output.lengthOnly(bound.bytes());
                }
                if (bound.exact() && capacity < bound.bytes()) {
                    return Output.bufferTooSmall(bound.bytes());
                }
                out = switch (step) {
                    case SINGLE -> data.single(input);
                    case UPDATE -> data.update(input);
                    case FINAL -> data.finish();
                };
                if (step == Operations.Step.UPDATE) {
                    op.multipart = true;
                }
            }
            if (capacity == Output.NULL_BUFFER || capacity < out.length) {
                op.keepPending(step, input, out);
                return capacity == Output.NULL_BUFFER ? Output.lengthOnly(out.length) : Output.bufferTooSmall(out.length);
            }
            if (step != Operations.Step.UPDATE) {
                s.operations().end(kind);
            }
            return Output.data(out);
        } catch (RuntimeException e) {
            s.operations().end(kind);
            throw e instanceof CkException ck ? ck : Ck.fail(CKR.FUNCTION_FAILED, String.valueOf(e));
        }
    }

    @Nullable Void verify(SessionImpl s, byte @Nullable [] data, byte @Nullable [] signature) {
        if (data == null || signature == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "data and signature are required");
        }
        Operations.Active op = active(s, Operations.Kind.VERIFY);
        try {
            checkStep(op, Operations.Step.SINGLE);
            op.verify.verify(data, signature);
            return null;
        } finally {
            s.operations().end(Operations.Kind.VERIFY);
        }
    }

    @Nullable Void verifyUpdate(SessionImpl s, byte @Nullable [] part) {
        if (part == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "input is null");
        }
        Operations.Active op = active(s, Operations.Kind.VERIFY);
        try {
            checkStep(op, Operations.Step.UPDATE);
            op.verify.update(part);
            op.multipart = true;
            return null;
        } catch (RuntimeException e) {
            s.operations().end(Operations.Kind.VERIFY);
            throw e;
        }
    }

    @Nullable Void verifyFinal(SessionImpl s, byte @Nullable [] signature) {
        if (signature == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "signature is null");
        }
        Operations.Active op = active(s, Operations.Kind.VERIFY);
        try {
            checkStep(op, Operations.Step.FINAL);
            op.verify.verifyFinal(signature);
            return null;
        } finally {
            s.operations().end(Operations.Kind.VERIFY);
        }
    }

    /** C_DigestKey: the value of a secret key enters the digest without leaving the token. */
    @Nullable Void digestKey(SessionImpl s, long keyHandle) {
        Operations.Active op = active(s, Operations.Kind.DIGEST);
        try {
            ObjectRecord key = app.resolve(s, keyHandle, CKR.KEY_HANDLE_INVALID);
            if (key.objectClass() != org.p11plug.api.ck.CKO.SECRET_KEY) {
                throw Ck.fail(CKR.KEY_INDIGESTIBLE, "only secret keys can be digested");
            }
            key.withValue(CKA.VALUE, v -> op.data.update(v));
            op.multipart = true;
            return null;
        } catch (RuntimeException e) {
            s.operations().end(Operations.Kind.DIGEST);
            throw e;
        }
    }

    private static Operations.Active active(SessionImpl s, Operations.Kind kind) {
        Operations.Active op = s.operations().get(kind);
        if (op == null) {
            throw Ck.fail(CKR.OPERATION_NOT_INITIALIZED);
        }
        return op;
    }

    /**
     * A single-part call cannot end a multi-part operation, and some mechanisms are single-part
     * only (the specification marks them so): both end the operation.
     */
    private static void checkStep(Operations.Active op, Operations.Step step) {
        if (step == Operations.Step.SINGLE && op.multipart) {
            throw Ck.fail(CKR.OPERATION_ACTIVE, "a multi-part operation is in progress");
        }
        if (step != Operations.Step.SINGLE && op.mechanism.singlePartOnly()) {
            throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "this mechanism is single-part only");
        }
    }

    private static void checkContextLogin(Operations.Active op) {
        if (op.needsContextLogin && !op.contextLoggedIn) {
            throw Ck.fail(CKR.USER_NOT_LOGGED_IN, "the key needs C_Login(CKU_CONTEXT_SPECIFIC) for each use");
        }
    }

    /**
     * C_Login(CKU_CONTEXT_SPECIFIC): checks the user's PIN again for the active signature or
     * decryption whose key asks for it. A wrong PIN leaves the operation waiting; a PIN that
     * locks logs the application out.
     */
    void reauthenticate(SessionImpl s, byte[] pin) {
        Operations.Active op = s.operations().get(Operations.Kind.SIGN);
        if (op == null || !op.needsContextLogin) {
            op = s.operations().get(Operations.Kind.DECRYPT);
        }
        if (op == null || !op.needsContextLogin) {
            throw Ck.fail(CKR.OPERATION_NOT_INITIALIZED, "no active operation needs re-authentication");
        }
        LoginTicket ticket = s.owner().ticket();
        if (ticket == null || ticket.userType() != UserType.USER) {
            throw Ck.fail(CKR.USER_NOT_LOGGED_IN);
        }
        try {
            s.token().backend().reauthenticate(ticket, pin);
        } catch (CkException e) {
            if (e.is(CKR.PIN_LOCKED)) {
                app.logoutAfterLock(s.owner());
            }
            throw e;
        }
        op.contextLoggedIn = true;
    }

    /** Ends the operations named by CKF_ flags, as C_SessionCancel does; inactive ones are ignored. */
    void cancel(SessionImpl s, long flags) {
        if ((flags & CKF.ENCRYPT) != 0) {
            s.operations().end(Operations.Kind.ENCRYPT);
        }
        if ((flags & CKF.DECRYPT) != 0) {
            s.operations().end(Operations.Kind.DECRYPT);
        }
        if ((flags & CKF.DIGEST) != 0) {
            s.operations().end(Operations.Kind.DIGEST);
        }
        if ((flags & CKF.SIGN) != 0) {
            s.operations().end(Operations.Kind.SIGN);
        }
        if ((flags & CKF.VERIFY) != 0) {
            s.operations().end(Operations.Kind.VERIFY);
        }
    }

    <R> R notSupported(String what) {
        throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, what + " is not offered by this token");
    }

    static void erase(byte[] b) {
        Arrays.fill(b, (byte) 0);
    }

    static RawAttribute[] checked(RawAttribute @Nullable [] template) {
        if (template == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "template is null");
        }
        return template;
    }
}
