package org.p11plug.card.pcsc.internal;

import java.util.Optional;

/** The PIV driver: a card that selects the PIV application (SP 800-73-5) is a PIV card. */
final class PivDriver implements CardDriver {
    private final ManagementKey managementKey;

    PivDriver(ManagementKey managementKey) {
        this.managementKey = managementKey;
    }

    @Override
    public String name() {
        return "PIV";
    }

    @Override
    public Optional<CardToken> open(CardSession session, String readerName) {
        PivCard card = new PivCard(session);
        if (!card.select()) {
            return Optional.empty();
        }
        return Optional.of(new PivToken(card, managementKey.copy()));
    }
}
