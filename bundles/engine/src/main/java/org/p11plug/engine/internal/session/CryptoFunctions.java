package org.p11plug.engine.internal.session;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.Mechanism;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.engine.internal.Ck;

/**
 * The cryptographic functions of one application. The engine offers no mechanism of its own
 * yet, so every initialisation answers CKR_MECHANISM_INVALID (nothing is listed by
 * C_GetMechanismList), every continuation CKR_OPERATION_NOT_INITIALIZED, and the functions this
 * token never offers CKR_FUNCTION_NOT_SUPPORTED; argument and operation-state checks come first,
 * as for a token with mechanisms.
 */
final class CryptoFunctions {
    private final ApplicationImpl app;

    CryptoFunctions(ApplicationImpl app) {
        this.app = app;
    }

    long[] mechanismList(TokenRuntime token) {
        return token.backend().tokenMechanisms().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    MechanismInfo mechanismInfo(TokenRuntime token, long type) {
        Map<Long, MechanismInfo> onToken = token.backend().tokenMechanisms();
        MechanismInfo info = onToken.get(type);
        if (info == null) {
            throw Ck.fail(CKR.MECHANISM_INVALID);
        }
        return info;
    }

    @Nullable Void init(SessionImpl s, Operations.Kind kind, @Nullable Mechanism mechanism, long key) {
        if (mechanism == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "mechanism is null");
        }
        if (s.operations().isActive(kind)) {
            throw Ck.fail(CKR.OPERATION_ACTIVE);
        }
        if (kind != Operations.Kind.DIGEST) {
            app.resolve(s, key, CKR.KEY_HANDLE_INVALID);
        }
        throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
    }

    Output single(SessionImpl s, Operations.Kind kind, byte @Nullable [] data, long capacity) {
        return continuation(s, kind, data);
    }

    Output update(SessionImpl s, Operations.Kind kind, byte @Nullable [] part, long capacity) {
        return continuation(s, kind, part);
    }

    Output finish(SessionImpl s, Operations.Kind kind, long capacity) {
        return continuation(s, kind, new byte[0]);
    }

    @Nullable Void verify(SessionImpl s, byte @Nullable [] data, byte @Nullable [] signature) {
        if (signature == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "signature is null");
        }
        continuation(s, Operations.Kind.VERIFY, data);
        return null;
    }

    @Nullable Void verifyFinal(SessionImpl s, byte @Nullable [] signature) {
        return verify(s, new byte[0], signature);
    }

    @Nullable Void digestKey(SessionImpl s, long key) {
        continuation(s, Operations.Kind.DIGEST, new byte[0]);
        return null;
    }

    /** CKU_CONTEXT_SPECIFIC: without an operation on a key that asks for it, there is nothing to authenticate. */
    void reauthenticate(SessionImpl s, byte[] pin) {
        throw Ck.fail(CKR.OPERATION_NOT_INITIALIZED, "no operation needs re-authentication");
    }

    long generateKey(SessionImpl s, @Nullable Mechanism mechanism, RawAttribute @Nullable [] template) {
        checkArguments(mechanism, template);
        throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
    }

    long[] generateKeyPair(SessionImpl s, @Nullable Mechanism mechanism, RawAttribute @Nullable [] publicTemplate,
            RawAttribute @Nullable [] privateTemplate) {
        checkArguments(mechanism, publicTemplate);
        checkArguments(mechanism, privateTemplate);
        throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
    }

    Output wrapKey(SessionImpl s, @Nullable Mechanism mechanism, long wrappingKey, long key, long capacity) {
        checkArguments(mechanism, new RawAttribute[0]);
        app.resolve(s, wrappingKey, CKR.WRAPPING_KEY_HANDLE_INVALID);
        app.resolve(s, key, CKR.KEY_HANDLE_INVALID);
        throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
    }

    long unwrapKey(SessionImpl s, @Nullable Mechanism mechanism, long unwrappingKey, byte @Nullable [] wrapped,
            RawAttribute @Nullable [] template) {
        checkArguments(mechanism, template);
        if (wrapped == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "wrapped key is null");
        }
        app.resolve(s, unwrappingKey, CKR.UNWRAPPING_KEY_HANDLE_INVALID);
        throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
    }

    long deriveKey(SessionImpl s, @Nullable Mechanism mechanism, long baseKey, RawAttribute @Nullable [] template) {
        checkArguments(mechanism, template);
        app.resolve(s, baseKey, CKR.KEY_HANDLE_INVALID);
        throw Ck.fail(CKR.MECHANISM_INVALID, mechanism.name());
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

    private static Output continuation(SessionImpl s, Operations.Kind kind, byte @Nullable [] input) {
        if (input == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "input is null");
        }
        if (!s.operations().isActive(kind)) {
            throw Ck.fail(CKR.OPERATION_NOT_INITIALIZED);
        }
        throw Ck.fail(CKR.GENERAL_ERROR, "no operation can be active without a mechanism");
    }

    private static void checkArguments(@Nullable Mechanism mechanism, RawAttribute @Nullable [] template) {
        if (mechanism == null || template == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "mechanism and template are required");
        }
    }
}
