package org.p11plug.card.pcsc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "p11plug PC/SC backend", description = "Smart cards in PC/SC readers, one slot per reader.")
@interface PcscConfig {
    @AttributeDefinition(name = "First slot id", description = "Slot ids of readers count from here, distinct from other backends' slots.")
    long slot_base() default 100;

    @AttributeDefinition(name = "Event wait slice (ms)", description = "How long one wait for PC/SC events lasts; stopping takes at most this long.")
    long wait_slice_millis() default 500;

    @AttributeDefinition(name = "PIV management key algorithm", description = "3des, aes128, aes192 or aes256.")
    String management_key_algorithm() default "3des";

    @AttributeDefinition(name = "PIV management key", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "In hex; for key generation and certificate writes. The default is the well-known PIV default key:"
                    + " set the card's own.")
    String management_key() default ManagementKey.DEFAULT_HEX;
}
