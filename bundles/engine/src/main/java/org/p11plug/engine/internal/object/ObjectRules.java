package org.p11plug.engine.internal.object;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Ulong;
import org.p11plug.engine.internal.Ck;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.StoredValue;

/**
 * The object rules of PKCS#11 3.1 (base specification 4.1, the attribute tables of section 4
 * and the functions C_CreateObject, C_CopyObject, C_SetAttributeValue): what a template may
 * hold, what the token fills in, and what may change afterwards. Pure functions of their
 * inputs; the caller checks the session's rights (read-only sessions, login) on the result.
 */
public final class ObjectRules {
    private static final byte[] TRUE = {1};
    private static final byte[] FALSE = {0};

    private ObjectRules() {
    }

    /** A validated new object: every attribute it possesses, in schema order, ready for a store. */
    public record NewObject(ObjectSchema schema, long objectClass, List<StoredValue> values, boolean token,
            boolean isPrivate) {}

    /** How an object comes to be, which decides the footnotes that apply. */
    public enum Origin {
        CREATE(AttributeSpec.REQUIRED_ON_CREATE, AttributeSpec.FORBIDDEN_ON_CREATE),
        GENERATE(AttributeSpec.REQUIRED_ON_GENERATE, AttributeSpec.FORBIDDEN_ON_GENERATE),
        UNWRAP(AttributeSpec.REQUIRED_ON_UNWRAP, AttributeSpec.FORBIDDEN_ON_UNWRAP),
        /** Derived keys take the unwrapping footnotes' restrictions: the mechanism supplies the value. */
        DERIVE(0, AttributeSpec.FORBIDDEN_ON_UNWRAP);

        final int required;
        final int forbidden;

        Origin(int required, int forbidden) {
            this.required = required;
            this.forbidden = forbidden;
        }
    }

    /**
     * C_CreateObject: checks the template against the schema it selects, applies defaults and
     * computes what the token contributes (CKA_UNIQUE_ID, CKA_LOCAL false, ...).
     */
    public static NewObject create(ParsedTemplate template, boolean soLoggedIn, byte[] uniqueId) {
        long objectClass = requiredUlong(template, CKA.CLASS);
        ObjectSchema schema = schemaFor(template, objectClass);
        checkTemplate(schema, template, Origin.CREATE, soLoggedIn);
        AttributeMap values = withDefaults(schema, template);
        values.put(CKA.UNIQUE_ID, uniqueId);
        contributeOnCreate(schema, objectClass, values);
        checkConsistency(schema, objectClass, values);
        return newObject(schema, objectClass, values);
    }

    /**
     * Where a key made by a mechanism comes from, which decides the attributes the token sets:
     * CKA_LOCAL and CKA_KEY_GEN_MECHANISM, and how CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE
     * follow from the new key (generation) or from its base key (derivation).
     */
    public record Provenance(Origin origin, long mechanism, boolean baseAlwaysSensitive, boolean baseNeverExtractable) {
        public static Provenance generated(long mechanism) {
            return new Provenance(Origin.GENERATE, mechanism, true, true);
        }

        public static Provenance unwrapped() {
            return new Provenance(Origin.UNWRAP, CK.UNAVAILABLE_INFORMATION, false, false);
        }

        public static Provenance derivedFrom(ObjectRecord base) {
            boolean alwaysSensitive = base.has(CKA.ALWAYS_SENSITIVE) && base.copyValue(CKA.ALWAYS_SENSITIVE)[0] != 0;
            boolean neverExtractable = base.has(CKA.NEVER_EXTRACTABLE) && base.copyValue(CKA.NEVER_EXTRACTABLE)[0] != 0;
            return new Provenance(Origin.DERIVE, CK.UNAVAILABLE_INFORMATION, alwaysSensitive, neverExtractable);
        }
    }

