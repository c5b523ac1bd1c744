package org.p11plug.api;

/**
 * A {@code CK_OBJECT_HANDLE}, valid in the sessions of the application that obtained it for as
 * long as the object exists and stays visible (a logout invalidates handles to private objects
 * for good). Never 0 ({@code CK_INVALID_HANDLE}).
 */
public record ObjectHandle(long value) {
    @Override
    public String toString() {
        return "ObjectHandle[" + value + "]";
    }
}
