package org.p11plug.rpc.internal;

import org.jspecify.annotations.Nullable;

/**
 * The call table of p11-kit's RPC protocol version 0 (p11-kit 0.24.1 {@code rpc-message.h}):
 * the position is the call id on the wire, the two strings are the request and response
 * signatures that the receiver checks. The order must never change.
 */
enum RpcCall {
    ERROR("", "u"),
    C_INITIALIZE("ayyay", ""),
    C_FINALIZE("", ""),
    C_GET_INFO("", "vsusv"),
    C_GET_SLOT_LIST("yfu", "au"),
    C_GET_SLOT_INFO("u", "ssuvv"),
    C_GET_TOKEN_INFO("u", "ssssuuuuuuuuuuuvvs"),
    C_GET_MECHANISM_LIST("ufu", "au"),
    C_GET_MECHANISM_INFO("uu", "uuu"),
    C_INIT_TOKEN("uayz", ""),
    C_OPEN_SESSION("uu", "u"),
    C_CLOSE_SESSION("u", ""),
    C_CLOSE_ALL_SESSIONS("u", ""),
    C_GET_SESSION_INFO("u", "uuuu"),
    C_INIT_PIN("uay", ""),
    C_SET_PIN("uayay", ""),
    C_GET_OPERATION_STATE("ufy", "ay"),
    C_SET_OPERATION_STATE("uayuu", ""),
    C_LOGIN("uuay", ""),
    C_LOGOUT("u", ""),
    C_CREATE_OBJECT("uaA", "u"),
    C_COPY_OBJECT("uuaA", "u"),
    C_DESTROY_OBJECT("uu", ""),
    C_GET_OBJECT_SIZE("uu", "u"),
    C_GET_ATTRIBUTE_VALUE("uufA", "aAu"),
    C_SET_ATTRIBUTE_VALUE("uuaA", ""),
    C_FIND_OBJECTS_INIT("uaA", ""),
    C_FIND_OBJECTS("ufu", "au"),
    C_FIND_OBJECTS_FINAL("u", ""),
    C_ENCRYPT_INIT("uMu", ""),
    C_ENCRYPT("uayfy", "ay"),
    C_ENCRYPT_UPDATE("uayfy", "ay"),
    C_ENCRYPT_FINAL("ufy", "ay"),
    C_DECRYPT_INIT("uMu", ""),
    C_DECRYPT("uayfy", "ay"),
    C_DECRYPT_UPDATE("uayfy", "ay"),
    C_DECRYPT_FINAL("ufy", "ay"),
    C_DIGEST_INIT("uM", ""),
    C_DIGEST("uayfy", "ay"),
    C_DIGEST_UPDATE("uay", ""),
    C_DIGEST_KEY("uu", ""),
    C_DIGEST_FINAL("ufy", "ay"),
    C_SIGN_INIT("uMu", ""),
    C_SIGN("uayfy", "ay"),
    C_SIGN_UPDATE("uay", ""),
    C_SIGN_FINAL("ufy", "ay"),
    C_SIGN_RECOVER_INIT("uMu", ""),
    C_SIGN_RECOVER("uayfy", "ay"),
    C_VERIFY_INIT("uMu", ""),
    C_VERIFY("uayay", ""),
    C_VERIFY_UPDATE("uay", ""),
    C_VERIFY_FINAL("uay", ""),
    C_VERIFY_RECOVER_INIT("uMu", ""),
    C_VERIFY_RECOVER("uayfy", "ay"),
    C_DIGEST_ENCRYPT_UPDATE("uayfy", "ay"),
    C_DECRYPT_DIGEST_UPDATE("uayfy", "ay"),
    C_SIGN_ENCRYPT_UPDATE("uayfy", "ay"),
    C_DECRYPT_VERIFY_UPDATE("uayfy", "ay"),
    C_GENERATE_KEY("uMaA", "u"),
    C_GENERATE_KEY_PAIR("uMaAaA", "uu"),
    C_WRAP_KEY("uMuufy", "ay"),
    C_UNWRAP_KEY("uMuayaA", "u"),
    C_DERIVE_KEY("uMuaA", "u"),
    C_SEED_RANDOM("uay", ""),
    C_GENERATE_RANDOM("ufy", "ay"),
    C_WAIT_FOR_SLOT_EVENT("u", "u");

    private static final RpcCall[] BY_ID = values();

    final String request;
    final String response;

    RpcCall(String request, String response) {
        this.request = request;
        this.response = response;
    }

    int id() {
        return ordinal();
    }

    /** @return the call with this id, or null for ids of newer protocol versions (66 and up) */
    static @Nullable RpcCall byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