    /**
     * A key made by a mechanism (C_GenerateKey, C_GenerateKeyPair, C_UnwrapKey, C_DeriveKey): the
     * template, checked with the origin's footnotes, over the schema's defaults, plus the values
     * the mechanism contributes. The template's class and key type, when given, must be the ones
     * the mechanism makes (CKR_TEMPLATE_INCONSISTENT).
     */
    public static NewObject key(Provenance provenance, ParsedTemplate template, long objectClass, long keyType,
            List<StoredValue> contributed, boolean soLoggedIn, byte[] uniqueId) {
        ObjectSchema schema = checkKeyTemplate(provenance.origin(), template, objectClass, keyType, soLoggedIn);
        ParsedTemplate full = template.plus(CKA.CLASS, Ulong.encode(objectClass)).plus(CKA.KEY_TYPE, Ulong.encode(keyType));
        AttributeMap values = withDefaults(schema, full);
        for (StoredValue c : contributed) {
            values.put(c.type(), c.value());
        }
        values.put(CKA.UNIQUE_ID, uniqueId);
        boolean generated = provenance.origin() == Origin.GENERATE;
        if (schema.possesses(CKA.LOCAL)) {
            values.put(CKA.LOCAL, generated ? TRUE.clone() : FALSE.clone());
            values.put(CKA.KEY_GEN_MECHANISM, Ulong.encode(generated ? provenance.mechanism() : CK.UNAVAILABLE_INFORMATION));
        }
        if (schema.possesses(CKA.ALWAYS_SENSITIVE)) {
            boolean sensitive = isTrue(values, CKA.SENSITIVE);
            boolean extractable = isTrue(values, CKA.EXTRACTABLE);
            boolean unwrapped = provenance.origin() == Origin.UNWRAP;
            values.put(CKA.ALWAYS_SENSITIVE, bool(!unwrapped && provenance.baseAlwaysSensitive() && sensitive));
            values.put(CKA.NEVER_EXTRACTABLE, bool(!unwrapped && provenance.baseNeverExtractable() && !extractable));
        }
        if (schema.possesses(CKA.VALUE_LEN) && values.containsKey(CKA.VALUE)) {
            values.put(CKA.VALUE_LEN, Ulong.encode(values.get(CKA.VALUE).length));
        }
        contributeCheckValue(schema, objectClass, values);
        checkConsistency(schema, objectClass, values);
        return newObject(schema, objectClass, values);
    }

