package org.p11plug.card.soft.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "p11plug software token",
        description = "Tokens kept in a directory, encrypted at rest.")
@interface SoftTokenConfig {
    @AttributeDefinition(name = "Directory",
            description = "Where the tokens live (one folder per slot). Empty: the system property"
                    + " p11plug.soft.directory, else ~/.p11plug/soft-tokens.")
    String directory() default "";

    @AttributeDefinition(name = "Slots", description = "Number of slots, each with its own token.")
    int slots() default 1;

    @AttributeDefinition(name = "First slot id", description = "Slot id of the first slot; the others follow.")
    long firstSlotId() default 0;

    @AttributeDefinition(name = "Minimum PIN length", description = "In bytes of UTF-8.")
    int minPinLength() default 4;

    @AttributeDefinition(name = "Maximum PIN length", description = "In bytes of UTF-8.")
    int maxPinLength() default 64;

    @AttributeDefinition(name = "User PIN tries", description = "Consecutive wrong user PINs before it locks.")
    int userPinRetries() default 10;

    @AttributeDefinition(name = "SO PIN tries", description = "Consecutive wrong SO PINs before it locks.")
    int soPinRetries() default 10;

    @AttributeDefinition(name = "PIN KDF memory (KiB)", description = "Argon2id memory cost for new PINs.")
    int kdfMemoryKiB() default 19456;

    @AttributeDefinition(name = "PIN KDF passes", description = "Argon2id time cost for new PINs.")
    int kdfIterations() default 2;

    @AttributeDefinition(name = "Demo token",
            description = "Initialize the first slot's token on first run with the demo label and PINs below."
                    + " For demonstrations only: the PINs are configuration, not secrets.")
    boolean demo_enabled() default false;

    @AttributeDefinition(name = "Demo label")
    String demo_label() default "p11plug demo";

    @AttributeDefinition(name = "Demo SO PIN")
    String demo_soPin() default "87654321";

    @AttributeDefinition(name = "Demo user PIN")
    String demo_userPin() default "123456";
}
