package org.p11plug.engine.internal.object;

import static org.p11plug.engine.internal.object.AttributeSpec.COPY_MODIFIABLE;
import static org.p11plug.engine.internal.object.AttributeSpec.FORBIDDEN_ON_GENERATE;
import static org.p11plug.engine.internal.object.AttributeSpec.FORBIDDEN_ON_UNWRAP;
import static org.p11plug.engine.internal.object.AttributeSpec.MODIFIABLE;
import static org.p11plug.engine.internal.object.AttributeSpec.REQUIRED_ON_CREATE;
import static org.p11plug.engine.internal.object.AttributeSpec.REQUIRED_ON_GENERATE;
import static org.p11plug.engine.internal.object.AttributeSpec.REQUIRED_ON_UNWRAP;
import static org.p11plug.engine.internal.object.AttributeSpec.FORBIDDEN_ON_CREATE;
import static org.p11plug.engine.internal.object.AttributeSpec.SENSITIVE;
import static org.p11plug.engine.internal.object.AttributeSpec.SO_SETS_TRUE;
import static org.p11plug.engine.internal.object.AttributeSpec.STICKY_FALSE;
import static org.p11plug.engine.internal.object.AttributeSpec.STICKY_TRUE;
import static org.p11plug.engine.internal.object.AttributeSpec.TOKEN_SET;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKC;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.Ulong;

/**
 * The object kinds this token supports, from the attribute tables of the PKCS#11 3.1 base
 * specification (sections 4.4 to 4.10) and the key-type sections of the mechanisms
 * specification. Where the specification leaves a default to the token (footnote 9), the
 * choice is made here and listed in docs/decisions.md:
 * <ul>
 *   <li>CKA_PRIVATE defaults to true for private and secret keys, false for other objects;</li>
 *   <li>key usage flags (CKA_ENCRYPT, CKA_SIGN, ...) default to true, CKA_DERIVE to false;</li>
 *   <li>CKA_SENSITIVE defaults to true for private keys (false for secret keys, as specified);</li>
 *   <li>CKA_EXTRACTABLE defaults to false;</li>
 *   <li>CKA_WRAP_WITH_TRUSTED carries only footnote 11 ("cannot be changed once set to true"):
 *       read here, as SoftHSMv2 does, as settable from false to true and never back.</li>
 * </ul>
 */
public final class Schemas {
    private static final byte[] TRUE = {1};
    private static final byte[] FALSE = {0};
    private static final byte[] EMPTY = {};

    private static final ObjectSchema COMMON = ObjectSchema.builder("common")
            .attr(CKA.CLASS, REQUIRED_ON_CREATE)
            .attr(CKA.UNIQUE_ID, TOKEN_SET)
            .build();

    private static final ObjectSchema STORAGE = ObjectSchema.builder("storage")
            .include(COMMON)
            .attr(CKA.TOKEN, COPY_MODIFIABLE, FALSE)
            .attr(CKA.PRIVATE, COPY_MODIFIABLE, FALSE)
            .attr(CKA.MODIFIABLE, COPY_MODIFIABLE, TRUE)
            .attr(CKA.LABEL, MODIFIABLE, EMPTY)
            .attr(CKA.COPYABLE, STICKY_FALSE, TRUE)
            .attr(CKA.DESTROYABLE, COPY_MODIFIABLE, TRUE)
            .build();

    public static final ObjectSchema DATA = ObjectSchema.builder("data object")
            .include(STORAGE)
            .attr(CKA.APPLICATION, 0, EMPTY)
            .attr(CKA.OBJECT_ID, 0, EMPTY)
            .attr(CKA.VALUE, 0, EMPTY)
            .build();

