package org.leadroutes.crm;

/**
 * The folder (or file name part) under the state directory that keeps what is known about one CRM: the
 * import's ledgers and the export's last-success mark are kept per CRM, so one CRM's state says nothing about
 * another's.
 */
public final class CrmFolder {

    private CrmFolder() {
    }

    /**
     * A CRM's folder name: its URL (or an organisation id) without scheme and trailing slashes, anything but
     * letters, digits, dots and dashes as {@code _}; {@code crm} when nothing is left.
     */
    public static String name(String crmUrl) {
        String crm = crmUrl.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceAll("/+$", "")
                .replaceAll("[^A-Za-z0-9.-]+", "_");
        return crm.isEmpty() ? "crm" : crm;
    }
}
