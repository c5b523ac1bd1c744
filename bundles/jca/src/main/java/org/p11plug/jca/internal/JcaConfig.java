package org.p11plug.jca.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "p11plug JCA provider",
        description = "Registers p11plug as a java.security.Provider service while its token is present.")
@interface JcaConfig {
    @AttributeDefinition(name = "Slot", description = "The slot whose token the provider serves; -1: the first slot with a token.")
    long slot() default -1;

    @AttributeDefinition(name = "Sessions", description = "Sessions the provider's objects share.")
    int sessions() default 8;

    @AttributeDefinition(name = "Add to java.security.Security",
            description = "Also make the provider visible to Security.getProvider and to algorithm lookups without a provider.")
    boolean security_register() default false;

    @AttributeDefinition(name = "Position in java.security.Security",
            description = "1 is the most preferred; 0 or less: after every other provider (the JDK keeps its own keys).")
    int security_position() default 0;
}