    public static final ObjectSchema X509_CERTIFICATE = ObjectSchema.builder("X.509 certificate")
            .include(STORAGE)
            .attr(CKA.CERTIFICATE_TYPE, REQUIRED_ON_CREATE)
            .attr(CKA.TRUSTED, SO_SETS_TRUE, FALSE)
            .attr(CKA.CERTIFICATE_CATEGORY, 0, ulong(CK.CERTIFICATE_CATEGORY_UNSPECIFIED))
            .attr(CKA.CHECK_VALUE, 0)
            .attr(CKA.START_DATE, 0, EMPTY)
            .attr(CKA.END_DATE, 0, EMPTY)
            .attr(CKA.PUBLIC_KEY_INFO, 0, EMPTY)
            .attr(CKA.SUBJECT, REQUIRED_ON_CREATE)
            .attr(CKA.ID, MODIFIABLE, EMPTY)
            .attr(CKA.ISSUER, MODIFIABLE, EMPTY)
            .attr(CKA.SERIAL_NUMBER, MODIFIABLE, EMPTY)
            .attr(CKA.VALUE, REQUIRED_ON_CREATE)
            .attr(CKA.URL, 0, EMPTY)
            .attr(CKA.HASH_OF_SUBJECT_PUBLIC_KEY, 0, EMPTY)
            .attr(CKA.HASH_OF_ISSUER_PUBLIC_KEY, 0, EMPTY)
            .attr(CKA.JAVA_MIDP_SECURITY_DOMAIN, 0, ulong(CK.SECURITY_DOMAIN_UNSPECIFIED))
            .attr(CKA.NAME_HASH_ALGORITHM, 0)
            .build();

    private static final ObjectSchema KEY = ObjectSchema.builder("key")
            .include(STORAGE)
            .attr(CKA.KEY_TYPE, REQUIRED_ON_CREATE | REQUIRED_ON_UNWRAP)
            .attr(CKA.ID, MODIFIABLE, EMPTY)
            .attr(CKA.START_DATE, MODIFIABLE, EMPTY)
            .attr(CKA.END_DATE, MODIFIABLE, EMPTY)
            .attr(CKA.DERIVE, MODIFIABLE, FALSE)
            .attr(CKA.LOCAL, TOKEN_SET)
            .attr(CKA.KEY_GEN_MECHANISM, TOKEN_SET)
            .attr(CKA.ALLOWED_MECHANISMS, 0, EMPTY)
            .build();

    private static final ObjectSchema PUBLIC_KEY = ObjectSchema.builder("public key")
            .include(KEY)
            .attr(CKA.SUBJECT, MODIFIABLE, EMPTY)
            .attr(CKA.ENCRYPT, MODIFIABLE, TRUE)
            .attr(CKA.VERIFY, MODIFIABLE, TRUE)
            .attr(CKA.VERIFY_RECOVER, MODIFIABLE, TRUE)
            .attr(CKA.WRAP, MODIFIABLE, TRUE)
            .attr(CKA.TRUSTED, SO_SETS_TRUE, FALSE)
            .attr(CKA.WRAP_TEMPLATE, 0, EMPTY)
            .attr(CKA.PUBLIC_KEY_INFO, 0, EMPTY)
            .build();

    private static final ObjectSchema PRIVATE_KEY = ObjectSchema.builder("private key")
            .include(KEY)
            .attr(CKA.PRIVATE, COPY_MODIFIABLE, TRUE)
            .attr(CKA.SUBJECT, MODIFIABLE, EMPTY)
            .attr(CKA.SENSITIVE, MODIFIABLE | STICKY_TRUE, TRUE)
            .attr(CKA.DECRYPT, MODIFIABLE, TRUE)
            .attr(CKA.SIGN, MODIFIABLE, TRUE)
            .attr(CKA.SIGN_RECOVER, MODIFIABLE, TRUE)
            .attr(CKA.UNWRAP, MODIFIABLE, TRUE)
            .attr(CKA.EXTRACTABLE, MODIFIABLE | STICKY_FALSE, FALSE)
            .attr(CKA.ALWAYS_SENSITIVE, TOKEN_SET)
            .attr(CKA.NEVER_EXTRACTABLE, TOKEN_SET)
            .attr(CKA.WRAP_WITH_TRUSTED, MODIFIABLE | STICKY_TRUE, FALSE)
            .attr(CKA.UNWRAP_TEMPLATE, 0, EMPTY)
            .attr(CKA.ALWAYS_AUTHENTICATE, 0, FALSE)
            .attr(CKA.PUBLIC_KEY_INFO, MODIFIABLE, EMPTY)
            .attr(CKA.DERIVE_TEMPLATE, 0, EMPTY)
            .build();

