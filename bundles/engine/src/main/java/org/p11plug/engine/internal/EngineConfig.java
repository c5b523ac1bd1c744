package org.p11plug.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "p11plug engine",
        description = "The PKCS#11 facade. Its store reference binds the highest ranked session-object store;"
                + " a target filter pins one kind.")
@interface EngineConfig {
    @AttributeDefinition(
            name = "Session-object store",
            description = "LDAP filter on the store services, for example (store.kind=heap). The default takes any"
                    + " store, highest service.ranking first.")
    String store_target() default "(store.kind=*)";
}
