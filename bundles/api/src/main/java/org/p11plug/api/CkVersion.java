package org.p11plug.api;

/** A {@code CK_VERSION}: major and minor numbers, each one byte in C. */
public record CkVersion(int major, int minor) {
    public CkVersion {
        if (major < 0 || major > 255 || minor < 0 || minor > 255) {
            throw new IllegalArgumentException("CK_VERSION bytes out of range: " + major + "." + minor);
        }
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
