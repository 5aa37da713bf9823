package dev.rightsflow.schemas.net;

/**
 * An outbound call was refused because its target resolves to an address a server must not reach on a
 * caller's say-so (loopback, private, link-local or cloud-metadata, unspecified, multicast) and the host is
 * not on the allow-list that applies to the call.
 *
 * <p>Not retryable: the same target will be refused again until the registry or configuration allows it.
 * The message names the host, the port and the refused address class, never a path or query (which may
 * carry personal data).
 */
public class ForbiddenOutboundAddressException extends RuntimeException {

    private final String host;

    /**
     * @param host   the target host as written in the URI
     * @param reason why it was refused
     */
    public ForbiddenOutboundAddressException(String host, String reason) {
        super("Outbound call to host '" + host + "' refused: " + reason);
        this.host = host;
    }

    /** The target host as written in the URI. */
    public String host() {
        return host;
    }
}
