package dev.rightsflow.schemas.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * Closes the DNS-rebinding window of {@link OutboundAddresses#check}: an HTTP client (Reactor Netty) built with this
 * resolver connects only to addresses this resolver looked up <em>and</em> checked, in one step, so a name that
 * resolves to a public address when the call is checked and to 127.0.0.1 a moment later is still refused. The URI
 * is not rewritten, so the {@code Host} header and TLS SNI / hostname verification keep the name.
 *
 * <p>Contract: every address a connection is about to use passes {@link OutboundAddresses#checkResolved} (also an
 * IP literal, which Netty would otherwise not resolve at all); a host (or {@code host:port}) on the allow-list is
 * accepted whatever it resolves to; a refusal fails the connection with {@link ForbiddenOutboundAddressException}.
 * The allow-list is read at each connection ({@code allowedHosts}), because it can change with the registry.
 */
public final class CheckedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final OutboundAddresses.Lookup lookup;
    private final Supplier<? extends Collection<String>> allowedHosts;

    public CheckedAddressResolverGroup(OutboundAddresses.Lookup lookup, Supplier<? extends Collection<String>> allowedHosts) {
        this.lookup = lookup;
        this.allowedHosts = allowedHosts;
    }

    /** With the JVM's resolver. */
    public static CheckedAddressResolverGroup jvm(Supplier<? extends Collection<String>> allowedHosts) {
        return new CheckedAddressResolverGroup(InetAddress::getAllByName, allowedHosts);
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return false; // even a literal goes through doResolve, so it is checked too
            }

            @Override
            protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
                try {
                    promise.setSuccess(resolveChecked(unresolved).get(0));
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
                try {
                    promise.setSuccess(resolveChecked(unresolved));
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }
        };
    }

    /** Every address the host resolves to, each checked; any refused one refuses the host. */
    List<InetSocketAddress> resolveChecked(InetSocketAddress target) throws UnknownHostException {
        String host = target.getHostString();
        Collection<String> allowed = allowedHosts.get();
        if (target.isUnresolved()) {
            return OutboundAddresses.resolveChecked(host, target.getPort(), lookup, allowed);
        }
        OutboundAddresses.checkResolved(host, target.getPort(), target, allowed);
        return List.of(target);
    }
}
