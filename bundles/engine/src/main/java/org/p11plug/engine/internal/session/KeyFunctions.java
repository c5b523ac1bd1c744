package org.p11plug.engine.internal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.crypto.GenerationRequest;
import org.p11plug.engine.internal.crypto.KeyChecks;
import org.p11plug.engine.internal.crypto.KeyEncoding;
import org.p11plug.engine.internal.crypto.KeyMaterial;
import org.p11plug.engine.internal.crypto.KeyPairValues;
import org.p11plug.engine.internal.crypto.KeyUse;
import org.p11plug.engine.internal.crypto.MechanismDef;
import org.p11plug.engine.internal.crypto.Mechanisms;
import org.p11plug.engine.internal.object.FindTemplate;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.engine.internal.object.ObjectRules;
import org.p11plug.engine.internal.object.ParsedTemplate;
import org.p11plug.spi.store.StoredValue;

/**
 * Key management (base specification, "Key management functions"): C_GenerateKey,
 * C_GenerateKeyPair, C_WrapKey, C_UnwrapKey and C_DeriveKey. The mechanism makes or transforms
 * the key material; {@link ObjectRules#key} applies the template rules and the attributes the
 * token sets; the new objects are made real like any other.
 */
final class KeyFunctions {
    private final ApplicationImpl app;
    private final EngineCore core;
    private final Mechanisms mechanisms;
    private final ObjectFunctions objects;

    KeyFunctions(ApplicationImpl app, EngineCore core, Mechanisms mechanisms, ObjectFunctions objects) {
        this.app = app;
        this.core = core;
        this.mechanisms = mechanisms;
        this.objects = objects;
    }

