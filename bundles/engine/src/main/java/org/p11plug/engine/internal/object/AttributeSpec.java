package org.p11plug.engine.internal.object;

import org.jspecify.annotations.Nullable;
import org.p11plug.api.AttributeKind;

/**
 * How one attribute behaves on one kind of object: the footnotes of the PKCS#11 attribute tables
 * (base specification, "Common footnotes for object attribute tables") as flags, plus the
 * default value the token supplies when a template leaves the attribute out.
 */
public final class AttributeSpec {
    /** ^1: must be specified when created with C_CreateObject. */
    public static final int REQUIRED_ON_CREATE = 1;
    /** ^2: must not be specified when created with C_CreateObject. */
    public static final int FORBIDDEN_ON_CREATE = 1 << 1;
    /** ^3: must be specified when generated. */
    public static final int REQUIRED_ON_GENERATE = 1 << 2;
    /** ^4: must not be specified when generated. */
    public static final int FORBIDDEN_ON_GENERATE = 1 << 3;
    /** ^5: must be specified when unwrapped. */
    public static final int REQUIRED_ON_UNWRAP = 1 << 4;
    /** ^6: must not be specified when unwrapped. */
    public static final int FORBIDDEN_ON_UNWRAP = 1 << 5;
    /** ^7: cannot be revealed while CKA_SENSITIVE is true or CKA_EXTRACTABLE false; key material. */
    public static final int SENSITIVE = 1 << 6;
    /** ^8: may be modified with C_SetAttributeValue and C_CopyObject. */
    public static final int MODIFIABLE = 1 << 7;
    /** ^10: only the SO may set it to true. */
    public static final int SO_SETS_TRUE = 1 << 8;
    /** ^11: cannot be changed once true. */
    public static final int STICKY_TRUE = 1 << 9;
    /** ^12: cannot be changed once false. */
    public static final int STICKY_FALSE = 1 << 10;
    /** CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE, CKA_DESTROYABLE: changeable only while copying. */
    public static final int COPY_MODIFIABLE = 1 << 11;
    /** Computed by the token (CKA_UNIQUE_ID, CKA_LOCAL, ...): never taken from a template. */
    public static final int TOKEN_SET = FORBIDDEN_ON_CREATE | FORBIDDEN_ON_GENERATE | FORBIDDEN_ON_UNWRAP;

    private final long type;
    private final int flags;
    private final byte @Nullable [] defaultValue;

    AttributeSpec(long type, int flags, byte @Nullable [] defaultValue) {
        this.type = type;
        this.flags = flags;
        this.defaultValue = defaultValue;
    }

    public long type() {
        return type;
    }

    public AttributeKind kind() {
        return AttributeKind.of(type);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** @return a fresh copy of the default, or null when the attribute has none */
    public byte @Nullable [] defaultValue() {
        return defaultValue == null ? null : defaultValue.clone();
    }

    /** Key material: held as a secret by stores, hidden by CKA_SENSITIVE / CKA_EXTRACTABLE. */
    public boolean isSecret() {
        return has(SENSITIVE);
    }
}
