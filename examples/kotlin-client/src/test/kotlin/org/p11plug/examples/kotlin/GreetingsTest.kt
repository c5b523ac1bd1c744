package org.p11plug.examples.kotlin

import java.nio.file.Path
import org.hamcrest.MatcherAssert.assertThat
import org.hamcrest.Matchers.empty
import org.hamcrest.Matchers.equalTo
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.p11plug.api.Attribute
import org.p11plug.api.Template
import org.p11plug.card.soft.internal.SoftTokenBackend
import org.p11plug.card.soft.internal.SoftTokenSettings
import org.p11plug.engine.StandaloneEngine
import org.p11plug.store.heap.internal.HeapSessionObjectStore

class GreetingsTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `the greeting is stored, found, and gone with its session`() {
        SoftTokenBackend(SoftTokenSettings.defaults(dir).withCheapKdf()).use { backend ->
            backend.initializeIfNew(0, "kotlin", "so-pin-1".toByteArray(), "1234".toByteArray())
            StandaloneEngine().bindStore(HeapSessionObjectStore()).addBackend(backend).use { engine ->
                val cryptoki = engine.service("kotlin example")

                assertThat(storeAndFindGreeting(cryptoki, 0, "1234".toCharArray()), equalTo("hello from Kotlin"))

                cryptoki.getSlot(0).token.openReadOnlySession().use { session ->
                    assertThat(session.findObjects(Template.of(Attribute.LABEL.of("greeting"))), empty())
                }
            }
        }
    }
}
