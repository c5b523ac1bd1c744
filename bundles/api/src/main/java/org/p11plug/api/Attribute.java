package org.p11plug.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;

/**
 * A typed attribute key: the {@code CKA_} type with the Java type of its value and the codec to
 * and from the raw layer's bytes. The common attributes are constants here; vendor or rare
 * attributes are reached with {@link #bytes(long)} or {@link #forType(long)}.
 *
 * @param <T> the Java value type
 */
public final class Attribute<T> {
    private static final Map<Long, Attribute<?>> KNOWN = new HashMap<>();

    // Declared before the constants: static initializers run in text order.
    private static final Codec<byte[]> BYTES_CODEC = new Codec<>() {
        @Override
        public RawAttribute encode(long type, byte[] value) {
            return RawAttribute.of(type, value.clone());
        }

        @Override
        public byte[] decode(RawAttribute raw) {
            return raw.bytes().clone();
        }
    };


    // Common and storage attributes
    public static final Attribute<Long> CLASS = ulong(CKA.CLASS);
    public static final Attribute<Boolean> TOKEN = bool(CKA.TOKEN);
    public static final Attribute<Boolean> PRIVATE = bool(CKA.PRIVATE);
    public static final Attribute<String> LABEL = utf8(CKA.LABEL);
    public static final Attribute<String> UNIQUE_ID = utf8(CKA.UNIQUE_ID);
    public static final Attribute<Boolean> MODIFIABLE = bool(CKA.MODIFIABLE);
    public static final Attribute<Boolean> COPYABLE = bool(CKA.COPYABLE);
    public static final Attribute<Boolean> DESTROYABLE = bool(CKA.DESTROYABLE);
    // Data objects
    public static final Attribute<String> APPLICATION = utf8(CKA.APPLICATION);
    public static final Attribute<byte[]> OBJECT_ID = bytes0(CKA.OBJECT_ID);
    public static final Attribute<byte[]> VALUE = bytes0(CKA.VALUE);
    // Certificates
    public static final Attribute<Long> CERTIFICATE_TYPE = ulong(CKA.CERTIFICATE_TYPE);
    public static final Attribute<Long> CERTIFICATE_CATEGORY = ulong(CKA.CERTIFICATE_CATEGORY);
    public static final Attribute<Boolean> TRUSTED = bool(CKA.TRUSTED);
    public static final Attribute<byte[]> CHECK_VALUE = bytes0(CKA.CHECK_VALUE);
    public static final Attribute<byte[]> ISSUER = bytes0(CKA.ISSUER);
    public static final Attribute<byte[]> SERIAL_NUMBER = bytes0(CKA.SERIAL_NUMBER);
    public static final Attribute<String> URL = utf8(CKA.URL);
    public static final Attribute<byte[]> HASH_OF_SUBJECT_PUBLIC_KEY = bytes0(CKA.HASH_OF_SUBJECT_PUBLIC_KEY);
    public static final Attribute<byte[]> HASH_OF_ISSUER_PUBLIC_KEY = bytes0(CKA.HASH_OF_ISSUER_PUBLIC_KEY);
    public static final Attribute<Long> JAVA_MIDP_SECURITY_DOMAIN = ulong(CKA.JAVA_MIDP_SECURITY_DOMAIN);
    // Keys
    public static final Attribute<Long> KEY_TYPE = ulong(CKA.KEY_TYPE);
    public static final Attribute<byte[]> SUBJECT = bytes0(CKA.SUBJECT);
    public static final Attribute<byte[]> ID = bytes0(CKA.ID);
    public static final Attribute<Boolean> SENSITIVE = bool(CKA.SENSITIVE);
    public static final Attribute<Boolean> ENCRYPT = bool(CKA.ENCRYPT);
    public static final Attribute<Boolean> DECRYPT = bool(CKA.DECRYPT);
    public static final Attribute<Boolean> WRAP = bool(CKA.WRAP);
    public static final Attribute<Boolean> UNWRAP = bool(CKA.UNWRAP);
    public static final Attribute<Boolean> SIGN = bool(CKA.SIGN);
    public static final Attribute<Boolean> SIGN_RECOVER = bool(CKA.SIGN_RECOVER);
    public static final Attribute<Boolean> VERIFY = bool(CKA.VERIFY);
    public static final Attribute<Boolean> VERIFY_RECOVER = bool(CKA.VERIFY_RECOVER);
    public static final Attribute<Boolean> DERIVE = bool(CKA.DERIVE);
    public static final Attribute<Optional<LocalDate>> START_DATE = date(CKA.START_DATE);
    public static final Attribute<Optional<LocalDate>> END_DATE = date(CKA.END_DATE);
    public static final Attribute<Boolean> EXTRACTABLE = bool(CKA.EXTRACTABLE);
    public static final Attribute<Boolean> LOCAL = bool(CKA.LOCAL);
    public static final Attribute<Boolean> NEVER_EXTRACTABLE = bool(CKA.NEVER_EXTRACTABLE);
    public static final Attribute<Boolean> ALWAYS_SENSITIVE = bool(CKA.ALWAYS_SENSITIVE);
    public static final Attribute<Long> KEY_GEN_MECHANISM = ulong(CKA.KEY_GEN_MECHANISM);
    public static final Attribute<Boolean> ALWAYS_AUTHENTICATE = bool(CKA.ALWAYS_AUTHENTICATE);
    public static final Attribute<Boolean> WRAP_WITH_TRUSTED = bool(CKA.WRAP_WITH_TRUSTED);
    public static final Attribute<Template> WRAP_TEMPLATE = template(CKA.WRAP_TEMPLATE);
    public static final Attribute<Template> UNWRAP_TEMPLATE = template(CKA.UNWRAP_TEMPLATE);
    public static final Attribute<Template> DERIVE_TEMPLATE = template(CKA.DERIVE_TEMPLATE);
    public static final Attribute<List<Long>> ALLOWED_MECHANISMS = mechanisms(CKA.ALLOWED_MECHANISMS);
    public static final Attribute<byte[]> PUBLIC_KEY_INFO = bytes0(CKA.PUBLIC_KEY_INFO);
    public static final Attribute<Long> VALUE_LEN = ulong(CKA.VALUE_LEN);
    // RSA
    public static final Attribute<BigInteger> MODULUS = bigInteger(CKA.MODULUS);
    public static final Attribute<Long> MODULUS_BITS = ulong(CKA.MODULUS_BITS);
    public static final Attribute<BigInteger> PUBLIC_EXPONENT = bigInteger(CKA.PUBLIC_EXPONENT);
    public static final Attribute<BigInteger> PRIVATE_EXPONENT = bigInteger(CKA.PRIVATE_EXPONENT);
    public static final Attribute<BigInteger> PRIME_1 = bigInteger(CKA.PRIME_1);
    public static final Attribute<BigInteger> PRIME_2 = bigInteger(CKA.PRIME_2);
    public static final Attribute<BigInteger> EXPONENT_1 = bigInteger(CKA.EXPONENT_1);
    public static final Attribute<BigInteger> EXPONENT_2 = bigInteger(CKA.EXPONENT_2);
    public static final Attribute<BigInteger> COEFFICIENT = bigInteger(CKA.COEFFICIENT);
    // EC, EdDSA, Montgomery
    public static final Attribute<byte[]> EC_PARAMS = bytes0(CKA.EC_PARAMS);
    public static final Attribute<byte[]> EC_POINT = bytes0(CKA.EC_POINT);