    private MechanismDef definition(@Nullable Mechanism m) {
        if (m == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "mechanism is null");
        }
        MechanismDef def = mechanisms.get(m.type());
        if (def == null) {
            throw Ck.fail(CKR.MECHANISM_INVALID, m.name());
        }
        return def;
    }

    long generateKey(SessionImpl s, @Nullable Mechanism m, RawAttribute @Nullable [] template) {
        MechanismDef def = definition(m);
        ParsedTemplate t = ParsedTemplate.parse(template);
        try {
            if (def.secretGenerator() == null) {
                throw Ck.fail(CKR.MECHANISM_INVALID, m.name() + " does not generate secret keys");
            }
            byte[] length = t.get(CKA.VALUE_LEN);
            if (length == null) {
                throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, "CKA_VALUE_LEN is required");
            }
            long bytes = Ulong.decode(length);
            if (bytes < 1 || bytes > Integer.MAX_VALUE || !def.acceptsKeySize(def.sizeInBytes() ? bytes : 8 * bytes)) {
                throw Ck.fail(CKR.KEY_SIZE_RANGE);
            }
            ObjectRules.checkKeyTemplate(ObjectRules.Origin.GENERATE, t, CKO.SECRET_KEY, def.generatedKeyType(),
                    s.owner().soLoggedIn());
            byte[] value = def.secretGenerator().generate(m.parameter(), (int) bytes);
            ObjectRules.NewObject o = ObjectRules.key(ObjectRules.Provenance.generated(m.type()), t, CKO.SECRET_KEY,
                    def.generatedKeyType(), List.of(StoredValue.secret(CKA.VALUE, value)), s.owner().soLoggedIn(),
                    core.uniqueIds().next());
            return objects.materialize(s, o);
        } finally {
            t.erase();
        }
    }

    long[] generateKeyPair(SessionImpl s, @Nullable Mechanism m, RawAttribute @Nullable [] publicTemplate,
            RawAttribute @Nullable [] privateTemplate) {
        MechanismDef def = definition(m);
        ParsedTemplate pubT = ParsedTemplate.parse(publicTemplate);
        ParsedTemplate privT = ParsedTemplate.parse(privateTemplate);
        try {
            if (def.pairGenerator() == null) {
                throw Ck.fail(CKR.MECHANISM_INVALID, m.name() + " does not generate key pairs");
            }
            long keyType = def.generatedKeyType();
            boolean so = s.owner().soLoggedIn();
            ObjectRules.checkKeyTemplate(ObjectRules.Origin.GENERATE, pubT, CKO.PUBLIC_KEY, keyType, so);
            ObjectRules.checkKeyTemplate(ObjectRules.Origin.GENERATE, privT, CKO.PRIVATE_KEY, keyType, so);
            if (privT.bool(CKA.TOKEN, false)) {
                // a token that keeps its private keys to itself (a smart card) makes the pair on the token
                objects.checkRights(s, true, privT.bool(CKA.PRIVATE, true));
                byte[] id = privT.get(CKA.ID) != null ? privT.get(CKA.ID) : pubT.get(CKA.ID);
                byte[] label = privT.get(CKA.LABEL) != null ? privT.get(CKA.LABEL) : pubT.get(CKA.LABEL);
                java.util.Optional<org.p11plug.spi.token.TokenObject[]> made = s.token().backend().generateKeyPair(
                        new org.p11plug.spi.token.KeyPairRequest(m.type(), keyType, pubT.ulong(CKA.MODULUS_BITS, -1),
                                pubT.get(CKA.EC_PARAMS), id, label));
                if (made.isPresent()) {
                    return new long[] {s.owner().handleFor(s.token().register(made.get()[0])),
                        s.owner().handleFor(s.token().register(made.get()[1]))};
                }
            }
            GenerationRequest request = new GenerationRequest(pubT.ulong(CKA.MODULUS_BITS, -1),
                    pubT.get(CKA.PUBLIC_EXPONENT), pubT.get(CKA.EC_PARAMS));
            KeyPairValues pair = def.pairGenerator().generate(m.parameter(), request);
            ObjectRules.Provenance provenance = ObjectRules.Provenance.generated(m.type());
            ObjectRules.NewObject pub = KeyMaterial.complete(ObjectRules.key(provenance, pubT, CKO.PUBLIC_KEY, keyType,
                    pair.publicKey(), so, core.uniqueIds().next()), null);
            ObjectRules.NewObject priv = KeyMaterial.complete(ObjectRules.key(provenance, privT, CKO.PRIVATE_KEY, keyType,
                    pair.privateKey(), so, core.uniqueIds().next()), null);
            objects.checkRights(s, pub.token(), pub.isPrivate());
            objects.checkRights(s, priv.token(), priv.isPrivate());
            long hPub = objects.materialize(s, pub);
            try {
                return new long[] {hPub, objects.materialize(s, priv)};
            } catch (CkException e) {
                objects.destroy(s, hPub);
                throw e;
            }
        } finally {
            pubT.erase();
            privT.erase();
        }
    }

    Output wrapKey(SessionImpl s, @Nullable Mechanism m, long wrappingHandle, long keyHandle, long capacity) {
        MechanismDef def = definition(m);
        ObjectRecord wrappingKey = app.resolve(s, wrappingHandle, CKR.WRAPPING_KEY_HANDLE_INVALID);
        ObjectRecord key = app.resolve(s, keyHandle, CKR.KEY_HANDLE_INVALID);
        if (def.wrapper() == null) {
            throw Ck.fail(CKR.MECHANISM_INVALID, m.name() + " does not wrap");
        }
        KeyChecks.check(def, wrappingKey, KeyUse.WRAP, CKR.WRAPPING_KEY_TYPE_INCONSISTENT);
        checkWrappable(wrappingKey, key);
        byte[] encoded = KeyEncoding.encode(key);
        try {
            return Output.fit(def.wrapper().wrap(m.parameter(), wrappingKey, encoded), capacity);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /**
     * The rules for the key to wrap: a secret or private key, extractable, wrapped by a trusted
     * key if it asks for one, and matching the wrapping key's CKA_WRAP_TEMPLATE.
     */
    private static void checkWrappable(ObjectRecord wrappingKey, ObjectRecord key) {
        if (key.objectClass() != CKO.SECRET_KEY && key.objectClass() != CKO.PRIVATE_KEY) {
            throw Ck.fail(CKR.KEY_NOT_WRAPPABLE, "only secret and private keys are wrapped");
        }
        if (!key.policy().extractable()) {
            throw Ck.fail(CKR.KEY_UNEXTRACTABLE);
        }
        boolean withTrusted = key.has(CKA.WRAP_WITH_TRUSTED) && key.copyValue(CKA.WRAP_WITH_TRUSTED)[0] != 0;
        if (withTrusted && !wrappingKey.policy().trusted()) {
            throw Ck.fail(CKR.KEY_NOT_WRAPPABLE, "CKA_WRAP_WITH_TRUSTED needs a trusted wrapping key");
        }
        byte[] wrapTemplate = wrappingKey.has(CKA.WRAP_TEMPLATE) ? wrappingKey.copyValue(CKA.WRAP_TEMPLATE) : new byte[0];
        if (wrapTemplate.length > 0) {
            FindTemplate required = FindTemplate.parse(
                    org.p11plug.engine.internal.object.NestedTemplates.decode(wrapTemplate).toArray(RawAttribute[]::new));
            if (!required.matches(key)) {
                throw Ck.fail(CKR.KEY_NOT_WRAPPABLE, "the key does not match the wrapping key's CKA_WRAP_TEMPLATE");
            }
        }
    }

    long unwrapKey(SessionImpl s, @Nullable Mechanism m, long unwrappingHandle, byte @Nullable [] wrapped,
            RawAttribute @Nullable [] template) {
        MechanismDef def = definition(m);
        if (wrapped == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "wrapped key is null");
        }
        ParsedTemplate given = ParsedTemplate.parse(template);
        ObjectRecord unwrappingKey = app.resolve(s, unwrappingHandle, CKR.UNWRAPPING_KEY_HANDLE_INVALID);
        if (def.unwrapper() == null) {
            throw Ck.fail(CKR.MECHANISM_INVALID, m.name() + " does not unwrap");
        }
        KeyChecks.check(def, unwrappingKey, KeyUse.UNWRAP, CKR.UNWRAPPING_KEY_TYPE_INCONSISTENT);
        byte[] unwrapTemplate = unwrappingKey.has(CKA.UNWRAP_TEMPLATE)
                ? unwrappingKey.copyValue(CKA.UNWRAP_TEMPLATE) : new byte[0];
        ParsedTemplate t = unwrapTemplate.length > 0 ? given.over(ParsedTemplate.ofStored(unwrapTemplate)) : given;
        byte[] encoded = null;
        try {
            long objectClass = required(t, CKA.CLASS);
            long keyType = required(t, CKA.KEY_TYPE);
            if (objectClass != CKO.SECRET_KEY && objectClass != CKO.PRIVATE_KEY) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "only secret and private keys are unwrapped");
            }
            boolean so = s.owner().soLoggedIn();
            ObjectRules.checkKeyTemplate(ObjectRules.Origin.UNWRAP, t, objectClass, keyType, so);
            encoded = def.unwrapper().unwrap(m.parameter(), unwrappingKey, wrapped);
            List<StoredValue> contributed = KeyEncoding.decode(encoded, objectClass, keyType, t.ulong(CKA.VALUE_LEN, -1));
            ObjectRules.NewObject o = KeyMaterial.complete(ObjectRules.key(ObjectRules.Provenance.unwrapped(), t,
                    objectClass, keyType, contributed, so, core.uniqueIds().next()), null);
            return objects.materialize(s, o);
        } finally {
            if (encoded != null) {
                Arrays.fill(encoded, (byte) 0);
            }
            given.erase();
            t.erase();
        }
    }

    long deriveKey(SessionImpl s, @Nullable Mechanism m, long baseHandle, RawAttribute @Nullable [] template) {
        MechanismDef def = definition(m);
        ParsedTemplate t = ParsedTemplate.parse(template);
        try {
            ObjectRecord base = app.resolve(s, baseHandle, CKR.KEY_HANDLE_INVALID);
            if (def.deriver() == null) {
                throw Ck.fail(CKR.MECHANISM_INVALID, m.name() + " does not derive");
            }
            KeyChecks.check(def, base, KeyUse.DERIVE, CKR.KEY_TYPE_INCONSISTENT);
            long objectClass = t.ulong(CKA.CLASS, CKO.SECRET_KEY);
            long keyType = t.ulong(CKA.KEY_TYPE, CKK.GENERIC_SECRET);
            boolean so = s.owner().soLoggedIn();
            ObjectRules.checkKeyTemplate(ObjectRules.Origin.DERIVE, t, CKO.SECRET_KEY, keyType, so);
            if (objectClass != CKO.SECRET_KEY) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "derivation makes secret keys");
            }
            long length = t.ulong(CKA.VALUE_LEN, -1);
            if (length > 65536) {
                throw Ck.fail(CKR.KEY_SIZE_RANGE);
            }
            byte[] value = def.deriver().derive(m.parameter(), base, (int) length,
                    handle -> app.resolve(s, handle, CKR.KEY_HANDLE_INVALID));
            List<StoredValue> contributed = new ArrayList<>(List.of(StoredValue.secret(CKA.VALUE, value)));
            ObjectRules.NewObject o = ObjectRules.key(ObjectRules.Provenance.derivedFrom(base), t, CKO.SECRET_KEY,
                    keyType, contributed, so, core.uniqueIds().next());
            return objects.materialize(s, o);
        } finally {
            t.erase();
        }
    }

    private static long required(ParsedTemplate t, long type) {
        byte[] v = t.get(type);
        if (v == null) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, CKA.nameOf(type) + " is required");
        }
        return Ulong.decode(v);
    }
}
