package org.p11plug.api;

/**
 * {@code CK_INFO}, as answered by {@code C_GetInfo}. Text fields are unpadded here; the raw
 * layer's users pad them to their C widths (32 bytes) with {@link org.p11plug.api.raw.FixedText}.
 */
public record ModuleInfo(
        CkVersion cryptokiVersion,
        String manufacturerId,
        long flags,
        String libraryDescription,
        CkVersion libraryVersion) {}
