package org.p11plug.spi.token;

import org.osgi.annotation.versioning.ConsumerType;
import org.p11plug.api.UserType;

/**
 * One application's successful login to a token. The token stays unlocked for that user type
 * while any ticket is open; {@link #close()} is that application's logout.
 */
@ConsumerType
public interface LoginTicket extends AutoCloseable {
    UserType userType();

    @Override
    void close();
}