    private final long type;
    private final String name;
    private final AttributeKind kind;
    private final Codec<T> codec;

    private Attribute(long type, AttributeKind kind, Codec<T> codec) {
        this.type = type;
        String n = CKA.nameOf(type);
        this.name = n != null ? n : "CKA_0x" + Long.toHexString(type);
        this.kind = kind;
        this.codec = codec;
    }

    /** An attribute whose value is taken as plain bytes, whatever its specified type (vendor attributes). */
    public static Attribute<byte[]> bytes(long type) {
        return new Attribute<>(type, AttributeKind.BYTES, BYTES_CODEC);
    }

    /** @return the typed key for a known type, else a bytes key */
    public static Attribute<?> forType(long type) {
        Attribute<?> known = KNOWN.get(type);
        return known != null ? known : bytes(type);
    }

    public long type() {
        return type;
    }

    public String name() {
        return name;
    }

    public AttributeKind kind() {
        return kind;
    }

    /** Pairs this key with a value, for a {@link Template}. */
    public AttributeValue<T> of(T value) {
        return new AttributeValue<>(this, value);
    }

    public RawAttribute encode(T value) {
        return codec.encode(type, value);
    }

    /** @throws IllegalArgumentException when the raw value does not fit this attribute's type */
    public T decode(RawAttribute raw) {
        return codec.decode(raw);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attribute<?> a && a.type == type;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(type);
    }