    private static final ObjectSchema SECRET_KEY = ObjectSchema.builder("secret key")
            .include(KEY)
            .attr(CKA.PRIVATE, COPY_MODIFIABLE, TRUE)
            .attr(CKA.SENSITIVE, MODIFIABLE | STICKY_TRUE, FALSE)
            .attr(CKA.ENCRYPT, MODIFIABLE, TRUE)
            .attr(CKA.DECRYPT, MODIFIABLE, TRUE)
            .attr(CKA.SIGN, MODIFIABLE, TRUE)
            .attr(CKA.VERIFY, MODIFIABLE, TRUE)
            .attr(CKA.WRAP, MODIFIABLE, TRUE)
            .attr(CKA.UNWRAP, MODIFIABLE, TRUE)
            .attr(CKA.EXTRACTABLE, MODIFIABLE | STICKY_FALSE, FALSE)
            .attr(CKA.ALWAYS_SENSITIVE, TOKEN_SET)
            .attr(CKA.NEVER_EXTRACTABLE, TOKEN_SET)
            .attr(CKA.CHECK_VALUE, 0)
            .attr(CKA.WRAP_WITH_TRUSTED, MODIFIABLE | STICKY_TRUE, FALSE)
            .attr(CKA.TRUSTED, SO_SETS_TRUE, FALSE)
            .attr(CKA.WRAP_TEMPLATE, 0, EMPTY)
            .attr(CKA.UNWRAP_TEMPLATE, 0, EMPTY)
            .attr(CKA.DERIVE_TEMPLATE, 0, EMPTY)
            .build();

    public static final ObjectSchema RSA_PUBLIC = ObjectSchema.builder("RSA public key")
            .include(PUBLIC_KEY)
            .attr(CKA.MODULUS, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE)
            .attr(CKA.MODULUS_BITS, FORBIDDEN_ON_CREATE | REQUIRED_ON_GENERATE)
            .attr(CKA.PUBLIC_EXPONENT, REQUIRED_ON_CREATE)
            .build();