    /**
     * The template checks of {@link #key}, runnable before the mechanism does its (possibly slow)
     * work: class and key type as the mechanism makes them, and the origin's footnotes.
     *
     * @return the schema of the key to be made
     */
    public static ObjectSchema checkKeyTemplate(Origin origin, ParsedTemplate template, long objectClass, long keyType,
            boolean soLoggedIn) {
        if (template.ulong(CKA.CLASS, objectClass) != objectClass) {
            throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "the mechanism makes " + describe(objectClass, -1));
        }
        if (template.ulong(CKA.KEY_TYPE, keyType) != keyType) {
            throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "the mechanism makes " + describe(objectClass, keyType));
        }
        ObjectSchema schema = Schemas.of(objectClass, keyType);
        if (schema == null) {
            throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "this token does not hold " + describe(objectClass, keyType));
        }
        ParsedTemplate full = template.plus(CKA.CLASS, Ulong.encode(objectClass)).plus(CKA.KEY_TYPE, Ulong.encode(keyType));
        checkTemplate(schema, full, origin, soLoggedIn);
        return schema;
    }

    private static byte[] bool(boolean b) {
        return new byte[] {(byte) (b ? 1 : 0)};
    }

    /**
     * C_CopyObject: the source's values with the template's changes, limited to the attributes
     * that may change while copying (footnote 8 and CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE,
     * CKA_DESTROYABLE) and to the one-way rules.
     */
    public static NewObject copy(ObjectRecord source, ParsedTemplate template, boolean soLoggedIn, byte[] uniqueId) {
        ObjectSchema schema = source.schema();
        long[] sourceTypes = source.read(s -> s.types());
        AttributeMap values = new AttributeMap(sourceTypes.length + template.values().size() + 2);
        for (long type : sourceTypes) {
            values.put(type, source.copyValue(type));
        }
        AttributeMap changes = template.values();
        for (int i = 0; i < changes.size(); i++) {
            long type = changes.type(i);
            AttributeSpec spec = specOrFail(schema, type);
            boolean changeable = spec.has(AttributeSpec.MODIFIABLE) || spec.has(AttributeSpec.COPY_MODIFIABLE)
                    || type == CKA.COPYABLE || spec.has(AttributeSpec.SO_SETS_TRUE);
            byte[] current = values.get(type);
            if (!changeable && !Arrays.equals(current, changes.value(i))) {
                throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(type) + " cannot change while copying");
            }
            checkOneWay(spec, current, changes.value(i), soLoggedIn);
        }
        for (int i = 0; i < changes.size(); i++) {
            values.put(changes.type(i), changes.value(i).clone());
        }
        values.put(CKA.UNIQUE_ID, uniqueId);
        checkConsistency(schema, source.objectClass(), values);
        return newObject(schema, source.objectClass(), values);
    }

    /**
     * C_SetAttributeValue: the changes a template asks for, all checked before any is applied.
     * The caller has already refused objects whose CKA_MODIFIABLE is false.
     */
    public static List<StoredValue> modify(ObjectRecord target, ParsedTemplate template, boolean soLoggedIn) {
        ObjectSchema schema = target.schema();
        if (target.objectClass() == CKO.CERTIFICATE && target.policy().trusted() && !template.isEmpty()) {
            throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, "trusted certificates cannot be modified");
        }
        List<StoredValue> changes = new ArrayList<>();
        AttributeMap asked = template.values();
        for (int i = 0; i < asked.size(); i++) {
            long type = asked.type(i);
            byte[] next = asked.value(i);
            AttributeSpec spec = specOrFail(schema, type);
            byte[] current = target.has(type) ? target.copyValue(type) : null;
            boolean changeable = spec.has(AttributeSpec.MODIFIABLE) || type == CKA.COPYABLE
                    || spec.has(AttributeSpec.SO_SETS_TRUE);
            if (!changeable) {
                boolean same = Arrays.equals(current, next);
                if (current != null) {
                    Arrays.fill(current, (byte) 0);
                }
                if (same) {
                    continue;
                }
                throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(type) + " cannot be modified");
            }
            checkOneWay(spec, current, next, soLoggedIn);
            if (current != null) {
                Arrays.fill(current, (byte) 0);
            }
            changes.add(new StoredValue(type, next.clone(), spec.isSecret()));
        }
        return changes;
    }

    /** The schema a template selects by its class and subtype. */
    public static ObjectSchema schemaFor(ParsedTemplate template, long objectClass) {
        long subtypeAttribute = Schemas.subtypeAttribute(objectClass);
        long subtype = subtypeAttribute < 0 ? -1 : requiredUlong(template, subtypeAttribute);
        ObjectSchema schema = Schemas.of(objectClass, subtype);
        if (schema == null) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "this token does not hold " + describe(objectClass, subtype));
        }
        return schema;
    }

    /**
     * The per-attribute checks shared by every way of making an object: types the object does
     * not possess, attributes the origin forbids or requires, and the SO-only CKA_TRUSTED.
     */
    public static void checkTemplate(ObjectSchema schema, ParsedTemplate template, Origin origin, boolean so) {
        AttributeMap given = template.values();
        for (int i = 0; i < given.size(); i++) {
            long type = given.type(i);
            AttributeSpec spec = specOrFail(schema, type);
            if (spec.has(origin.forbidden)) {
                throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(type) + " is set by the token");
            }
            if (spec.has(AttributeSpec.SO_SETS_TRUE) && given.value(i)[0] != 0 && !so) {
                throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(type) + " can only be set to true by the SO");
            }
        }
        for (AttributeSpec spec : schema.specs()) {
            if (spec.has(origin.required) && !template.has(spec.type())) {
                throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, name(spec.type()) + " is required");
            }
        }
    }

    /** The template's values over the schema's defaults, in schema order. */
    public static AttributeMap withDefaults(ObjectSchema schema, ParsedTemplate template) {
        AttributeMap values = new AttributeMap(schema.specs().size() + 8);
        for (AttributeSpec spec : schema.specs()) {
            byte[] given = template.get(spec.type());
            byte[] value = given != null ? given.clone() : spec.defaultValue();
            if (value != null) {
                values.add(spec.type(), value); // a schema lists each type once
            }
        }
        return values;
    }

    private static void contributeOnCreate(ObjectSchema schema, long objectClass, AttributeMap values) {
        if (schema.possesses(CKA.LOCAL)) {
            values.put(CKA.LOCAL, FALSE.clone());
            values.put(CKA.KEY_GEN_MECHANISM, Ulong.encode(CK.UNAVAILABLE_INFORMATION));
        }
        if (schema.possesses(CKA.ALWAYS_SENSITIVE)) {
            values.put(CKA.ALWAYS_SENSITIVE, FALSE.clone());
            values.put(CKA.NEVER_EXTRACTABLE, FALSE.clone());
        }
        if (schema.possesses(CKA.MODULUS_BITS) && values.containsKey(CKA.MODULUS)) {
            values.put(CKA.MODULUS_BITS, Ulong.encode(new BigInteger(1, values.get(CKA.MODULUS)).bitLength()));
        }
        if (schema.possesses(CKA.VALUE_LEN) && values.containsKey(CKA.VALUE)) {
            values.put(CKA.VALUE_LEN, Ulong.encode(values.get(CKA.VALUE).length));
        }
        contributeCheckValue(schema, objectClass, values);
    }

    /**
     * CKA_CHECK_VALUE: computed for certificates (SHA-1 of the value) and AES and generic secret
     * keys; a supplied value must match, and an empty one suppresses it (base spec 4.10).
     */
    public static void contributeCheckValue(ObjectSchema schema, long objectClass, AttributeMap values) {
        if (!schema.possesses(CKA.CHECK_VALUE)) {
            return;
        }
        byte[] value = values.get(CKA.VALUE);
        byte[] computed = value == null || value.length == 0 ? null : checkValue(schema, value);
        byte[] supplied = values.get(CKA.CHECK_VALUE);
        if (supplied == null) {
            if (computed != null) {
                values.put(CKA.CHECK_VALUE, computed);
            }
        } else if (supplied.length != 0 && (computed == null || !MessageDigest.isEqual(supplied, computed))) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_CHECK_VALUE does not match the value");
        }
    }

    private static byte @Nullable [] checkValue(ObjectSchema schema, byte[] value) {
        try {
            byte[] full;
            if (schema == Schemas.AES) {
                if (value.length != 16 && value.length != 24 && value.length != 32) {
                    return null;
                }
                Cipher aes = SoftwareCrypto.cipher("AES/ECB/NoPadding");
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(value, "AES"));
                full = aes.doFinal(new byte[16]);
            } else {
                full = SoftwareCrypto.digest("SHA-1").digest(value);
            }
            return Arrays.copyOf(full, 3);
        } catch (GeneralSecurityException e) {
            throw Ck.fail(CKR.GENERAL_ERROR, "cannot compute CKA_CHECK_VALUE: " + e);
        }
    }

    /** Key components that may not be empty where an object has them. */
    private static final long[] NEVER_EMPTY = {CKA.MODULUS, CKA.PUBLIC_EXPONENT, CKA.PRIVATE_EXPONENT, CKA.EC_PARAMS,
        CKA.EC_POINT};

    /** Rules that tie several attributes together, and values a token of this kind can hold. */
    public static void checkConsistency(ObjectSchema schema, long objectClass, AttributeMap values) {
        if (isTrue(values, CKA.ALWAYS_AUTHENTICATE) && !isTrue(values, CKA.PRIVATE)) {
            throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "CKA_ALWAYS_AUTHENTICATE needs CKA_PRIVATE");
        }
        if (schema == Schemas.X509_CERTIFICATE && isEmpty(values, CKA.VALUE) && isEmpty(values, CKA.URL)) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "a certificate needs CKA_VALUE or CKA_URL");
        }
        if (schema == Schemas.AES) {
            int n = values.get(CKA.VALUE).length;
            if (n != 16 && n != 24 && n != 32) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "AES keys are 16, 24 or 32 bytes, not " + n);
            }
        }
        if (schema == Schemas.GENERIC_SECRET && isEmpty(values, CKA.VALUE)) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "a generic secret cannot be empty");
        }
        for (long type : NEVER_EMPTY) {
            if (schema.possesses(type) && values.containsKey(type) && values.get(type).length == 0) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, name(type) + " cannot be empty");
            }
        }
        if (schema.possesses(CKA.VALUE) && schema.spec(CKA.VALUE).isSecret() && objectClass == CKO.PRIVATE_KEY
                && isEmpty(values, CKA.VALUE)) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "a private key value cannot be empty");
        }
    }

    private static void checkOneWay(AttributeSpec spec, byte @Nullable [] current, byte[] next, boolean so) {
        boolean was = current != null && current.length == 1 && current[0] != 0;
        boolean will = next.length == 1 && next[0] != 0;
        if (spec.has(AttributeSpec.STICKY_TRUE) && was && !will) {
            throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(spec.type()) + " cannot go back to false");
        }
        if (spec.has(AttributeSpec.STICKY_FALSE) && current != null && !was && will) {
            throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(spec.type()) + " cannot go back to true");
        }
        if (spec.has(AttributeSpec.SO_SETS_TRUE) && will && !was && !so) {
            throw Ck.fail(CKR.ATTRIBUTE_READ_ONLY, name(spec.type()) + " can only be set to true by the SO");
        }
    }

    /**
     * An attribute the object does not possess: CKR_TEMPLATE_INCONSISTENT when PKCS#11 defines
     * it for other objects, CKR_ATTRIBUTE_TYPE_INVALID when it defines it nowhere (vendor types
     * included: this token supports none).
     */
    static AttributeSpec specOrFail(ObjectSchema schema, long type) {
        AttributeSpec spec = schema.spec(type);
        if (spec != null) {
            return spec;
        }
        if (CKA.nameOf(type) != null) {
            throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, name(type) + " does not belong to a " + schema.name());
        }
        throw Ck.fail(CKR.ATTRIBUTE_TYPE_INVALID, name(type));
    }

    private static NewObject newObject(ObjectSchema schema, long objectClass, AttributeMap values) {
        List<StoredValue> stored = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            AttributeSpec spec = schema.spec(values.type(i));
            stored.add(new StoredValue(values.type(i), values.value(i), spec != null && spec.isSecret()));
        }
        return new NewObject(schema, objectClass, stored, isTrue(values, CKA.TOKEN),
                isTrue(values, CKA.PRIVATE));
    }

    private static long requiredUlong(ParsedTemplate template, long type) {
        byte[] v = template.get(type);
        if (v == null) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, name(type) + " is required");
        }
        return Ulong.decode(v);
    }

    private static boolean isTrue(AttributeMap values, long type) {
        byte[] v = values.get(type);
        return v != null && v.length == 1 && v[0] != 0;
    }

    private static boolean isEmpty(AttributeMap values, long type) {
        byte[] v = values.get(type);
        return v == null || v.length == 0;
    }

    static String name(long type) {
        String n = CKA.nameOf(type);
        return n != null ? n : "CKA_0x" + Long.toHexString(type);
    }

    private static String describe(long objectClass, long subtype) {
        String c = CKO.nameOf(objectClass);
        String cls = c != null ? c : "class 0x" + Long.toHexString(objectClass);
        if (subtype == -1) {
            return cls + " objects";
        }
        String k = objectClass == CKO.CERTIFICATE ? org.p11plug.api.ck.CKC.nameOf(subtype) : CKK.nameOf(subtype);
        return cls + " of type " + (k != null ? k : "0x" + Long.toHexString(subtype));
    }
}
