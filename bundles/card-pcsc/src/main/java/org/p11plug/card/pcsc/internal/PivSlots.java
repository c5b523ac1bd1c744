package org.p11plug.card.pcsc.internal;

/**
 * The PIV key slots (key references) and what each may do (SP 800-78-5): their certificate
 * container, the CKA_ID that OpenSC gives their objects (so both name a key alike), and whether
 * the key signs or establishes keys.
 */
enum PivSlots {
    AUTHENTICATION(0x9A, 0x5FC105, 1, "PIV Authentication", true),
    SIGNATURE(0x9C, 0x5FC10A, 2, "Digital Signature", true),
    KEY_MANAGEMENT(0x9D, 0x5FC10B, 3, "Key Management", false),
    CARD_AUTHENTICATION(0x9E, 0x5FC101, 4, "Card Authentication", true);

    final int reference;
    final int container;
    final int id;
    final String label;
    final boolean signs;

    PivSlots(int reference, int container, int id, String label, boolean signs) {
        this.reference = reference;
        this.container = container;
        this.id = id;
        this.label = label;
        this.signs = signs;
    }

    /** A slot by reference, the retired key-management slots 82–95 included. */
    static Slot of(int reference) {
        for (PivSlots s : values()) {
            if (s.reference == reference) {
                return new Slot(s.reference, s.container, s.id, s.label, s.signs);
            }
        }
        if (reference >= 0x82 && reference <= 0x95) {
            int n = reference - 0x82;
            return new Slot(reference, 0x5FC10D + n, 5 + n, "Retired Key Management " + (n + 1), false);
        }
        throw new IllegalArgumentException("not a PIV key slot: " + Integer.toHexString(reference));
    }

    /** Every key slot, the four current ones first. */
    static int[] references() {
        int[] refs = new int[4 + 20];
        refs[0] = 0x9A;
        refs[1] = 0x9C;
        refs[2] = 0x9D;
        refs[3] = 0x9E;
        for (int i = 0; i < 20; i++) {
            refs[4 + i] = 0x82 + i;
        }
        return refs;
    }

    /** One key slot: its reference, certificate container, object id, label, and role. */
    record Slot(int reference, int container, int id, String label, boolean signs) {}
}
