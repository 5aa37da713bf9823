package dev.rightsflow.schemas.security;

import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The credentials of a call that authenticates by what it carries (a processor's HMAC or bearer key, an OpenDSR
 * signature): its request, for the headers, and its raw body as {@link RawBodies} read it (empty when the call was
 * not signed). A chain's converter makes it; its authentication manager checks it and answers with the authenticated
 * caller.
 */
public final class SignedCall extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient ServerHttpRequest request;
    private final byte[] raw;

    public SignedCall(ServerHttpRequest request, byte[] raw) {
        super(List.of());
        this.request = request;
        this.raw = raw;
    }

    public ServerHttpRequest request() {
        return request;
    }

    public byte[] raw() {
        return raw;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    /** Nobody yet: the manager decides who the caller is. */
    @Override
    public Object getPrincipal() {
        return "";
    }
}
