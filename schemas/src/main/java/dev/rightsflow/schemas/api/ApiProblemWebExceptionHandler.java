package dev.rightsflow.schemas.api;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * The last word on an API exception no controller advice saw (a 404 from the static resources, a filter's
 * {@link ResponseStatusException}): the status it carries, as a {@link Problem}. Ordered before Spring Boot's
 * error handler, which still renders pages' errors (a browser asking for HTML) and anything after the response
 * was committed.
 */
@Order(-2)
public class ApiProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted() || ApiProblemAdvice.page(exchange.getRequest())) {
            return Mono.error(ex);
        }
        if (ex instanceof ResponseStatusException status && status.getStatusCode().value() < 500) {
            ProblemType type = ProblemType.of(status.getStatusCode().value());
            exchange.getResponse().getHeaders().addAll(status.getHeaders());
            String detail = status.getReason() == null ? type.title() : status.getReason();
            return Problems.write(exchange, new Problem(type.uri(), type.title(), status.getStatusCode().value(),
                    detail, Problems.instance(exchange.getRequest()), null, null));
        }
        return Mono.error(ex);
    }
}
