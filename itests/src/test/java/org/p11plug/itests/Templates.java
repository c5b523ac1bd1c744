package org.p11plug.itests;

import org.p11plug.api.Attribute;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKO;

/** Templates the integration tests share. */
final class Templates {
    private Templates() {
    }

    static Template data(String label, boolean token) {
        return Template.of(Attribute.CLASS.of(CKO.DATA), Attribute.LABEL.of(label), Attribute.TOKEN.of(token));
    }

    static Template label(String label) {
        return Template.of(Attribute.LABEL.of(label));
    }
}
