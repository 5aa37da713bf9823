package dev.rightsflow.schemas.net;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The guard for every outbound call whose target a tenant, a processor or an admin can choose (OpenDSR status
 * callbacks and results URLs, signed forwarding to controllers, connector base URLs, alert webhooks): such a
 * target must not let the server be used to reach its own network (server-side request forgery).
 *
 * <p>Contract:
 * <ol>
 *   <li>Only {@code http} and {@code https} URIs with a host are accepted.</li>
 *   <li>The host is resolved through the JVM's resolver and <em>every</em> address it resolves to is checked,
 *       so a name that points at an internal address is refused like the literal address.</li>
 *   <li>Refused address classes: loopback (127/8, ::1), unspecified / "this network" (0/8, ::), private
 *       (RFC 1918 10/8, 172.16/12, 192.168/16; RFC 6598 shared 100.64/10; RFC 4193 unique-local fc00::/7;
 *       deprecated site-local fec0::/10), link-local (169.254/16 including the cloud metadata address
 *       169.254.169.254, fe80::/10), multicast (224/4, ff00::/8) and the limited broadcast 255.255.255.255.
 *       IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry.</li>
 *   <li>A host on the allow-list is accepted whatever it resolves to. An entry is either a host
 *       ({@code 127.0.0.1}, {@code crm.internal.example}) which allows every port, or {@code host:port}
 *       ({@code 127.0.0.1:9101}) which allows that port only; comparison ignores case and IPv6 brackets.
 *       The allow-list is the registry's per-organisation {@code allowedOutboundHosts} or a service's
 *       configuration; the embedded demo allows its stand-ins on 127.0.0.1.</li>
 *   <li>A host that cannot be resolved is a transient I/O failure ({@link UncheckedIOException}), not a
 *       refusal: the call could not have been made anyway, and a retry may succeed.</li>
 * </ol>
 *
 * <p>Checking a URI right before a call leaves a window in which the name could be re-pointed (DNS rebinding):
 * the client resolves again when it connects. The clients the services use close it, each through a resolver that
 * checks every address as it hands it to the connection ({@link #resolveChecked}): the WebClients of
 * {@link GuardedWebClients} ({@link CheckedAddressResolverGroup}) and the blocking {@link CheckedHttpClient}.
 */
public final class OutboundAddresses {

    private OutboundAddresses() {
    }

    /** Name lookup: the JVM's resolver ({@code InetAddress::getAllByName}) unless a test injects another. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    /**
     * Checks {@code target} before an outbound call.
     *
     * @param target       the URI about to be called
     * @param allowedHosts hosts (or {@code host:port}) allowed even when internal; may be empty or null
     * @throws ForbiddenOutboundAddressException when the target is not an http(s) URI with a host, or resolves
     *                                           to a refused address and is not allowed
     * @throws UncheckedIOException              when the host cannot be resolved
     */
    public static void check(URI target, Collection<String> allowedHosts) {
        check(target, allowedHosts, InetAddress::getAllByName);
    }

    /** As {@link #check(URI, Collection)}, resolving through {@code lookup}. */
    public static void check(URI target, Collection<String> allowedHosts, Lookup lookup) {
        if (target == null) {
            throw new ForbiddenOutboundAddressException("", "no target URI");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        String host = hostOf(target);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ForbiddenOutboundAddressException(host, "only http and https targets are allowed");
        }
        if (host.isEmpty()) {
            throw new ForbiddenOutboundAddressException(host, "the URI has no host");
        }
        int port = effectivePort(target);
        if (isAllowed(host, port, allowedHosts)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = lookup.all(host);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("Outbound host '" + host + "' cannot be resolved", e);
        }
        for (InetAddress address : addresses) {
            refuseIfInternal(host, address);
        }
    }

    /**
     * Checks the address an HTTP client actually resolved or connected to, for use in a connect-time hook.
     *
     * @param host         the host as written in the target URI
     * @param port         the target port
     * @param resolved     the resolved socket address; anything but an {@link InetSocketAddress} with an address is
     *                     refused
     * @param allowedHosts as for {@link #check(URI, Collection)}
     */
    public static void checkResolved(String host, int port, SocketAddress resolved, Collection<String> allowedHosts) {
        String normalised = normalise(host);
        if (isAllowed(normalised, port, allowedHosts)) {
            return;
        }
        if (!(resolved instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            throw new ForbiddenOutboundAddressException(normalised, "the connection address is not a resolved IP address");
        }
        refuseIfInternal(normalised, inet.getAddress());
    }

    /**
     * Resolves {@code host} and checks every address it resolves to, in one step, for a connect-time hook (a client's
     * resolver): the addresses returned are the ones to connect to. A host on the allow-list is resolved but not
     * refused; any refused address refuses the host.
     *
     * @throws ForbiddenOutboundAddressException when an address is refused
     * @throws UnknownHostException              when the host cannot be resolved
     */
    public static List<InetSocketAddress> resolveChecked(String host, int port, Lookup lookup,
            Collection<String> allowedHosts) throws UnknownHostException {
        InetAddress[] addresses = lookup.all(host);
        List<InetSocketAddress> checked = new ArrayList<>(addresses.length);
        for (InetAddress address : addresses) {
            InetSocketAddress candidate = new InetSocketAddress(address, port);
            checkResolved(host, port, candidate, allowedHosts);
            checked.add(candidate);
        }
        if (checked.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return checked;
    }

    /**
     * Whether {@code address} is in one of the refused classes listed in the class contract.
     */
    public static boolean isInternal(InetAddress address) {
        return refusedClass(address) != null;
    }

    /**
     * Whether {@code host} on {@code port} is on the allow-list (see the class contract for the entry format).
     */
    public static boolean isAllowed(String host, int port, Collection<String> allowedHosts) {
        if (allowedHosts == null || allowedHosts.isEmpty()) {
            return false;
        }
        String normalised = normalise(host);
        for (String entry : allowedHosts) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String allowed = entry.trim().toLowerCase(Locale.ROOT);
            if (normalise(allowed).equals(normalised) || allowed.equals(hostPort(normalised, port))) {
                return true;
            }
        }
        return false;
    }

    private static void refuseIfInternal(String host, InetAddress address) {
        String refused = refusedClass(address);
        if (refused != null) {
            throw new ForbiddenOutboundAddressException(host, "it resolves to a " + refused
                    + " address, which is not allowed unless the host is on the allow-list");
        }
    }

    private static String refusedClass(InetAddress address) {
        InetAddress checked = unmapIpv4(address);
        if (checked.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (checked.isLoopbackAddress()) {
            return "loopback";
        }
        if (checked.isLinkLocalAddress()) {
            return "link-local (including cloud metadata)";
        }
        if (checked.isMulticastAddress()) {
            return "multicast";
        }
        if (checked.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = checked.getAddress();
        if (checked instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "private";
            }
            if (first == 255 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return "broadcast";
            }
        } else if (checked instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private";
            }
        }
        return null;
    }

    /** ::ffff:a.b.c.d, which the JDK usually converts itself, and the deprecated IPv4-compatible ::a.b.c.d. */
    private static InetAddress unmapIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException impossible) {
            return address;
        }
    }

    private static String hostOf(URI target) {
        return target.getHost() == null ? "" : normalise(target.getHost());
    }

    private static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static int effectivePort(URI target) {
        if (target.getPort() >= 0) {
            return target.getPort();
        }
        return "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }
}