    public static final ObjectSchema RSA_PRIVATE = ObjectSchema.builder("RSA private key")
            .include(PRIVATE_KEY)
            .attr(CKA.MODULUS, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP)
            .attr(CKA.PUBLIC_EXPONENT, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP)
            .attr(CKA.PRIVATE_EXPONENT, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
            .attr(CKA.PRIME_1, FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
            .attr(CKA.PRIME_2, FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
            .attr(CKA.EXPONENT_1, FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
            .attr(CKA.EXPONENT_2, FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
            .attr(CKA.COEFFICIENT, FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
            .build();

    /** EC (ECDSA/ECDH), Edwards and Montgomery public keys share one layout. */
    private static ObjectSchema ecPublic(String name) {
        return ObjectSchema.builder(name)
                .include(PUBLIC_KEY)
                .attr(CKA.EC_PARAMS, REQUIRED_ON_CREATE | REQUIRED_ON_GENERATE)
                .attr(CKA.EC_POINT, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE)
                .build();
    }

    private static ObjectSchema ecPrivate(String name) {
        return ObjectSchema.builder(name)
                .include(PRIVATE_KEY)
                .attr(CKA.EC_PARAMS, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP)
                .attr(CKA.VALUE, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
                .build();
    }

    private static ObjectSchema secret(String name) {
        return ObjectSchema.builder(name)
                .include(SECRET_KEY)
                .attr(CKA.VALUE, REQUIRED_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP | SENSITIVE)
                .attr(CKA.VALUE_LEN, FORBIDDEN_ON_CREATE | REQUIRED_ON_GENERATE)
                .build();
    }

    public static final ObjectSchema EC_PUBLIC = ecPublic("EC public key");
    public static final ObjectSchema EC_PRIVATE = ecPrivate("EC private key");
    public static final ObjectSchema EDWARDS_PUBLIC = ecPublic("Edwards public key");
    public static final ObjectSchema EDWARDS_PRIVATE = ecPrivate("Edwards private key");
    public static final ObjectSchema MONTGOMERY_PUBLIC = ecPublic("Montgomery public key");
    public static final ObjectSchema MONTGOMERY_PRIVATE = ecPrivate("Montgomery private key");
    public static final ObjectSchema AES = secret("AES key");
    public static final ObjectSchema GENERIC_SECRET = secret("generic secret key");

    private static final Map<Long, ObjectSchema> PUBLIC_KEYS = Map.of(
            CKK.RSA, RSA_PUBLIC, CKK.EC, EC_PUBLIC, CKK.EC_EDWARDS, EDWARDS_PUBLIC,
            CKK.EC_MONTGOMERY, MONTGOMERY_PUBLIC);
    private static final Map<Long, ObjectSchema> PRIVATE_KEYS = Map.of(
            CKK.RSA, RSA_PRIVATE, CKK.EC, EC_PRIVATE, CKK.EC_EDWARDS, EDWARDS_PRIVATE,
            CKK.EC_MONTGOMERY, MONTGOMERY_PRIVATE);
    private static final Map<Long, ObjectSchema> SECRET_KEYS = Map.of(
            CKK.AES, AES, CKK.GENERIC_SECRET, GENERIC_SECRET);

    /** Every attribute type some supported object possesses. */
    private static final Set<Long> KNOWN_TYPES = knownTypes();

    private Schemas() {
    }

    /**
     * The schema for a class and its subtype (key type for keys, certificate type for
     * certificates, ignored otherwise).
     *
     * @return null when this token does not support the combination
     */
    public static @Nullable ObjectSchema of(long objectClass, long subtype) {
        if (objectClass == CKO.DATA) {
            return DATA;
        }
        if (objectClass == CKO.CERTIFICATE) {
            return subtype == CKC.X_509 ? X509_CERTIFICATE : null;
        }
        if (objectClass == CKO.PUBLIC_KEY) {
            return PUBLIC_KEYS.get(subtype);
        }
        if (objectClass == CKO.PRIVATE_KEY) {
            return PRIVATE_KEYS.get(subtype);
        }
        if (objectClass == CKO.SECRET_KEY) {
            return SECRET_KEYS.get(subtype);
        }
        return null;
    }

    public static boolean isPrivateKey(ObjectSchema schema) {
        return PRIVATE_KEYS.containsValue(schema);
    }

    /** @return the attribute that selects the subtype of a class, or -1 when none does */
    public static long subtypeAttribute(long objectClass) {
        if (objectClass == CKO.CERTIFICATE) {
            return CKA.CERTIFICATE_TYPE;
        }
        if (objectClass == CKO.PUBLIC_KEY || objectClass == CKO.PRIVATE_KEY || objectClass == CKO.SECRET_KEY) {
            return CKA.KEY_TYPE;
        }
        return -1;
    }

    /**
     * Whether some object kind of this token possesses the type: an attribute that exists but
     * not on the object at hand makes a template inconsistent, one that exists nowhere is invalid.
     */
    public static boolean isKnownType(long type) {
        return KNOWN_TYPES.contains(type);
    }

    private static Set<Long> knownTypes() {
        Set<Long> types = new HashSet<>();
        for (ObjectSchema s : new ObjectSchema[] {DATA, X509_CERTIFICATE, RSA_PUBLIC, RSA_PRIVATE, EC_PUBLIC,
                EC_PRIVATE, EDWARDS_PUBLIC, EDWARDS_PRIVATE, MONTGOMERY_PUBLIC, MONTGOMERY_PRIVATE, AES,
                GENERIC_SECRET}) {
            for (AttributeSpec spec : s.specs()) {
                types.add(spec.type());
            }
        }
        return Set.copyOf(types);
    }

    static byte[] ulong(long value) {
        return Ulong.encode(value);
    }
}