    @Override
    public String toString() {
        return name;
    }

    private interface Codec<T> {
        RawAttribute encode(long type, T value);

        T decode(RawAttribute raw);
    }

    private static <T> Attribute<T> register(long type, AttributeKind kind, Codec<T> codec) {
        Attribute<T> a = new Attribute<>(type, kind, codec);
        KNOWN.put(type, a);
        return a;
    }

    private static Attribute<byte[]> bytes0(long type) {
        return register(type, AttributeKind.BYTES, BYTES_CODEC);
    }

    private static Attribute<Boolean> bool(long type) {
        return register(type, AttributeKind.BOOLEAN, new Codec<>() {
            @Override
            public RawAttribute encode(long t, Boolean value) {
                return RawAttribute.ofBoolean(t, value);
            }

            @Override
            public Boolean decode(RawAttribute raw) {
                byte[] b = raw.bytes();
                if (b.length != 1) {
                    throw new IllegalArgumentException("CK_BBOOL of " + b.length + " bytes");
                }
                return b[0] != 0;
            }
        });
    }

    private static Attribute<Long> ulong(long type) {
        return register(type, AttributeKind.ULONG, new Codec<>() {
            @Override
            public RawAttribute encode(long t, Long value) {
                return RawAttribute.ofLong(t, value);
            }

            @Override
            public Long decode(RawAttribute raw) {
                return Ulong.decode(raw.bytes());
            }
        });
    }

    private static Attribute<String> utf8(long type) {
        return register(type, AttributeKind.UTF8, new Codec<>() {
            @Override
            public RawAttribute encode(long t, String value) {
                return RawAttribute.ofUtf8(t, value);
            }

            @Override
            public String decode(RawAttribute raw) {
                return new String(raw.bytes(), StandardCharsets.UTF_8);
            }
        });
    }

    private static Attribute<BigInteger> bigInteger(long type) {
        return register(type, AttributeKind.BIG_INTEGER, new Codec<>() {
            @Override
            public RawAttribute encode(long t, BigInteger value) {
                if (value.signum() < 0) {
                    throw new IllegalArgumentException("PKCS#11 big integers are unsigned");
                }
                byte[] b = value.toByteArray();
                if (b.length > 1 && b[0] == 0) {
                    b = Arrays.copyOfRange(b, 1, b.length);
                }
                return RawAttribute.of(t, b);
            }

            @Override
            public BigInteger decode(RawAttribute raw) {
                return new BigInteger(1, raw.bytes());
            }
        });
    }

    private static Attribute<Optional<LocalDate>> date(long type) {
        DateTimeFormatter format = DateTimeFormatter.BASIC_ISO_DATE;
        return register(type, AttributeKind.DATE, new Codec<>() {
            @Override
            public RawAttribute encode(long t, Optional<LocalDate> value) {
                return RawAttribute.of(t, value.map(d -> d.format(format).getBytes(StandardCharsets.US_ASCII))
                        .orElse(new byte[0]));
            }

            @Override
            public Optional<LocalDate> decode(RawAttribute raw) {
                byte[] b = raw.bytes();
                if (b.length == 0) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(LocalDate.parse(new String(b, StandardCharsets.US_ASCII), format));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not a CK_DATE: " + Arrays.toString(b), e);
                }
            }
        });
    }

    private static Attribute<List<Long>> mechanisms(long type) {
        return register(type, AttributeKind.MECHANISM_ARRAY, new Codec<>() {
            @Override
            public RawAttribute encode(long t, List<Long> value) {
                return RawAttribute.of(t, Ulong.encodeArray(value.stream().mapToLong(Long::longValue).toArray()));
            }

            @Override
            public List<Long> decode(RawAttribute raw) {
                List<Long> out = new ArrayList<>();
                for (long m : Ulong.decodeArray(raw.bytes())) {
                    out.add(m);
                }
                return List.copyOf(out);
            }
        });
    }

    private static Attribute<Template> template(long type) {
        return register(type, AttributeKind.TEMPLATE, new Codec<>() {
            @Override
            public RawAttribute encode(long t, Template value) {
                return RawAttribute.ofTemplate(t, List.of(value.toRaw()));
            }

            @Override
            public Template decode(RawAttribute raw) {
                List<RawAttribute> nested = raw.template();
                if (nested == null) {
                    throw new IllegalArgumentException(raw + " carries no template");
                }
                return Template.fromRaw(nested);
            }
        });
    }
}
