package org.p11plug.examples.kotlin

import org.p11plug.api.Attribute
import org.p11plug.api.Cryptoki
import org.p11plug.api.Pin
import org.p11plug.api.Template
import org.p11plug.api.UserType
import org.p11plug.api.ck.CKO

/**
 * Stores a greeting as a session object and finds it again, all inside one session that `use {}`
 * closes (and with it, the object). The api's JSpecify annotations give Kotlin real non-null
 * types: nothing here needs `!!` or `?.`.
 */
fun storeAndFindGreeting(cryptoki: Cryptoki, slotId: Long, userPin: CharArray): String {
    val token = cryptoki.getSlot(slotId).token
    token.openReadWriteSession().use { session ->
        Pin.of(userPin).use { pin -> session.login(UserType.USER, pin) }
        val handle = session.createObject(
            Template.builder()
                .set(Attribute.CLASS, CKO.DATA)
                .set(Attribute.LABEL, "greeting")
                .set(Attribute.PRIVATE, true)
                .set(Attribute.VALUE, "hello from Kotlin".toByteArray())
                .build()
        )
        val found = session.findObjects(Template.of(Attribute.LABEL.of("greeting")))
        check(found == listOf(handle)) { "expected exactly the greeting, found $found" }
        return String(session.getAttribute(handle, Attribute.VALUE))
    }
}
