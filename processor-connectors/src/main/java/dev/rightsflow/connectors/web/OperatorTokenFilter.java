package dev.rightsflow.connectors.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.rightsflow.connectors.ProcessorConnectorsProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' endpoints under {@code /connectors/**} (dead letters and retry, task views,
 * connector catalogue and validation, rebuild) need {@code Authorization: Bearer <operator token>}
 * ({@code rightsflow.connectors.operator-token}); anything else is answered 401 with an RFC 9457
 * problem and a {@code WWW-Authenticate: Bearer} challenge before any handler runs.
 *
 * <p>Scoped to this module's paths only, so the other services in the standalone keep their own
 * rules. Two paths under the prefix are not for operators and keep their own checks instead: the
 * OpenDSR status callbacks ({@code /connectors/callbacks/**}, verified by the processor's
 * signature) and the subject's package download ({@code /connectors/packages/**}, verified by the
 * status token). The token is compared in constant time and never logged. Production by default: without a
 * token (or with the published demo token) the service refuses to start, naming the setting, unless the demo is
 * switched on ({@code rightsflow.demo=true}), which uses the demo token.
 */
@Component("connectorsOperatorTokenFilter")
public class OperatorTokenFilter implements WebFilter, Ordered {

    static final String PREFIX = "/connectors/";
    private static final String[] OPEN = {"/connectors/callbacks/", "/connectors/packages/"};
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(OperatorTokenFilter.class);

    private final byte[] token;

    public OperatorTokenFilter(ProcessorConnectorsProperties properties, Environment environment) {
        boolean demo = environment.getProperty("rightsflow.demo", Boolean.class, false);
        String configured = properties.operatorToken() == null ? "" : properties.operatorToken().trim();
        if (configured.isEmpty() && demo) {
            configured = ProcessorConnectorsProperties.DEMO_OPERATOR_TOKEN;
        }
        if (configured.isEmpty()) {
            throw new IllegalStateException("processor-connectors cannot start: the operator token is not set. Set"
                    + " rightsflow.connectors.operator-token (environment CONNECTORS_OPERATOR_TOKEN) to a random secret"
                    + " (e.g. openssl rand -base64 32), or switch the demo on with RIGHTSFLOW_DEMO=true (demo only)");
        }
        if (configured.equals(ProcessorConnectorsProperties.DEMO_OPERATOR_TOKEN)) {
            if (!demo) {
                throw new IllegalStateException("processor-connectors cannot start: rightsflow.connectors.operator-token"
                        + " (CONNECTORS_OPERATOR_TOKEN) is the published demo token; set a secret of your own, or switch"
                        + " the demo on with RIGHTSFLOW_DEMO=true (demo only)");
            }
            log.warn("DEMO: the /connectors/** operator endpoints use the published demo operator token");
        }
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    /** Before Spring Security's chains ({@code -100}), which do not match these paths anyway. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!protectedPath(path) || authorised(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            return chain.filter(exchange);
        }
        return refuse(exchange.getResponse(), path);
    }

    static boolean protectedPath(String path) {
        if (!path.equals("/connectors") && !path.startsWith(PREFIX)) {
            return false;
        }
        for (String open : OPEN) {
            if (path.startsWith(open)) {
                return false;
            }
        }
        return true;
    }

    private boolean authorised(String authorization) {
        if (token.length == 0 || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static Mono<Void> refuse(ServerHttpResponse response, String path) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Operator token required");
        problem.put("status", HttpStatus.UNAUTHORIZED.value());
        problem.put("detail", "send the connectors operator token as 'Authorization: Bearer <token>'");
        problem.put("instance", path);
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rightsflow-connectors\"");
        DataBuffer body = response.bufferFactory().wrap(JSON.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }
}
