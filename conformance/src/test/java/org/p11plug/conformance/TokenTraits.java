package org.p11plug.conformance;

/**
 * What a backend's token allows, for the tests that depend on it: PIN rules and retry counts,
 * the kinds of token objects it can hold, whether C_InitToken works, and whether C_Login checks
 * the SO PIN at once (a PIV card's PUK is checked only when used).
 */
record TokenTraits(int minPinLength, int maxPinLength, int userPinRetries, int soPinRetries,
        boolean tokenDataObjects, boolean tokenSecretKeys, boolean initToken, boolean soPinCheckedAtLogin) {}
