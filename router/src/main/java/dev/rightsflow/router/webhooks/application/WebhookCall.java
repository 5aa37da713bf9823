package dev.rightsflow.router.webhooks.application;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One signed POST of a webhook message, through the outbound address guard. */
@FunctionalInterface
public interface WebhookCall {

    /**
     * @param allowedHosts internal hosts the organisation allows ({@code allowedOutboundHosts})
     * @return the receiver's status, or why there was none
     */
    Result post(String url, Map<String, String> headers, String body, List<String> allowedHosts, Duration timeout);

    /**
     * @param statusCode the receiver's HTTP status; null when it did not answer
     * @param error      why it failed, in words; null on a 2xx
     * @param refused    the address may not be called at all (internal and not allowed): no retry
     */
    record Result(Integer statusCode, String error, boolean refused) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }
}
