package org.p11plug.shell.internal;

import java.util.HexFormat;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p11plug.api.Attribute;
import org.p11plug.api.AttributeSet;
import org.p11plug.api.CkException;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Slot;
import org.p11plug.api.Template;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;

/**
 * Gogo commands in the {@code p11} scope. The shell is one PKCS#11 application of its own (its
 * bundle-scoped service), so what it opens and logs into does not touch other applications.
 */
@Component(
        service = P11Commands.class,
        property = {
            "osgi.command.scope=p11",
            "osgi.command.function=slots",
            "osgi.command.function=tokens",
            "osgi.command.function=objects"
        })
public final class P11Commands {
    private final CryptokiService cryptoki;

    @Activate
    public P11Commands(@Reference CryptokiService cryptoki) {
        this.cryptoki = cryptoki;
    }

    @Descriptor("list the slots and whether a token is present")
    public String slots() {
        StringBuilder out = new StringBuilder(String.format("%-8s %-8s %s%n", "SLOT", "TOKEN", "DESCRIPTION"));
        for (Slot slot : cryptoki.getSlots()) {
            String token = slot.isTokenPresent() ? "present" : "-";
            out.append(String.format("%-8d %-8s %s%n", slot.getId(), token, slot.getInfo().slotDescription()));
        }
        return out.toString();
    }

    @Descriptor("show the tokens: label, serial, state of their PINs")
    public String tokens() {
        StringBuilder out = new StringBuilder(String.format("%-8s %-32s %-16s %s%n", "SLOT", "LABEL", "SERIAL", "STATE"));
        for (Slot slot : cryptoki.getSlotsWithToken()) {
            TokenInfo info = slot.getToken().getInfo();
            out.append(String.format("%-8d %-32s %-16s %s%n", slot.getId(), info.label(), info.serialNumber(),
                    TokenStates.describe(info)));
        }
        return out.toString();
    }

    @Descriptor("list the objects a read-only session of this shell sees")
    public String objects(@Descriptor("slot id") long slotId) {
        return list(slotId, null);
    }

    /**
     * The PIN arrives as Gogo parsed it from the console line, a String beyond this class's
     * control; it is turned into an erasable {@link Pin} at once and not kept.
     */
    @Descriptor("list the objects a read-only session sees after a user login (the PIN is typed on the console)")
    public String objects(@Descriptor("slot id") long slotId, @Descriptor("user PIN") String pin) {
        return list(slotId, pin.toCharArray());
    }

    private String list(long slotId, char[] pin) {
        try (Session session = cryptoki.getSlot(slotId).getToken().openReadOnlySession()) {
            if (pin != null) {
                try (Pin p = Pin.of(pin)) {
                    session.login(UserType.USER, p);
                } finally {
                    java.util.Arrays.fill(pin, '\0');
                }
            }
            List<ObjectHandle> handles = session.findObjects(Template.empty());
            StringBuilder out = new StringBuilder(String.format("%-10s %-12s %-8s %-8s %-12s %-24s %s%n", "HANDLE",
                    "CLASS", "TOKEN", "PRIVATE", "KEY TYPE", "LABEL", "ID"));
            for (ObjectHandle h : handles) {
                AttributeSet a = session.getAttributes(h, Attribute.CLASS, Attribute.TOKEN, Attribute.PRIVATE,
                        Attribute.KEY_TYPE, Attribute.LABEL, Attribute.ID);
                out.append(String.format("%-10d %-12s %-8s %-8s %-12s %-24s %s%n", h.value(),
                        name(CKO.nameOf(a.get(Attribute.CLASS)), "CKO_"),
                        a.get(Attribute.TOKEN), a.get(Attribute.PRIVATE),
                        a.find(Attribute.KEY_TYPE).map(t -> name(CKK.nameOf(t), "CKK_")).orElse("-"),
                        a.find(Attribute.LABEL).orElse(""),
                        a.find(Attribute.ID).map(id -> HexFormat.of().formatHex(id)).orElse("")));
            }
            out.append(handles.size()).append(" objects").append(System.lineSeparator());
            return out.toString();
        } catch (CkException e) {
            return "failed: " + e.getMessage() + System.lineSeparator();
        }
    }

    private static String name(String name, String prefix) {
        if (name == null) {
            return "?";
        }
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
