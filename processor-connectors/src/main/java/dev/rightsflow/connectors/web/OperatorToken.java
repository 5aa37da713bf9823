package dev.rightsflow.connectors.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.rightsflow.connectors.ProcessorConnectorsProperties;
import dev.rightsflow.schemas.security.BearerTokens;

/**
 * The operators' bearer token ({@code rightsflow.connectors.operator-token}, {@code CONNECTORS_OPERATOR_TOKEN}) that
 * {@link ConnectorsSecurity} asks for on {@code /connectors/**}. Production by default: without a token (or with the
 * published demo token) the service refuses to start, naming the setting, unless the demo is switched on
 * ({@code rightsflow.demo=true}), which uses the demo token. The token is never logged.
 */
@Component("connectorsOperatorToken")
public class OperatorToken {

    private static final Logger log = LoggerFactory.getLogger(OperatorToken.class);

    private final BearerTokens tokens;

    public OperatorToken(ProcessorConnectorsProperties properties, Environment environment) {
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
            log.warn("DEMO: the /api/v1/connectors/** operator endpoints use the published demo operator token");
        }
        this.tokens = new BearerTokens().with(configured, "connectors-operator", "OPERATOR");
    }

    public BearerTokens tokens() {
        return tokens;
    }
}
