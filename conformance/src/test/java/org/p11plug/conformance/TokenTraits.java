package org.p11plug.conformance;

/**
 * What a backend's token allows, for the tests that depend on it: PIN rules and retry counts,
 * and the kinds of token objects it can hold.
 */
record TokenTraits(int minPinLength, int maxPinLength, int userPinRetries, int soPinRetries,
        boolean tokenDataObjects, boolean tokenSecretKeys) {}
